import { describe, expect, it } from 'vitest'
import type { AnnualReport, Figure } from '@/api/reports'
import { recentYears } from '@/views/payouts/payoutRules'
import { CARD_GROUPS, differenceText, figureLabel, figureText, groupFigures, unknownPlaceholders } from '@/views/reports/reportRules'

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

describe('the summary template and the frozen year', () => {
  it('finds the placeholders the portal does not know, by line', () => {
    const known = ['fairs.held', 'county', 'year']
    expect(unknownPlaceholders('# {county}{year}\n举办{fairs.held}场，{fairs.nonsense}人\n{ year }', known)).toEqual([{ line: 2, key: 'fairs.nonsense' }])
    expect(unknownPlaceholders('没有占位符', known)).toEqual([])
  })

  it('writes both sides of a late correction in the figure unit', () => {
    const report = {
      figures: { 'subsidies.paid_fen': fig(200_000, 'fen') },
      frozen: null,
    } as unknown as AnnualReport
    const word = (u: Figure['unit']) => (u === 'fen' ? '元' : '')
    const d = { key: 'subsidies.paid_fen', label_zh: '补贴发放金额', label_en: 'Paid', frozen: 100_000, live: 200_000 }
    expect(differenceText(d, 'frozen', report, word)).toBe('1,000.00 元')
    expect(differenceText(d, 'live', report, word)).toBe('2,000.00 元')
  })
})
