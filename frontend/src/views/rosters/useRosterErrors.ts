import { ApiError, networkError } from '@/api/problem'
import { useTranslator } from '@/composables/useTranslator'
import { formatYuan } from './money'
import { remainingOf } from './rosterRules'

/**
 * Error sentences for the roster screens: `rosters.errors.<code>` first (budget_exceeded says
 * what is left when the server sent `remaining_fen`), then the app's shared table.
 */
export function useRosterErrorText() {
  const { t, te, errorText } = useTranslator()
  function explain(error: unknown): string {
    const e = error instanceof ApiError ? error : networkError(error)
    const remaining = remainingOf(e)
    if (e.code === 'budget_exceeded' && remaining !== null) return t('rosters.errors.budget_exceeded_left', { remaining: formatYuan(remaining) })
    const key = `rosters.errors.${e.code}`
    return te(key) ? t(key) : errorText(e)
  }
  return { explain }
}
