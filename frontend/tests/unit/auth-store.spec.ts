import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getMe } from '@/api/me'
import { renewDelayMs, useAuthStore } from '@/stores/auth'
import { json, problem, sampleUser, scriptedFetch, tokens } from './helpers'

function stubFetch(...answers: Parameters<typeof scriptedFetch>) {
  const fake = scriptedFetch(...answers)
  vi.stubGlobal('fetch', fake.fn)
  return fake
}

describe('auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
    sessionStorage.clear()
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it('logs in, keeping the access token in memory only', async () => {
    const fake = stubFetch(json(200, tokens('secret-access-token')))
    const auth = useAuthStore()
    const user = await auth.login({ email: 'li@example.test', password: 'pw-123456' })
    expect(user.role).toBe('applicant')
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.accessToken).toBe('secret-access-token')
    expect(fake.seen[0]?.url).toMatch(/\/api\/v1\/auth\/login$/)
    const stored = JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie
    expect(stored).not.toContain('secret-access-token')
    expect(localStorage.getItem('juxian.session')).toBe('1')
  })

  it('restores the session after a reload through POST /auth/refresh', async () => {
    localStorage.setItem('juxian.session', '1')
    const fake = stubFetch(json(200, tokens('from-cookie')))
    const auth = useAuthStore()
    await auth.restore()
    expect(auth.isAuthenticated).toBe(true)
    expect(auth.user?.email).toBe(sampleUser.email)
    expect(fake.seen[0]?.method).toBe('POST')
    expect(fake.seen[0]?.url).toMatch(/\/api\/v1\/auth\/refresh$/)
    expect(fake.seen[0]?.headers.get('X-Requested-With')).toBe('XMLHttpRequest')
  })

  it('does not call the server on a first visit (no session hint)', async () => {
    const fake = stubFetch()
    const auth = useAuthStore()
    await auth.restore()
    expect(auth.restored).toBe(true)
    expect(auth.isAuthenticated).toBe(false)
    expect(fake.seen).toHaveLength(0)
  })

  it('stays logged out when the refresh cookie is gone, drops the hint, and restores only once', async () => {
    localStorage.setItem('juxian.session', '1')
    const fake = stubFetch(problem(401, 'unauthorized'))
    const auth = useAuthStore()
    await Promise.all([auth.restore(), auth.restore()])
    await auth.restore()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.restored).toBe(true)
    expect(auth.expired).toBe(false)
    expect(fake.seen).toHaveLength(1)
    expect(localStorage.getItem('juxian.session')).toBeNull()
  })

  it('shares one refresh between parallel 401s', async () => {
    const fake = stubFetch(
      json(200, tokens('old')),
      problem(401, 'unauthorized'),
      problem(401, 'unauthorized'),
      json(200, tokens('new')),
      json(200, sampleUser),
      json(200, sampleUser),
    )
    const auth = useAuthStore()
    await auth.login({ email: 'li@example.test', password: 'pw-123456' })
    const [a, b] = await Promise.all([getMe(), getMe()])
    expect(a.id).toBe('u1')
    expect(b.id).toBe('u1')
    const refreshes = fake.seen.filter((r) => r.url.endsWith('/auth/refresh'))
    expect(refreshes).toHaveLength(1)
    expect(fake.seen.slice(-2).map((r) => r.headers.get('Authorization'))).toEqual(['Bearer new', 'Bearer new'])
  })

  it('marks the session expired when a refresh is refused while logged in', async () => {
    stubFetch(json(200, tokens('old')), problem(401, 'unauthorized'), problem(401, 'unauthorized'))
    const auth = useAuthStore()
    await auth.login({ email: 'li@example.test', password: 'pw-123456' })
    await expect(getMe()).rejects.toMatchObject({ code: 'unauthorized' })
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.expired).toBe(true)
  })

  it('renews the token shortly before it expires', async () => {
    vi.useFakeTimers()
    const fake = stubFetch(json(200, tokens('first', 900)), json(200, tokens('second', 900)))
    const auth = useAuthStore()
    await auth.login({ email: 'li@example.test', password: 'pw-123456' })
    await vi.advanceTimersByTimeAsync(839_000)
    expect(fake.seen).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2_000)
    expect(fake.seen).toHaveLength(2)
    expect(auth.accessToken).toBe('second')
  })

  it('logs out on the server and forgets the session, even if the server cannot be reached', async () => {
    const fake = stubFetch(json(200, tokens('t')), () => Promise.reject(new TypeError('offline')))
    const auth = useAuthStore()
    await auth.login({ email: 'li@example.test', password: 'pw-123456' })
    await auth.logout()
    expect(fake.seen[1]?.url).toMatch(/\/api\/v1\/auth\/logout$/)
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.accessToken).toBeNull()
  })
})

describe('renewDelayMs', () => {
  it('renews a minute early, but never before half the lifetime', () => {
    expect(renewDelayMs(900)).toBe(840_000)
    expect(renewDelayMs(60)).toBe(30_000)
    expect(renewDelayMs(0)).toBe(0)
  })
})
