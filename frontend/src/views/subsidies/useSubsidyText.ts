import { ApiError, networkError } from '@/api/problem'
import { useTranslator } from '@/composables/useTranslator'
import type { Translator } from '@/i18n/problem'

/**
 * The translator plus the subsidy wording of errors: codes shared with other features
 * (not_found, invalid_transition, signup_closed …) read `subsidies.errors.<code>` first; a
 * `not_eligible` answer lists each unmet criterion.
 */
export function useSubsidyText() {
  const base = useTranslator()
  const tr: Translator = { t: (key, params) => (params ? base.t(key, params) : base.t(key)), te: (key) => base.te(key) }
  function explain(error: unknown): string {
    const e = error instanceof ApiError ? error : networkError(error)
    const key = `subsidies.errors.${e.code}`
    const head = base.te(key) ? base.t(key) : base.errorText(e)
    if (e.code === 'not_eligible' && e.fieldErrors.length) {
      return `${head} ${base.t('subsidies.notEligibleList')}${e.fieldErrors.map((fe) => base.fieldText(fe)).join(' ')}`
    }
    return head
  }
  return { ...base, tr, explain }
}
