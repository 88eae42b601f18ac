import type { AnnualReport, Figure } from '@/api/reports'
import { formatYuan } from '@/utils/money'

/** The dashboard's cards, grouped by line of work, by figure key. */
export const CARD_GROUPS: readonly { title: string; keys: readonly string[] }[] = [
  { title: 'reports.groups.talents', keys: ['talents.registered', 'talents.profiles', 'enterprises.verified', 'positions.published', 'positions.headcount'] },
  { title: 'reports.groups.fairs', keys: ['fairs.held', 'fairs.enterprises', 'fairs.positions', 'fairs.signed_up', 'fairs.checked_in', 'fairs.intents', 'fairs.intents_signed'] },
  { title: 'reports.groups.internships', keys: ['internships.programmes', 'internships.offers', 'internships.applicants', 'internships.placed', 'internships.completed'] },
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
