import { describe, expect, it } from 'vitest'
import { acrossTabs, type TabLocks } from '@/api/refreshLock'

/** A lock manager as the browser's: one holder per name at a time, the others queue. */
function fakeLocks(): TabLocks & { requested: string[] } {
  const tails = new Map<string, Promise<unknown>>()
  return {
    requested: [],
    request<T>(name: string, callback: () => Promise<T>): Promise<T> {
      this.requested.push(name)
      const previous = tails.get(name) ?? Promise.resolve()
      const run = previous.then(callback, callback)
      tails.set(
        name,
        run.catch(() => undefined),
      )
      return run
    },
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => {}
  const promise = new Promise<void>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

describe('refresh across tabs', () => {
  it('lets one tab refresh at a time, each after the previous one finished', async () => {
    const locks = fakeLocks()
    const log: string[] = []
    const firstMayFinish = deferred()
    // Two tabs: the second asks while the first is still waiting for the server.
    const tabA = acrossTabs(
      'juxian.refresh',
      async () => {
        log.push('A starts')
        await firstMayFinish.promise
        log.push('A ends')
        return 'cookie-2'
      },
      locks,
    )
    const tabB = acrossTabs(
      'juxian.refresh',
      async () => {
        log.push('B starts')
        return 'cookie-3'
      },
      locks,
    )
    await Promise.resolve()
    await Promise.resolve()
    expect(log).toEqual(['A starts'])
    firstMayFinish.resolve()
    expect(await tabA).toBe('cookie-2')
    expect(await tabB).toBe('cookie-3')
    expect(log).toEqual(['A starts', 'A ends', 'B starts'])
    expect(locks.requested).toEqual(['juxian.refresh', 'juxian.refresh'])
  })

  it('passes a failure on and still lets the next tab go', async () => {
    const locks = fakeLocks()
    const failing = acrossTabs('juxian.refresh', () => Promise.reject(new Error('401')), locks)
    const next = acrossTabs('juxian.refresh', () => Promise.resolve('ok'), locks)
    await expect(failing).rejects.toThrow('401')
    expect(await next).toBe('ok')
  })

  it('just runs the task in browsers without Web Locks', async () => {
    expect(await acrossTabs('juxian.refresh', () => Promise.resolve(7), undefined)).toBe(7)
  })
})
