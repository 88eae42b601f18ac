import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import payoutsEn from '@/i18n/locales/payouts.en'
import payoutsZhCN from '@/i18n/locales/payouts.zh-CN'
import { formatYuan } from '@/utils/money'
import { awaitsMyApproval, batchActions, batchTone, payoutTone, recentYears, remainingFen, sumFen, who } from '@/views/payouts/payoutRules'

function keys(table: unknown, prefix = ''): string[] {
  if (typeof table !== 'object' || table === null) return [prefix]
  return Object.entries(table).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

describe('payout rules', () => {
  it('read the actions the API offers a batch', () => {
    expect(batchActions({ actions: ['approve', 'cancel'] })).toEqual({ approve: true, cancel: true, export: false, results: false })
    expect(batchActions({ actions: [] })).toEqual({ approve: false, cancel: false, export: false, results: false })
    expect(awaitsMyApproval({ status: 'draft', actions: ['approve', 'cancel'] })).toBe(true)
    // The builder's own draft offers only cancel.
    expect(awaitsMyApproval({ status: 'draft', actions: ['cancel'] })).toBe(false)
    expect(awaitsMyApproval({ status: 'exported', actions: ['export', 'results'] })).toBe(false)
  })

  it('say who built or approved a batch', () => {
    expect(who('u1', 'u1')).toEqual({ kind: 'me' })
    expect(who('0123456789abcdef', 'u1')).toEqual({ kind: 'other', id: '01234567' })
    expect(who(null, 'u1')).toEqual({ kind: 'nobody' })
  })

  it('add up money in fen and show it in yuan', () => {
    expect(sumFen([{ amount_fen: 500_000 }, { amount_fen: 1 }])).toBe(500_001)
    expect(formatYuan(500_001)).toBe('5,000.01')
    expect(remainingFen({ budget_fen: 1_000_000, reserved_fen: 300_000, paid_budget_fen: 200_000 })).toBe(500_000)
    expect(remainingFen({ budget_fen: 100, reserved_fen: 300, paid_budget_fen: 0 })).toBe(0)
  })

  it('colour the statuses and offer the county’s recent years', () => {
    expect(payoutTone('paid')).toBe('success')
    expect(payoutTone('pending')).toBe('warning')
    expect(batchTone('draft')).toBe('warning')
    expect(batchTone('closed')).toBe('success')
    // 2026-12-31 20:00 UTC is already 2027 in Shanghai.
    expect(recentYears(new Date('2026-12-31T20:00:00Z'), 2)).toEqual([2027, 2026, 2025])
  })
})

describe('payout messages', () => {
  it('have the same keys in both languages and keep the shared sections whole', () => {
    expect(keys(payoutsEn).sort()).toEqual(keys(payoutsZhCN).sort())
    for (const locale of ['zh-CN', 'en'] as const) {
      const i18n = createAppI18n(locale)
      for (const key of keys(payoutsZhCN)) expect(i18n.global.te(key), `${locale} ${key}`).toBe(true)
      expect(i18n.global.te('menu.home') && i18n.global.te('menu.myInternships') && i18n.global.te('errors.capacity_full')).toBe(true)
    }
    expect(createAppI18n('zh-CN').global.t('payouts.errors.same_person')).toBe('批次由您本人编制，须由另一位财政人员审批。')
  })
})
