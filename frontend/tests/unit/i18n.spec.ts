import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problem'
import { createAppI18n } from '@/i18n'
import en from '@/i18n/locales/en'
import zhCN from '@/i18n/locales/zh-CN'
import { describeError, describeFieldError, type Translator } from '@/i18n/problem'

// Every code the server documents (src/error.rs and the API contract), plus the client's own.
const ERROR_CODES = [
  'validation_failed', 'invalid_credentials', 'email_not_verified', 'account_locked', 'account_disabled',
  'rate_limited', 'unauthorized', 'forbidden', 'not_found', 'method_not_allowed', 'payload_too_large',
  'unsupported_media_type', 'malformed_json', 'conflict', 'email_taken', 'invalid_token',
  'csrf_header_missing', 'wrong_password', 'service_unavailable', 'internal_error', 'network_error',
]
const FIELD_CODES = [
  'required', 'invalid_email', 'too_short', 'too_long', 'common_password', 'invalid_choice', 'invalid_value', 'unknown_field',
  'invalid_length', 'invalid_date', 'invalid_checksum', 'invalid_phone', 'taken', 'empty_file', 'unsupported_type',
]

function translator(locale: 'zh-CN' | 'en'): Translator {
  const i18n = createAppI18n(locale)
  return { t: (key, params) => i18n.global.t(key, params ?? {}), te: (key) => i18n.global.te(key) }
}

describe('message tables', () => {
  it('translate every error code in both languages', () => {
    for (const table of [zhCN.errors, en.errors] as Record<string, string>[]) {
      for (const code of ERROR_CODES) expect(table[code], code).toBeTruthy()
    }
    for (const table of [zhCN.fieldErrors, en.fieldErrors] as Record<string, unknown>[]) {
      for (const code of FIELD_CODES) expect(typeof table[code], code).toBe('string')
    }
  })
})

describe('describeError', () => {
  it('translates by code, not by the server text', () => {
    const error = new ApiError({ status: 401, code: 'invalid_credentials', detail: 'The e-mail address or the password is wrong.' })
    expect(describeError(translator('zh-CN'), error)).toBe('邮箱或密码错误。')
    expect(describeError(translator('en'), error)).toBe('Wrong e-mail or password.')
  })

  it("falls back to the server's detail for an unknown code", () => {
    const error = new ApiError({ status: 409, code: 'payout_batch_locked', detail: 'Not enough budget left.' })
    expect(describeError(translator('zh-CN'), error)).toBe('Not enough budget left.')
  })

  it('says when to try again', () => {
    const error = new ApiError({ status: 423, code: 'account_locked', retryAfter: 900 })
    expect(describeError(translator('zh-CN'), error)).toBe('登录失败次数过多，账号已临时锁定。 请在 15 分钟 后重试。')
    expect(describeError(translator('en'), new ApiError({ status: 429, code: 'rate_limited', retryAfter: 30 }))).toBe(
      'Too many requests; please wait a moment. Try again in 30 s.',
    )
  })
})

describe('describeFieldError', () => {
  it('prefers a field-specific message, then the generic one, then the server message', () => {
    const tr = translator('zh-CN')
    expect(describeFieldError(tr, { field: 'password', code: 'too_short', message: 'x' })).toBe('密码至少需要 8 个字符。')
    expect(describeFieldError(tr, { field: 'email', code: 'invalid_email', message: 'x' })).toBe('请输入有效的电子邮箱地址。')
    expect(describeFieldError(tr, { field: 'email', code: 'brand_new', message: 'server says no' })).toBe('server says no')
  })

  it('gives list items the messages of their list (education.0.graduation_year, skills.3)', () => {
    const zh = translator('zh-CN')
    expect(describeFieldError(zh, { field: 'education.0.graduation_year', code: 'invalid_value', message: '' })).toBe('毕业年份应在 1950 年至今后 8 年之间。')
    expect(describeFieldError(zh, { field: 'education.12.school', code: 'too_long', message: '' })).toBe('不能超过 100 个字符。')
    expect(describeFieldError(zh, { field: 'skills.3', code: 'too_long', message: '' })).toBe('最多 30 项技能，每项不超过 30 个字符。')
    expect(describeFieldError(zh, { field: 'id_number', code: 'taken', message: '' })).toBe('该身份证号码已在其他账号登记，请联系人才办。')
    const en = translator('en')
    expect(describeFieldError(en, { field: 'id_number', code: 'invalid_checksum', message: '' })).toBe('The check character does not match; please re-check the number.')
  })
})
