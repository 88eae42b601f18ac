import { describe, expect, it } from 'vitest'
import { createAppI18n } from '@/i18n'
import recruitmentsEn from '@/i18n/locales/recruitments.en'
import recruitmentsZhCN from '@/i18n/locales/recruitments.zh-CN'
import { RECRUITMENT_STATUSES, REQUIRED_FILES, formatScore, parseScore, type RecruitmentApplicationStatus } from '@/api/recruitments'

function keys(table: unknown, prefix = ''): string[] {
  if (typeof table !== 'object' || table === null) return [prefix]
  return Object.entries(table).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

// Every sign-up status the server documents (src/recruitments/models.rs).
const APPLICATION_STATUSES: RecruitmentApplicationStatus[] = [
  'submitted', 'returned', 'resubmitted', 'withdrawn', 'rejected', 'approved', 'post_cut', 'shortlisted',
  'eliminated', 'physical_exam', 'physical_failed', 'inspection', 'inspection_failed', 'proposed', 'objection_upheld', 'hired',
]

describe('recruitment messages', () => {
  it('have the same keys in both languages, merged without losing the shared sections', () => {
    expect(keys(recruitmentsEn).sort()).toEqual(keys(recruitmentsZhCN).sort())
    for (const locale of ['zh-CN', 'en'] as const) {
      const { t, te } = createAppI18n(locale).global
      for (const key of keys(recruitmentsZhCN)) expect(te(key), `${locale} ${key}`).toBe(true)
      expect(te('menu.home') && te('menu.subsidies') && te('criterion.min_education')).toBe(true)
      for (const s of RECRUITMENT_STATUSES) expect(te(`recruitments.recruitmentStatus.${s}`), s).toBe(true)
      for (const s of APPLICATION_STATUSES) expect(te(`recruitments.status.${s}`), s).toBe(true)
      for (const k of REQUIRED_FILES) expect(te(`recruitments.file.${k}`), k).toBe(true)
      expect(t('criterion.major_keywords')).toBe(locale === 'en' ? 'Major' : '专业')
    }
  })
})

describe('written scores', () => {
  it('are typed as hundredths without floating-point sums and shown with two decimals', () => {
    expect(parseScore('87.5')).toBe(8750)
    expect(parseScore(' 87.50 ')).toBe(8750)
    expect(parseScore('100')).toBe(10000)
    expect(parseScore('0.07')).toBe(7)
    expect(parseScore('58.1')).toBe(5810)
    for (const bad of ['', '100.01', '101', '87.555', '-1', '87.', '.5', '1e2', '87,5']) expect(parseScore(bad), bad).toBeNull()
    expect(formatScore(8750)).toBe('87.50')
    expect(formatScore(7)).toBe('0.07')
    expect(formatScore(10000)).toBe('100.00')
  })
})
