import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/problem'
import { createAppI18n } from '@/i18n'
import { describeError, describeFieldError, type Translator } from '@/i18n/problem'

function translator(locale: 'zh-CN' | 'en'): Translator {
  const i18n = createAppI18n(locale)
  return { t: (key, params) => i18n.global.t(key, params ?? {}), te: (key) => i18n.global.te(key) }
}

const CODES = ['invalid_transition', 'signup_closed', 'capacity_full', 'profile_incomplete', 'already_registered', 'ticket_cancelled', 'ticket_other_fair']

describe('job-fair messages', () => {
  it('translate every fair error code in both languages, next to the existing ones', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const tr = translator(locale)
      for (const code of CODES) expect(tr.te(`errors.${code}`), `${locale} ${code}`).toBe(true)
      expect(tr.te('errors.invalid_credentials')).toBe(true)
      expect(tr.te('menu.home') && tr.te('menu.myTickets')).toBe(true)
    }
    expect(describeError(translator('zh-CN'), new ApiError({ status: 409, code: 'capacity_full' }))).toBe('名额已满。')
  })

  it('explains the fair form field codes', () => {
    const zh = translator('zh-CN')
    expect(describeFieldError(zh, { field: 'ends_at', code: 'before_start', message: '' })).toBe('结束时间必须晚于开始时间。')
    expect(describeFieldError(zh, { field: 'capacity', code: 'out_of_range', message: '' })).toBe('人才名额应在 1 至 100000 之间。')
    expect(describeFieldError(translator('en'), { field: 'starts_at', code: 'in_past', message: '' })).toBe('The fair must start in the future.')
  })
})
