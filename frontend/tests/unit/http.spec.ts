import { describe, expect, it, vi } from 'vitest'
import { call, createApi, fileNameFrom, type SessionBridge } from '@/api/http'
import { ApiError } from '@/api/problem'
import { json, problem, sampleUser, scriptedFetch, tokens } from './helpers'

const ORIGIN = 'http://portal.test'

function session(initial: string | null, refreshTo: string | null): SessionBridge & { token: string | null; lost: number } {
  const s = {
    token: initial,
    lost: 0,
    accessToken: () => s.token,
    refresh: vi.fn(async () => {
      s.token = refreshTo
      return refreshTo !== null
    }),
    onSessionLost: () => {
      s.lost += 1
    },
  }
  return s
}

describe('typed API client', () => {
  it('returns the data of a successful call and sends the bearer token', async () => {
    const fetch = scriptedFetch(json(200, sampleUser))
    const api = createApi(session('tok-1', null), { origin: ORIGIN, fetch: fetch.fn })
    const user = await call(api.GET('/api/v1/me'))
    expect(user.email).toBe('li@example.test')
    expect(fetch.seen[0]?.url).toBe(`${ORIGIN}/api/v1/me`)
    expect(fetch.seen[0]?.headers.get('Authorization')).toBe('Bearer tok-1')
    expect(fetch.seen[0]?.headers.get('X-Requested-With')).toBe('XMLHttpRequest')
  })

  it('throws an ApiError carrying the problem+json fields', async () => {
    const fetch = scriptedFetch(
      problem(400, 'validation_failed', { errors: [{ field: 'email', code: 'invalid_email', message: 'bad' }] }),
    )
    const api = createApi(session(null, null), { origin: ORIGIN, fetch: fetch.fn })
    const error = await call(
      api.POST('/api/v1/auth/register', { body: { email: 'x', password: 'p', display_name: 'n', role: 'applicant' } }),
    ).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('validation_failed')
    expect((error as ApiError).fieldErrors[0]).toEqual({ field: 'email', code: 'invalid_email', message: 'bad' })
  })

  it('on 401 refreshes once and replays the request, body included', async () => {
    const fetch = scriptedFetch(problem(401, 'unauthorized'), new Response(null, { status: 204 }))
    const s = session('old', 'new')
    const api = createApi(s, { origin: ORIGIN, fetch: fetch.fn })
    await call(api.POST('/api/v1/me/password', { body: { current_password: 'a', new_password: 'b-long-enough' } }))
    expect(s.refresh).toHaveBeenCalledTimes(1)
    expect(fetch.seen).toHaveLength(2)
    expect(fetch.seen[0]?.headers.get('Authorization')).toBe('Bearer old')
    expect(fetch.seen[1]?.headers.get('Authorization')).toBe('Bearer new')
    expect(JSON.parse(fetch.seen[1]?.body ?? '{}')).toEqual({ current_password: 'a', new_password: 'b-long-enough' })
  })

  it('gives up when the refresh is refused, and reports the session lost', async () => {
    const fetch = scriptedFetch(problem(401, 'unauthorized'))
    const s = session('old', null)
    const api = createApi(s, { origin: ORIGIN, fetch: fetch.fn })
    const error = await call(api.GET('/api/v1/me')).catch((e: unknown) => e)
    expect((error as ApiError).code).toBe('unauthorized')
    expect(s.lost).toBe(1)
    expect(fetch.seen).toHaveLength(1)
  })

  it('does not refresh for a 401 from an auth endpoint (wrong password is not an expired session)', async () => {
    const fetch = scriptedFetch(problem(401, 'invalid_credentials'))
    const s = session(null, 'new')
    const api = createApi(s, { origin: ORIGIN, fetch: fetch.fn })
    const error = await call(api.POST('/api/v1/auth/login', { body: { email: 'a@b.cn', password: 'x' } })).catch((e: unknown) => e)
    expect((error as ApiError).code).toBe('invalid_credentials')
    expect(s.refresh).not.toHaveBeenCalled()
  })

  it('retries at most once even if the replay is refused again', async () => {
    const fetch = scriptedFetch(problem(401, 'unauthorized'), problem(401, 'unauthorized'))
    const s = session('old', 'new')
    const api = createApi(s, { origin: ORIGIN, fetch: fetch.fn })
    await expect(call(api.GET('/api/v1/me'))).rejects.toMatchObject({ code: 'unauthorized' })
    expect(fetch.seen).toHaveLength(2)
  })

  it('turns a network failure into network_error', async () => {
    const api = createApi(session(null, null), {
      origin: ORIGIN,
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    await expect(call(api.GET('/api/v1/me'))).rejects.toMatchObject({ code: 'network_error', status: 0 })
  })

  it('serialises query parameters and path ids', async () => {
    const fetch = scriptedFetch(json(200, { items: [], total: 0, page: 2, per_page: 20 }), json(200, tokens('x').user))
    const api = createApi(session('t', null), { origin: ORIGIN, fetch: fetch.fn })
    await call(api.GET('/api/v1/users', { params: { query: { q: 'li', role: 'hr', page: 2 } } }))
    await call(api.PATCH('/api/v1/users/{id}', { params: { path: { id: 'u 1' } }, body: { disabled: true } }))
    expect(fetch.seen[0]?.url).toBe(`${ORIGIN}/api/v1/users?q=li&role=hr&page=2`)
    expect(fetch.seen[1]?.url).toBe(`${ORIGIN}/api/v1/users/u%201`)
    expect(fetch.seen[1]?.method).toBe('PATCH')
  })
})

describe('fileNameFrom', () => {
  it('reads RFC 6266 names, preferring the UTF-8 one', () => {
    expect(fileNameFrom(null)).toBeNull()
    expect(fileNameFrom('attachment; filename="cv.pdf"')).toBe('cv.pdf')
    expect(fileNameFrom('attachment; filename=cv.pdf')).toBe('cv.pdf')
    expect(fileNameFrom(`attachment; filename="cv.pdf"; filename*=UTF-8''${encodeURIComponent('简历.pdf')}`)).toBe('简历.pdf')
  })
})
