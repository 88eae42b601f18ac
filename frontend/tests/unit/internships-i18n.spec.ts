import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import { describeFieldError, type Translator } from '@/i18n/problem'
import internshipsEn from '@/i18n/locales/internships.en'
import internshipsZhCN from '@/i18n/locales/internships.zh-CN'

function translator(locale: 'zh-CN' | 'en'): Translator {
  const i18n = createAppI18n(locale)
  return { t: (key, params) => i18n.global.t(key, params ?? {}), te: (key) => i18n.global.te(key) }
}

function keys(table: unknown, prefix = ''): string[] {
  if (typeof table !== 'object' || table === null) return [prefix]
  return Object.entries(table).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('internship messages', () => {
  it('have the same keys in both languages and keep the existing ones', () => {
    expect(keys(internshipsEn).sort()).toEqual(keys(internshipsZhCN).sort())
    for (const locale of ['zh-CN', 'en'] as const) {
      const tr = translator(locale)
      for (const key of keys(internshipsZhCN)) expect(tr.te(key), `${locale} ${key}`).toBe(true)
      // Merging must not drop the main or job-fair messages of shared sections.
      expect(tr.te('menu.home') && tr.te('menu.myTickets') && tr.te('menu.internships')).toBe(true)
      expect(tr.te('fieldErrors.required') && tr.te('fieldErrors.ticket_code.required')).toBe(true)
    }
    // The job-fair wording of shared codes stays as it was.
    expect(translator('zh-CN').t('errors.capacity_full')).toBe('名额已满。')
  })

  it('explain the stipend and programme field codes', () => {
    const zh = translator('zh-CN')
    expect(describeFieldError(zh, { field: 'stipend_yuan', code: 'too_many_decimals', message: '' })).toBe('最多两位小数。')
    expect(describeFieldError(zh, { field: 'stipend_fen', code: 'out_of_range', message: '' })).toBe('每月补贴应在 0 至 100000 元之间。')
    expect(describeFieldError(translator('en'), { field: 'application_closes_at', code: 'before_start', message: '' })).toBe('Applications must close after they open.')
  })
})
