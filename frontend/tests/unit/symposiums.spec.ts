import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import symposiumsEn from '@/i18n/locales/symposiums.en'
import symposiumsZhCN from '@/i18n/locales/symposiums.zh-CN'
import { SYMPOSIUM_KINDS, SYMPOSIUM_STATUSES } from '@/api/symposiums'
import { MENUS } from '@/navigation/menus'

function keys(table: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(table).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('symposiums', () => {
  it('have the same messages in both languages, merged next to the others', () => {
    expect(keys(symposiumsEn)).toEqual(keys(symposiumsZhCN))
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = createAppI18n(locale)
      expect(i18n.global.te('menu.symposiumAdmin') && i18n.global.te('menu.mySymposiums') && i18n.global.te('menu.home')).toBe(true)
      for (const k of SYMPOSIUM_KINDS) expect(i18n.global.te(`symposiums.kinds.${k}`)).toBe(true)
      for (const s of SYMPOSIUM_STATUSES) expect(i18n.global.te(`symposiums.status.${s}`)).toBe(true)
      // The shared field-error table keeps the other domains' entries.
      expect(i18n.global.te('fieldErrors.capacity.out_of_range') && i18n.global.te('fieldErrors.filter.no_match')).toBe(true)
    }
    expect(createAppI18n('zh-CN').global.t('symposiums.preview', { matching: 5, already: 2, new: 3 })).toBe('符合条件 5 人，其中已邀请 2 人，本次将邀请 3 人')
  })

  it('are in the HR, admin and applicant menus', () => {
    expect(MENUS.hr.some((m) => m.route === 'symposium-admin')).toBe(true)
    expect(MENUS.admin.some((m) => m.route === 'symposium-admin')).toBe(true)
    expect(MENUS.applicant.some((m) => m.route === 'my-symposiums')).toBe(true)
  })
})
