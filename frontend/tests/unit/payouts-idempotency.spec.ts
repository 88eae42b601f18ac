import { afterEach, describe, expect, it, vi } from 'vitest'
import { actionId, createBatch, IdempotencyKeys, keepsKey, markPaid, paymentKeys, rejectedRows, uuidV4 } from '@/api/payouts'
import { ApiError, networkError } from '@/api/problem'
import { json, problem, scriptedFetch } from './helpers'

const payout = { id: 'p1', status: 'paid' }

function counter() {
  let n = 0
  return () => `key-${++n}`
}

describe('IdempotencyKeys', () => {
  it('reuses the key when the same action is retried after a network error', async () => {
    const keys = new IdempotencyKeys(counter())
    const sent: string[] = []
    const action = actionId('mark-paid', 'p1', { bank_reference: 'B1' })
    await expect(
      keys.run(action, async (key) => {
        sent.push(key)
        throw networkError('offline')
      }),
    ).rejects.toThrow()
    expect(keys.unsettled).toBe(1)
    await keys.run(action, async (key) => {
      sent.push(key)
      return 'ok'
    })
    expect(sent).toEqual(['key-1', 'key-1'])
    expect(keys.unsettled).toBe(0)
  })

  it('makes a new key for a new action: after an answer, and for another target or body', async () => {
    const keys = new IdempotencyKeys(counter())
    const sent: string[] = []
    const send = async (key: string) => {
      sent.push(key)
      return key
    }
    await keys.run(actionId('mark-paid', 'p1', { bank_reference: 'B1' }), send)
    await keys.run(actionId('mark-paid', 'p1', { bank_reference: 'B1' }), send)
    await keys.run(actionId('mark-paid', 'p2', { bank_reference: 'B1' }), send)
    await keys.run(actionId('mark-paid', 'p2', { bank_reference: 'B2' }), send)
    expect(sent).toEqual(['key-1', 'key-2', 'key-3', 'key-4'])
  })

  it('forgets the key once the server refused for good, keeps it while the outcome is unknown', async () => {
    const keys = new IdempotencyKeys(counter())
    const fail = (error: unknown) => () => Promise.reject(error)
    await expect(keys.run('a', fail(new ApiError({ status: 409, code: 'invalid_transition' })))).rejects.toThrow()
    expect(keys.keyFor('a')).toBe('key-2')
    keys.settle('a')
    await expect(keys.run('b', fail(new ApiError({ status: 503, code: 'service_unavailable' })))).rejects.toThrow()
    await expect(keys.run('b', fail(new ApiError({ status: 409, code: 'idempotency_in_flight' })))).rejects.toThrow()
    expect(keys.keyFor('b')).toBe('key-3')
    expect(keepsKey(new ApiError({ status: 422, code: 'file_rejected' }))).toBe(false)
    expect(keepsKey(new TypeError('Failed to fetch'))).toBe(true)
  })

  it('names an action independently of key order in its body', () => {
    expect(actionId('x', 't', { a: 1, b: [2, { d: 1, c: 2 }] })).toBe(actionId('x', 't', { b: [2, { c: 2, d: 1 }], a: 1 }))
    expect(actionId('x', 't', { a: 1 })).not.toBe(actionId('x', 't', { a: 2 }))
  })

  it('makes RFC 4122 version 4 UUIDs, also outside a secure context', () => {
    const pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
    expect(uuidV4()).toMatch(pattern)
    vi.stubGlobal('isSecureContext', false)
    const made = new Set(Array.from({ length: 50 }, uuidV4))
    expect(made.size).toBe(50)
    for (const key of made) expect(key).toMatch(pattern)
    vi.unstubAllGlobals()
  })
})

describe('money-moving calls', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('send one Idempotency-Key per action, the same one when retried after a network error', async () => {
    const fake = scriptedFetch(
      () => {
        throw new TypeError('Failed to fetch')
      },
      json(200, payout),
      json(200, payout),
    )
    vi.stubGlobal('fetch', fake.fn)
    await expect(markPaid('p1', 'BANK-001')).rejects.toMatchObject({ code: 'network_error' })
    await markPaid('p1', 'BANK-001')
    await markPaid('p1', 'BANK-001')
    const sent = fake.seen.map((r) => r.headers.get('Idempotency-Key'))
    expect(sent[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(sent[1]).toBe(sent[0])
    expect(sent[2]).not.toBe(sent[0])
    expect(JSON.parse(fake.seen[0]?.body ?? '')).toEqual({ bank_reference: 'BANK-001' })
    expect(paymentKeys.unsettled).toBe(0)
  })

  it('treat the same payouts in another order as the same batch action', async () => {
    const fake = scriptedFetch(
      () => {
        throw new TypeError('Failed to fetch')
      },
      json(201, { id: 'b1' }),
    )
    vi.stubGlobal('fetch', fake.fn)
    await expect(createBatch({ payout_ids: ['p2', 'p1'] })).rejects.toThrow()
    await createBatch({ payout_ids: ['p1', 'p2'] })
    const [first, second] = fake.seen
    expect(second?.headers.get('Idempotency-Key')).toBe(first?.headers.get('Idempotency-Key'))
    expect(JSON.parse(second?.body ?? '')).toEqual({ payout_ids: ['p1', 'p2'] })
  })

  it('read the refused rows of a file_rejected answer', async () => {
    const rows = [
      { row: 3, column: '备注', code: 'unknown_reference', message: '第 3 行：找不到备注 X。' },
      { row: 4, code: 'amount_mismatch', message: '金额不符' },
    ]
    vi.stubGlobal('fetch', scriptedFetch(problem(422, 'file_rejected', { rows })).fn)
    const error = await markPaid('p9', 'R').catch((e: unknown) => e)
    expect(rejectedRows(error)).toEqual([rows[0], { ...rows[1], column: null }])
    expect(rejectedRows(new ApiError({ status: 409, code: 'conflict' }))).toEqual([])
  })
})
