import { computed, nextTick, ref } from 'vue'
import { ApiError, networkError } from '@/api/problem'
import { useTranslator } from './useTranslator'

/**
 * Shows a failed call on a form: each `errors[].field` the form has goes under that field
 * (bind `fieldErrors[name]` to el-form-item's `error` prop), everything else in one alert above
 * the form. Messages are computed, so they follow a language switch.
 */
export function useServerErrors<F extends string>(
  fields: readonly F[],
  /** Top-level codes that are really about one field (wrong_password → current_password). */
  codeFields: Partial<Record<string, F>> = {},
) {
  const { errorText, fieldText } = useTranslator()
  const lastError = ref<ApiError | null>(null)

  const isField = (name: string): name is F => (fields as readonly string[]).includes(name)

  const fieldErrors = computed(() => {
    const out = Object.fromEntries(fields.map((f) => [f, ''])) as Record<F, string>
    const error = lastError.value
    const codeField = error ? codeFields[error.code] : undefined
    if (error && codeField) out[codeField] = errorText(error)
    for (const fe of error?.fieldErrors ?? []) {
      if (isField(fe.field) && !out[fe.field]) out[fe.field] = fieldText(fe)
    }
    return out
  })

  const formError = computed(() => {
    const error = lastError.value
    if (!error) return ''
    const unplaced = error.fieldErrors.filter((fe) => !isField(fe.field)).map((fe) => `${fe.field}: ${fieldText(fe)}`)
    // The summary stays even when every field has its message: the alert is what gets announced.
    return [errorText(error), ...unplaced].join(' ')
  })

  function clear() {
    lastError.value = null
  }

  /** Show `error`; returns it as an ApiError so callers can branch on its code. */
  async function show(error: unknown): Promise<ApiError> {
    const apiError = error instanceof ApiError ? error : networkError(error)
    // el-form-item only reacts to a change of `error`: clear first so the same message shows again.
    lastError.value = null
    await nextTick()
    lastError.value = apiError
    return apiError
  }

  return { fieldErrors, formError, lastError, clear, show }
}
