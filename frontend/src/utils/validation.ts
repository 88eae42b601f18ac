import type { FormItemRule } from 'element-plus'

export const PASSWORD_MIN = 8
export const PASSWORD_MAX = 128
export const DISPLAY_NAME_MAX = 100

/** Client checks answer with the same codes as the server's field errors, so one table translates both. */
export type FieldCode =
  | 'required'
  | 'invalid_email'
  | 'too_short'
  | 'too_long'
  | 'mismatch'
  | 'invalid_length'
  | 'invalid_value'
  | 'invalid_date'
  | 'invalid_checksum'
  | 'invalid_phone'
  | 'common_password'

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
export function length(value: string): number {
  return [...value].length
}

/** Names of the portal people build passwords from; the server refuses them too (with its list of common passwords). */
const PORTAL_NAMES = ['juxian', '聚贤']

/** Too few different characters, a short piece repeated, or a run such as `abcdefgh` (as the server's rule). */
function guessable(lower: string): boolean {
  const chars = [...lower]
  if (new Set(chars).size < 4) return true
  for (let unit = 1; unit <= chars.length / 2 && unit < PASSWORD_MIN; unit++) {
    if (chars.length % unit === 0 && chars.slice(0, unit).join('').repeat(chars.length / unit) === lower) return true
  }
  const codes = chars.map((c) => c.codePointAt(0) ?? 0)
  const run = (step: number) => codes.every((c, i) => i === 0 || c - (codes[i - 1] ?? 0) === step)
  return run(1) || run(-1)
}

/** The portal's name or the e-mail address with a little added: what is left must be a password by itself. */
function builtFromNames(lower: string, email: string | undefined): boolean {
  const words = [...PORTAL_NAMES]
  const address = email?.trim().toLowerCase()
  if (address) {
    const local = address.split('@')[0] ?? ''
    const fromEmail = [address, local, [...local].filter((c) => /[\p{L}\p{N}]/u.test(c)).join('')]
    // A very short local part ('li') would cut pieces out of ordinary words.
    words.push(...fromEmail.filter((w) => length(w) >= 3))
  }
  let rest = lower
  for (const word of words.sort((a, b) => b.length - a.length)) {
    rest = rest.split(word).join('')
  }
  return rest !== lower && (length(rest) < PASSWORD_MIN || guessable(rest))
}

/** A new password; `email` is the account's address when the form knows it. */
export function checkPassword(value: string, email?: string): FieldCode | null {
  if (!value) return 'required'
  if (length(value) < PASSWORD_MIN) return 'too_short'
  if (length(value) > PASSWORD_MAX) return 'too_long'
  const lower = value.toLowerCase()
  return guessable(lower) || builtFromNames(lower, email) ? 'common_password' : null
}

export function checkDisplayName(value: string): FieldCode | null {
  if (checkRequired(value)) return 'required'
  return length(value.trim()) > DISPLAY_NAME_MAX ? 'too_long' : null
}

export function checkSame(value: string, other: string): FieldCode | null {
  if (!value) return 'required'
  return value === other ? null : 'mismatch'
}

/** Required text of at most `max` characters (after trimming), as the server's `text` rule. */
export function checkText(max: number): (value: string) => FieldCode | null {
  return (value) => {
    if (checkRequired(value)) return 'required'
    return length(value.trim()) > max ? 'too_long' : null
  }
}

/** Required text of `min` to `max` characters after trimming (a reason for a decision). */
export function checkLength(min: number, max: number): (value: string) => FieldCode | null {
  return (value) => {
    if (checkRequired(value)) return 'required'
    const n = length(value.trim())
    if (n < min) return 'too_short'
    return n > max ? 'too_long' : null
  }
}

/** Optional text of at most `max` characters. */
export function checkOptionalText(max: number): (value: string) => FieldCode | null {
  return (value) => (length(value.trim()) > max ? 'too_long' : null)
}

/** A mainland mobile number: 11 digits starting with 1; spaces, dashes and +86 are dropped. */
export function normalizePhone(value: string): string {
  const digits = value.replace(/[\s-]/g, '')
  return digits.startsWith('+86') ? digits.slice(3) : digits
}

export function checkPhone(value: string): FieldCode | null {
  const digits = normalizePhone(value)
  if (!digits) return 'required'
  return /^1\d{10}$/.test(digits) ? null : 'invalid_phone'
}

/** A bank account of 10 to 30 digits (spaces and dashes allowed for readability). Empty is fine. */
export function checkBankAccount(value: string): FieldCode | null {
  const digits = value.replace(/[\s-]/g, '')
  if (!digits) return null
  return /^\d{10,30}$/.test(digits) ? null : 'invalid_value'
}

/** A year between 1950 and eight years from now (people list expected graduations). */
export function checkGraduationYear(value: number | null | undefined, today: Date = new Date()): FieldCode | null {
  if (value === null || value === undefined || Number.isNaN(value)) return 'required'
  return Number.isInteger(value) && value >= 1950 && value <= today.getFullYear() + 8 ? null : 'invalid_value'
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
