import { describe, expect, it } from 'vitest'
import { ApiError, parseRetryAfter, toApiError } from '@/api/problem'

describe('toApiError', () => {
  it('reads every field of a problem document', () => {
    const error = toApiError(400, new Headers(), {
      type: 'urn:juxian:problem:validation_failed',
      title: 'Some fields are not valid',
      status: 400,
      detail: 'One or more fields are not valid.',
      code: 'validation_failed',
      errors: [
        { field: 'email', code: 'invalid_email', message: 'not an e-mail address' },
        { field: 'password', code: 'too_short', message: 'at least 8 characters' },
      ],
    })
    expect(error).toBeInstanceOf(ApiError)
    expect(error.status).toBe(400)
    expect(error.code).toBe('validation_failed')
    expect(error.detail).toBe('One or more fields are not valid.')
    expect(error.fieldErrors).toEqual([
      { field: 'email', code: 'invalid_email', message: 'not an e-mail address' },
      { field: 'password', code: 'too_short', message: 'at least 8 characters' },
    ])
    expect(error.retryAfter).toBeNull()
  })

  it('takes Retry-After seconds from the header', () => {
    const error = toApiError(423, new Headers({ 'Retry-After': '900' }), { code: 'account_locked', detail: 'locked' })
    expect(error.code).toBe('account_locked')
    expect(error.retryAfter).toBe(900)
  })

  it('derives a code from the status when the body is not a problem', () => {
    expect(toApiError(502, new Headers(), '<html>Bad gateway</html>').code).toBe('service_unavailable')
    expect(toApiError(401, new Headers(), undefined).code).toBe('unauthorized')
    expect(toApiError(429, new Headers(), {}).code).toBe('rate_limited')
    expect(toApiError(500, new Headers(), null).code).toBe('internal_error')
  })

  it('falls back to `message` for the detail and tolerates malformed field errors', () => {
    const error = toApiError(400, new Headers(), { code: 'malformed_json', message: 'bad body', errors: [{ field: 'x' }, 'junk'] })
    expect(error.detail).toBe('bad body')
    expect(error.fieldErrors).toEqual([{ field: 'x', code: 'invalid_value', message: '' }])
  })
})

describe('parseRetryAfter', () => {
  it('understands delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('30')).toBe(30)
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:01:00 GMT', now)).toBe(60)
  })
})
