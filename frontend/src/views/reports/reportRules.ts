import type { AnnualReport, Figure, FigureDifference } from '@/api/reports'
import { formatYuan } from '@/utils/money'

/** The dashboard's cards, grouped by line of work, by figure key. */
export const CARD_GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'reports.groups.talents', keys: ['talents.registered', 'talents.profiles', 'enterprises.verified', 'positions.published', 'positions.headcount'] },
  { title: 'reports.groups.fairs', keys: ['fairs.held', 'fairs.enterprises', 'fairs.positions', 'fairs.signed_up', 'fairs.checked_in', 'fairs.intents', 'fairs.intents_signed'] },
  { title: 'reports.groups.internships', keys: ['internships.programmes', 'internships.offers', 'internships.applicants', 'internships.placed', 'internships.completed'] },
  { title: 'reports.groups.recruitment', keys: ['recruitment.recruitments', 'recruitment.posts', 'recruitment.headcount', 'recruitment.signed_up', 'recruitment.approved'] },
  { title: 'reports.groups.villagePlan', keys: ['village_plan.applicants', 'village_plan.recommended', 'village_plan.admitted', 'village_plan.poor_villages_covered', 'village_plan.poor_villages_total'] },
  { title: 'reports.groups.symposiums', keys: ['symposiums.held', 'symposiums.attendance'] },
  { title: 'reports.groups.trainings', keys: ['trainings.courses', 'trainings.trainees', 'trainings.completions'] },
  { title: 'reports.groups.subsidies', keys: ['subsidies.applications', 'subsidies.awarded', 'subsidies.awarded_fen', 'subsidies.paid_fen', 'budget.budget_fen', 'budget.remaining_fen'] },
  { title: 'reports.groups.allowances', keys: ['allowances.batches', 'allowances.recipients', 'allowances.total_fen', 'allowances.paid_fen'] },
  { title: 'reports.groups.payouts', keys: ['payouts.paid', 'payouts.paid_fen', 'payouts.failed', 'payouts.failed_fen'] },
]

/** A figure as people read it: money in yuan, counts with their unit word. */
export function figureText(f: Figure, unitWord: (unit: Figure['unit']) => string): string {
  if (f.unit === 'fen') return `${formatYuan(f.value)} ${unitWord('fen')}`
  return `${f.value.toLocaleString('zh-CN')} ${unitWord(f.unit)}`.trim()
}

/** The figure's name in the reader's language. */
export function figureLabel(f: Figure, locale: string): string {
  return locale === 'en' ? f.label_en : f.label_zh
}

/** The figures of one group that the report has, in the group's order. */
export function groupFigures(report: AnnualReport, keys: readonly string[]): { key: string; figure: Figure }[] {
  return keys.flatMap((key) => {
    const figure = report.figures[key]
    return figure ? [{ key, figure }] : []
  })
}

/** One side of a late correction, in the unit of the figure it belongs to. */
export function differenceText(
  d: FigureDifference,
  side: 'frozen' | 'live',
  report: AnnualReport,
  unitWord: (unit: Figure['unit']) => string,
): string {
  const unit = report.figures[d.key]?.unit ?? report.frozen?.figures[d.key]?.unit ?? 'item'
  return figureText({ value: d[side], unit, label_zh: d.label_zh, label_en: d.label_en }, unitWord)
}

/** Placeholders of a summary template that are not in `known`, with their line numbers (from 1). */
export function unknownPlaceholders(template: string, known: readonly string[]): { line: number; key: string }[] {
  const found: { line: number; key: string }[] = []
  template.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/\{([^}]*)\}/g)) {
      const key = (m[1] ?? '').trim()
      if (!known.includes(key)) found.push({ line: i + 1, key })
    }
  })
  return found
}
