import { ApiError, networkError } from '@/api/problem'
import { useTranslator } from '@/composables/useTranslator'

/** Error sentences for the payout screens: `payouts.errors.<code>` first, then the app's table. */
export function usePayoutErrorText() {
  const { t, te, errorText } = useTranslator()
  function explain(error: unknown): string {
    const e = error instanceof ApiError ? error : networkError(error)
    const key = `payouts.errors.${e.code}`
    return te(key) ? t(key) : errorText(e)
  }
  return { explain }
}
