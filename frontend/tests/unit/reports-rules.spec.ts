import { describe, expect, it } from 'vitest'
import type { AnnualReport, Figure } from '@/api/reports'
import { recentYears } from '@/views/payouts/payoutRules'
import { CARD_GROUPS, figureLabel, figureText, groupFigures } from '@/views/reports/reportRules'

const fig = (value: number, unit: Figure['unit']): Figure => ({ value, unit, label_zh: '达成就业意向', label_en: 'Employment intents' })

describe('report figures on screen', () => {
  it('shows money in yuan and counts with their unit word', () => {
    const word = (u: Figure['unit']) => ({ person: '人', fen: '元' })[u as 'person' | 'fen'] ?? ''
    expect(figureText(fig(1_268_400, 'fen'), word)).toBe('12,684.00 元')
    expect(figureText(fig(237, 'person'), word)).toBe('237 人')
    expect(figureText(fig(12_345, 'item'), () => '')).toBe('12,345')
  })

  it('names a figure in the reader language', () => {
    expect(figureLabel(fig(1, 'person'), 'zh-CN')).toBe('达成就业意向')
    expect(figureLabel(fig(1, 'person'), 'en')).toBe('Employment intents')
  })

  it('keeps the group order and skips keys the report lacks', () => {
    const report = { figures: { 'fairs.intents': fig(2, 'person'), 'fairs.held': fig(1, 'fair') } } as unknown as AnnualReport
    const fairs = CARD_GROUPS.find((g) => g.title === 'reports.groups.fairs')
    expect(groupFigures(report, fairs?.keys ?? []).map((f) => f.key)).toEqual(['fairs.held', 'fairs.intents'])
  })

  it('offers this year and the nine before', () => {
    expect(recentYears(new Date('2026-12-02T00:00:00Z'), 9)).toEqual([2026, 2025, 2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017])
  })
})
