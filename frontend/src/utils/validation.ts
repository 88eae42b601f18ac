import type { FormItemRule } from 'element-plus'

export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 128
export const DISPLAY_NAME_MAX = 100

/** Client checks answer with the same codes as the server's field errors, so one table translates both. */
export type FieldCode = 'required' | 'invalid_email' | 'too_short' | 'too_long' | 'mismatch'

// Deliberately loose (one @, a dot in the domain, no spaces): the server has the final word.
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function checkRequired(value: unknown): FieldCode | null {
  if (value === null || value === undefined) return 'required'
  if (typeof value === 'string' && value.trim() === '') return 'required'
  return null
}

export function checkEmail(value: string): FieldCode | null {
  if (checkRequired(value)) return 'required'
  return EMAIL_RE.test(value.trim()) ? null : 'invalid_email'
}

/** Length in characters as people count them (code points, not UTF-16 units). */
function length(value: string): number {
  return [...value].length
}

export function checkPassword(value: string): FieldCode | null {
  if (!value) return 'required'
  if (length(value) < PASSWORD_MIN) return 'too_short'
  if (length(value) > PASSWORD_MAX) return 'too_long'
  return null
}

export function checkDisplayName(value: string): FieldCode | null {
  if (checkRequired(value)) return 'required'
  return length(value.trim()) > DISPLAY_NAME_MAX ? 'too_long' : null
}

export function checkSame(value: string, other: string): FieldCode | null {
  if (!value) return 'required'
  return value === other ? null : 'mismatch'
}

/** Turns a code into the message shown under the field. */
export type Describe = (field: string, code: FieldCode) => string

/**
 * An Element Plus rule running one check; the message is looked up when it fails, in the current
 * language. `required: true` only draws the asterisk: with a validator present, async-validator
 * leaves every decision (and every message) to the validator.
 */
export function rule(
  field: string,
  check: (value: string) => FieldCode | null,
  describe: Describe,
  trigger: 'blur' | 'change' = 'blur',
): FormItemRule {
  return {
    trigger,
    required: true,
    validator: (_rule, value: unknown, callback) => {
      const code = check(typeof value === 'string' ? value : '')
      if (code) callback(new Error(describe(field, code)))
      else callback()
    },
  }
}

export function requiredRule(field: string, describe: Describe, trigger: 'blur' | 'change' = 'blur'): FormItemRule {
  return {
    trigger,
    required: true,
    validator: (_rule, value: unknown, callback) => {
      const code = checkRequired(value)
      if (code) callback(new Error(describe(field, code)))
      else callback()
    },
  }
}
