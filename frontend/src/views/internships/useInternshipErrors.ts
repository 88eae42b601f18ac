import { computed } from 'vue'
import { ApiError, networkError } from '@/api/problem'
import { useServerErrors } from '@/composables/useServerErrors'
import { useTranslator } from '@/composables/useTranslator'

/**
 * Error sentences for the internship screens: codes shared with other features (capacity_full,
 * invalid_transition, …) read `internships.errors.<code>` first, then the app's table.
 * `context` picks a more precise key (`capacity_full_accept`) when the caller knows the action.
 */
export function useInternshipErrorText() {
  const { t, te, errorText } = useTranslator()
  function explain(error: unknown, context?: string): string {
    const e = error instanceof ApiError ? error : networkError(error)
    for (const key of [context ? `internships.errors.${e.code}_${context}` : '', `internships.errors.${e.code}`]) {
      if (key && te(key)) return t(key)
    }
    return errorText(e)
  }
  return { explain }
}

/** useServerErrors with the internship wording of the summary line (`context` as for explain). */
export function useInternshipServerErrors<F extends string>(fields: readonly F[], context?: string) {
  const base = useServerErrors(fields)
  const { explain } = useInternshipErrorText()
  const { fieldText } = useTranslator()
  const formError = computed(() => {
    const error = base.lastError.value
    if (!error) return ''
    const unplaced = error.fieldErrors
      .filter((fe) => !(fields as readonly string[]).includes(fe.field))
      .map((fe) => `${fe.field}: ${fieldText(fe)}`)
    return [explain(error, context), ...unplaced].join(' ')
  })
  return { ...base, formError }
}
