import type { ApplicantStatus, Criterion, SubsidyPolicy } from '@/api/subsidies'
import type { Translator } from '@/i18n/problem'
import { formatYuan } from '@/utils/money'

export type StatusKind = 'applicant' | 'staff' | 'policy' | 'notice' | 'objection'
export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** A status as its reader is told it; the raw value when no label exists. */
export function statusLabel(tr: Translator, kind: StatusKind, status: string): string {
  const key = `subsidyStatus.${kind}.${status}`
  return tr.te(key) ? tr.t(key) : status
}

/** What the applicant reads for their own application (提交成功, 退回补充材料, 审核中 …). */
export function applicantStatusLabel(tr: Translator, status: ApplicantStatus): string {
  return statusLabel(tr, 'applicant', status)
}

const GOOD = ['approved', 'awarded', 'active', 'finance_approved', 'upheld', 'hr_approved']
const BAD = ['rejected', 'not_approved', 'finance_rejected', 'objection_upheld']
const DONE = ['withdrawn', 'closed', 'dismissed', 'draft']
const NEEDS_YOU = ['returned']

/** The tag colour: good, bad, finished, needs the applicant, or waiting. */
export function statusTone(status: string): Tone {
  if (GOOD.includes(status)) return 'success'
  if (BAD.includes(status)) return 'danger'
  if (DONE.includes(status)) return 'info'
  if (NEEDS_YOU.includes(status)) return 'warning'
  return 'primary'
}

/** "最高 50,000.00 元" or "5,000.00 元（定额）". */
export function policyAmountText(tr: Translator, policy: Pick<SubsidyPolicy, 'amount_rule' | 'amount_fen'>): string {
  const amount = formatYuan(policy.amount_fen)
  return policy.amount_rule === 'fixed' ? tr.t('subsidies.amountFixed', { amount }) : tr.t('subsidies.amountUpTo', { amount })
}

/** The current year in the county (Asia/Shanghai), for budgets and queues. */
export function currentYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
}

/** One criterion in words for the public page: "最低学历：本科", "年龄：18 至 35 周岁". */
export function criterionText(tr: Translator, c: Criterion): string {
  const name = tr.t(`criterion.${c.type}`)
  const sep = tr.t('criterionText.listSep')
  let value = ''
  switch (c.type) {
    case 'categories_any':
      value = c.categories.map((k) => tr.t(`talentCategory.${k}`)).join(sep)
      break
    case 'min_education':
      value = tr.t(`educationLevel.${c.level}`)
      break
    case 'age_between':
      if (c.min != null && c.max != null) value = tr.t('criterionText.ageBetween', { min: c.min, max: c.max })
      else if (c.min != null) value = tr.t('criterionText.ageAtLeast', { min: c.min })
      else if (c.max != null) value = tr.t('criterionText.ageAtMost', { max: c.max })
      break
    case 'graduated_within_years':
      value = tr.t('criterionText.graduatedWithin', { n: c.years })
      break
    case 'id_region_prefix':
      value = c.prefixes.join(sep)
      break
    case 'min_employment_intents_signed':
      value = tr.t('criterionText.intentsAtLeast', { n: c.count })
      break
    case 'has_enterprise':
      break
  }
  return value ? tr.t('criterionText.pair', { name, value }) : name
}
