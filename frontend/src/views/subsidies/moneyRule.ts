import type { FormItemRule } from 'element-plus'
import type { FieldError } from '@/api/problem'
import { yuanToFen } from '@/utils/money'

/**
 * An Element Plus rule for an amount typed in yuan: exact (at most two decimals), at most
 * `maxFen()`, and more than 0 unless `allowZero`. Messages come from `fieldErrors.<field>.<code>`.
 */
export function yuanRule(
  field: string,
  maxFen: () => number,
  fieldText: (error: Pick<FieldError, 'field' | 'code' | 'message'>) => string,
  allowZero = false,
): FormItemRule {
  return {
    trigger: 'blur',
    required: true,
    validator: (_rule, value: unknown, callback) => {
      const result = yuanToFen(typeof value === 'string' ? value : '', maxFen())
      const code = !result.ok ? result.code : !allowZero && result.fen === 0 ? 'out_of_range' : null
      if (code) callback(new Error(fieldText({ field, code, message: '' })))
      else callback()
    },
  }
}
