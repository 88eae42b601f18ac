import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import villagesEn from '@/i18n/locales/villages.en'
import villagesZhCN from '@/i18n/locales/villages.zh-CN'
import { bodyFromForm, formFromProfile } from '@/views/applicant/profileForm'

function keys(table: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(table).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('villages and the village plan', () => {
  it('have the same messages in both languages, merged next to the others', () => {
    expect(keys(villagesEn)).toEqual(keys(villagesZhCN))
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = createAppI18n(locale)
      expect(i18n.global.te('menu.villagePlan') && i18n.global.te('menu.home')).toBe(true)
      expect(i18n.global.te('villagePlan.statuses.not_admitted')).toBe(true)
    }
    expect(createAppI18n('zh-CN').global.t('villagePlan.coverageLine', { year: 2026, total: 3, covered: 2, uncovered: 1 })).toBe(
      '2026年贫困村 3 个，已覆盖 2 个，未覆盖 1 个',
    )
  })

  it('send the home village with the profile, none as null', () => {
    const form = formFromProfile(null)
    expect(bodyFromForm(form).home_village_id).toBeNull()
    form.home_village_id = 'v1'
    expect(bodyFromForm(form).home_village_id).toBe('v1')
  })
})
