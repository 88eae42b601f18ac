import type { AmountRule, PolicyInput, PolicyKind, SubsidyPolicy } from '@/api/subsidies'
import type { AttachmentKind } from '@/api/types'
import { fenToYuan, yuanToFen, type YuanCode } from '@/utils/money'
import { fromCriterion, toCriterion, type CriterionRow } from './criteriaForm'
import { fromPickerDate, toPickerDate } from '@/utils/datetime'

/** The server's limits: an amount up to 100 000 000 yuan, a year's budget up to 10 000 000 000 yuan. */
export const MAX_AMOUNT_FEN = 10_000_000_000
export const MAX_BUDGET_FEN = 1_000_000_000_000

export interface BudgetRow {
  key: number
  year: number | null
  /** As typed, in yuan. */
  yuan: string
}

export interface PolicyForm {
  code: string
  name: string
  description: string
  document_no: string
  kind: PolicyKind
  amount_rule: AmountRule
  /** As typed, in yuan. */
  amount_yuan: string
  budgets: BudgetRow[]
  exclusive_group: string
  required_attachments: AttachmentKind[]
  opens_at: Date | null
  closes_at: Date | null
  notice_days: number | null
  criteria: CriterionRow[]
}

let nextKey = 1
export function budgetRow(year: number | null = null, yuan = ''): BudgetRow {
  return { key: nextKey++, year, yuan }
}

export function emptyPolicyForm(year: number = new Date().getFullYear()): PolicyForm {
  return {
    code: '',
    name: '',
    description: '',
    document_no: '',
    kind: 'application',
    amount_rule: 'up_to',
    amount_yuan: '',
    budgets: [budgetRow(year)],
    exclusive_group: '',
    required_attachments: [],
    opens_at: null,
    closes_at: null,
    notice_days: 5,
    criteria: [],
  }
}

export function policyToForm(policy: SubsidyPolicy): PolicyForm {
  return {
    code: policy.code,
    name: policy.name,
    description: policy.description ?? '',
    document_no: policy.document_no,
    kind: policy.kind,
    amount_rule: policy.amount_rule,
    amount_yuan: fenToYuan(policy.amount_fen),
    budgets: (policy.budgets ?? []).map((b) => budgetRow(b.year, fenToYuan(b.budget_fen))),
    exclusive_group: policy.exclusive_group ?? '',
    required_attachments: [...policy.required_attachments],
    opens_at: toPickerDate(policy.opens_at),
    closes_at: toPickerDate(policy.closes_at),
    notice_days: policy.notice_days,
    criteria: policy.eligibility.map(fromCriterion),
  }
}

export type PolicyFormResult = { ok: true; input: PolicyInput } | { ok: false; field: string; code: YuanCode }

/** The API's input for the form; amounts in yuan become exact fen, or the first bad amount is named. */
export function policyInput(form: PolicyForm): PolicyFormResult {
  const amount = yuanToFen(form.amount_yuan, MAX_AMOUNT_FEN)
  if (!amount.ok) return { ok: false, field: 'amount_yuan', code: amount.code }
  const budgets: PolicyInput['budgets'] = []
  for (const [i, row] of form.budgets.entries()) {
    const budget = yuanToFen(row.yuan, MAX_BUDGET_FEN)
    if (!budget.ok) return { ok: false, field: `budgets.${i}`, code: budget.code }
    budgets.push({ year: row.year ?? 0, budget_fen: budget.fen })
  }
  const roster = form.kind === 'roster'
  return {
    ok: true,
    input: {
      code: form.code.trim(),
      name: form.name.trim(),
      description: form.description.trim() || null,
      document_no: form.document_no.trim(),
      kind: form.kind,
      amount_rule: form.amount_rule,
      amount_fen: amount.fen,
      budgets,
      exclusive_group: form.exclusive_group.trim() || null,
      // Roster policies take no criteria or attachments (the server refuses them).
      required_attachments: roster ? [] : [...form.required_attachments],
      eligibility: roster ? [] : form.criteria.map(toCriterion),
      opens_at: fromPickerDate(form.opens_at),
      closes_at: fromPickerDate(form.closes_at),
      notice_days: form.notice_days,
    },
  }
}
