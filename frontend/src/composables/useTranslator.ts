import { useI18n } from 'vue-i18n'
import type { ApiError, FieldError } from '@/api/problem'
import { describeError, describeFieldError, type Translator } from '@/i18n/problem'
import { actionLabel, entityLabel, labelOf } from '@/i18n/labels'
import type { Describe } from '@/utils/validation'

/** vue-i18n plus the helpers that turn API errors and field codes into sentences. */
export function useTranslator() {
  const { t, te, locale } = useI18n()
  const tr: Translator = { t: (key, params) => (params ? t(key, params) : t(key)), te: (key) => te(key) }
  const describe: Describe = (field, code) => describeFieldError(tr, { field, code, message: '' })
  return {
    t,
    te,
    locale,
    describe,
    errorText: (error: ApiError) => describeError(tr, error),
    fieldText: (error: FieldError) => describeFieldError(tr, error),
    actionText: (action: string) => actionLabel(tr, action),
    entityText: (entity: string) => entityLabel(tr, entity),
    labelText: (table: string, code: string) => labelOf(tr, table, code),
  }
}
