import { describe, expect, it } from 'vitest'
import type { FormItemRule } from 'element-plus'
import { checkDisplayName, checkEmail, checkLength, checkPassword, checkRequired, checkSame, requiredRule, rule } from '@/utils/validation'

/** Run an Element Plus validator rule the way async-validator does, returning its message or null. */
function run(r: FormItemRule, value: unknown): string | null {
  let result: string | null = 'not called'
  const validator = r.validator
  if (typeof validator !== 'function') throw new Error('no validator')
  validator({}, value, (error?: string | Error) => {
    result = error ? (typeof error === 'string' ? error : error.message) : null
  }, {}, {})
  return result
}

describe('field checks', () => {
  it('requires a value', () => {
    expect(checkRequired('')).toBe('required')
    expect(checkRequired('   ')).toBe('required')
    expect(checkRequired(null)).toBe('required')
    expect(checkRequired('x')).toBeNull()
  })

  it('checks e-mail addresses loosely', () => {
    expect(checkEmail('')).toBe('required')
    expect(checkEmail('zhang')).toBe('invalid_email')
    expect(checkEmail('zhang@localhost')).toBe('invalid_email')
    expect(checkEmail('a b@example.cn')).toBe('invalid_email')
    expect(checkEmail(' zhang.san@example.com.cn ')).toBeNull()
  })

  it('checks password length in characters (8 to 128)', () => {
    expect(checkPassword('')).toBe('required')
    expect(checkPassword('1234567')).toBe('too_short')
    expect(checkPassword('k3v9q1z7')).toBeNull()
    expect(checkPassword('密码是长城万里行')).toBeNull()
    expect(checkPassword('Correct-Horse-42'.repeat(8))).toBeNull()
    // Long enough, but a run or a repetition (see password-rules.spec.ts).
    expect(checkPassword('12345678')).toBe('common_password')
    expect(checkPassword('密码密码密码密码')).toBe('common_password')
    expect(checkPassword('x'.repeat(129))).toBe('too_long')
    // Four emoji are 8 UTF-16 units but only 4 characters.
    expect(checkPassword('😀😀😀😀')).toBe('too_short')
  })

  it('checks names and confirmations', () => {
    expect(checkDisplayName(' ')).toBe('required')
    expect(checkDisplayName('张三')).toBeNull()
    expect(checkDisplayName('名'.repeat(101))).toBe('too_long')
    expect(checkSame('', 'a')).toBe('required')
    expect(checkSame('abc', 'abd')).toBe('mismatch')
    expect(checkSame('abc', 'abc')).toBeNull()
  })
})

describe('Element Plus rules', () => {
  const describeCode = (field: string, code: string) => `${field}:${code}`

  it('reports the translated message of the failing check', () => {
    const r = rule('password', checkPassword, describeCode)
    expect(run(r, 'short')).toBe('password:too_short')
    expect(run(r, 'long enough')).toBeNull()
    expect(run(r, undefined)).toBe('password:required')
    expect(r.trigger).toBe('blur')
  })

  it('has a plain required rule for choices', () => {
    const r = requiredRule('role', describeCode, 'change')
    expect(run(r, '')).toBe('role:required')
    expect(run(r, 'applicant')).toBeNull()
    expect(r.trigger).toBe('change')
  })
})

describe('checkLength', () => {
  it('requires text of min to max characters after trimming, counting code points', () => {
    const check = checkLength(2, 4)
    expect(check('')).toBe('required')
    expect(check('   ')).toBe('required')
    expect(check(' 短 ')).toBe('too_short')
    expect(check('  两个  ')).toBeNull()
    expect(check('𠀀𠀀𠀀𠀀')).toBeNull()
    expect(check('五个字太长')).toBe('too_long')
  })
})
