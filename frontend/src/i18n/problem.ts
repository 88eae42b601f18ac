import type { ApiError, FieldError } from '@/api/problem'
import { formatYuan } from '@/utils/money'

/** The part of vue-i18n's composer this module needs; lets tests pass a tiny fake. */
export interface Translator {
  t(key: string, params?: Record<string, unknown>): string
  te(key: string): boolean
}

function humanDelay(tr: Translator, seconds: number): string {
  return seconds < 120 ? tr.t('errors.seconds', { n: seconds }) : tr.t('errors.minutes', { n: Math.ceil(seconds / 60) })
}

/**
 * A readable sentence for a failed call, translated by its stable code; the server's own
 * detail (English) is the fallback for a code this client does not know yet.
 */
export function describeError(tr: Translator, error: ApiError): string {
  const key = `errors.${error.code}`
  // budget_exceeded says how much is left when the server tells (`errors.budget_exceeded_remaining`).
  const withAmount = `${key}_remaining`
  let text =
    error.remainingFen !== null && tr.te(withAmount)
      ? tr.t(withAmount, { remaining: formatYuan(error.remainingFen) })
      : tr.te(key)
        ? tr.t(key)
        : error.detail || error.title || tr.t('errors.internal_error')
  if (error.retryAfter !== null && error.retryAfter > 0) {
    text += ` ${tr.t('errors.retryAfter', { when: humanDelay(tr, error.retryAfter) })}`
  }
  return text
}

/** A message for one invalid field: field-specific text, then generic text, then the server's. */
export function describeFieldError(tr: Translator, error: Pick<FieldError, 'field' | 'code' | 'message'>): string {
  // `education.0.graduation_year` and `skills.3` share the messages of their list.
  const field = error.field.replace(/\.\d+(?=\.|$)/g, '')
  const specific = `fieldErrors.${field}.${error.code}`
  if (tr.te(specific)) return tr.t(specific)
  const generic = `fieldErrors.${error.code}`
  if (tr.te(generic)) return tr.t(generic)
  return error.message || tr.t('fieldErrors.invalid_value')
}
