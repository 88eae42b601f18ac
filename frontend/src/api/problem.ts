import type { components } from './schema'

export type Problem = components['schemas']['Problem']
export type FieldError = components['schemas']['FieldError']

/** Client-only code for a request that never got an HTTP answer (offline, DNS, server down). */
export const NETWORK_ERROR = 'network_error'

// Mirrors the server's ErrorCode::for_status, for answers that carry no problem body
// (a proxy's 502 page, an empty 401): the UI can still translate them by code.
const CODE_BY_STATUS: Record<number, string> = {
  400: 'malformed_json',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  423: 'account_locked',
  429: 'rate_limited',
  502: 'service_unavailable',
  503: 'service_unavailable',
  504: 'service_unavailable',
  507: 'storage_unavailable',
}

/** An API call that failed: the RFC 9457 problem, normalised so the UI never has to guess. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly title: string
  readonly detail: string
  readonly fieldErrors: FieldError[]
  /** Seconds from the Retry-After header (account_locked, rate_limited), if any. */
  readonly retryAfter: number | null
  /** For `budget_exceeded`: what is left of the budget, in fen. */
  readonly remainingFen: number | null
  /** The problem document as sent, for extension members (`rows` of file_rejected, `remaining_fen`). */
  readonly extensions: Record<string, unknown>

  constructor(init: {
    status: number
    code: string
    title?: string
    detail?: string
    fieldErrors?: FieldError[]
    retryAfter?: number | null
    remainingFen?: number | null
    extensions?: Record<string, unknown>
  }) {
    super(init.detail || init.title || init.code)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.title = init.title ?? ''
    this.detail = init.detail ?? ''
    this.fieldErrors = init.fieldErrors ?? []
    this.retryAfter = init.retryAfter ?? null
    this.remainingFen = init.remainingFen ?? null
    this.extensions = init.extensions ?? {}
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return []
  return value.filter(isRecord).map((item) => ({
    field: asString(item.field) ?? '',
    code: asString(item.code) ?? 'invalid_value',
    message: asString(item.message) ?? '',
  }))
}

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null
  const trimmed = header.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

/**
 * Build an ApiError from a failed response. `body` is what was read from it: parsed JSON,
 * raw text, or undefined. A body that is not a problem document still yields a code from the status.
 */
export function toApiError(status: number, headers: Headers, body: unknown): ApiError {
  const retryAfter = parseRetryAfter(headers.get('Retry-After'))
  const fallbackCode = CODE_BY_STATUS[status] ?? 'internal_error'
  if (!isRecord(body)) {
    return new ApiError({ status, code: fallbackCode, retryAfter })
  }
  return new ApiError({
    status,
    code: asString(body.code) ?? fallbackCode,
    title: asString(body.title),
    detail: asString(body.detail) ?? asString(body.message),
    fieldErrors: parseFieldErrors(body.errors),
    retryAfter,
    remainingFen: typeof body.remaining_fen === 'number' && Number.isSafeInteger(body.remaining_fen) ? body.remaining_fen : null,
    extensions: body,
  })
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({ status: 0, code: NETWORK_ERROR, detail: String(cause) })
  return error
}
