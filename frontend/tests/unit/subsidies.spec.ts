import { describe, expect, it } from 'vitest'
import type { Criterion, SubsidyPolicy } from '@/api/subsidies'
import { APPLICANT_STATUSES, staffStatus, type SubsidyApplication } from '@/api/subsidies'
import { ApiError, toApiError } from '@/api/problem'
import { createAppI18n } from '@/i18n'
import { describeError, describeFieldError, type Translator } from '@/i18n/problem'
import subsidiesEn from '@/i18n/locales/subsidies.en'
import subsidiesZhCN from '@/i18n/locales/subsidies.zh-CN'
import { checkRow, checkRows, CRITERION_TYPES, emptyRow, fromCriterion, regionCode, toCriterion } from '@/views/subsidies/criteriaForm'
import { emptyPolicyForm, policyInput, policyToForm } from '@/views/subsidies/policyForm'
import { applicantStatusLabel, criterionText, statusTone } from '@/views/subsidies/subsidyText'

function translator(locale: 'zh-CN' | 'en'): Translator {
  const i18n = createAppI18n(locale)
  return { t: (key, params) => i18n.global.t(key, params ?? {}), te: (key) => i18n.global.te(key) }
}

function keys(table: unknown, prefix = ''): string[] {
  if (typeof table !== 'object' || table === null) return [prefix]
  return Object.entries(table).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k))
}

const EVERY_CRITERION: Criterion[] = [
  { type: 'categories_any', categories: ['graduate', 'entrepreneur'] },
  { type: 'min_education', level: 'bachelor' },
  { type: 'age_between', min: 18, max: 35 },
  { type: 'graduated_within_years', years: 5 },
  { type: 'id_region_prefix', prefixes: ['4301', '430121'] },
  { type: 'has_enterprise' },
  { type: 'min_employment_intents_signed', count: 2 },
]

describe('criterion form ↔ API JSON', () => {
  it('round-trips every criterion type exactly', () => {
    for (const c of EVERY_CRITERION) expect(toCriterion(fromCriterion(c))).toEqual(c)
    expect(EVERY_CRITERION.map((c) => c.type)).toEqual([...CRITERION_TYPES])
  })

  it('sends only the parameters of the row’s type, whatever else was typed', () => {
    const row = emptyRow('categories_any')
    row.categories = ['graduate']
    row.level = 'master'
    row.years = 3
    row.prefixes = ['43']
    expect(toCriterion(row)).toEqual({ type: 'categories_any', categories: ['graduate'] })
    row.type = 'has_enterprise'
    expect(toCriterion(row)).toEqual({ type: 'has_enterprise' })
    row.type = 'graduated_within_years'
    expect(toCriterion(row)).toEqual({ type: 'graduated_within_years', years: 3 })
    const age = fromCriterion({ type: 'age_between', min: 20 })
    expect(age.max).toBeNull()
    expect(toCriterion(age)).toEqual({ type: 'age_between', min: 20, max: null })
  })

  it('makes the server’s checks before sending', () => {
    expect(checkRow(emptyRow('categories_any'))).toBe('required')
    expect(checkRow(emptyRow('min_education'))).toBe('required')
    expect(checkRow(emptyRow('age_between'))).toBe('out_of_range')
    expect(checkRow(fromCriterion({ type: 'age_between', min: 40, max: 30 }))).toBe('out_of_range')
    expect(checkRow(fromCriterion({ type: 'age_between', min: 15 }))).toBe('out_of_range')
    expect(checkRow(fromCriterion({ type: 'age_between', max: 45 }))).toBeNull()
    expect(checkRow(fromCriterion({ type: 'graduated_within_years', years: 0 }))).toBe('out_of_range')
    expect(checkRow(fromCriterion({ type: 'id_region_prefix', prefixes: [] }))).toBe('required')
    expect(checkRow(fromCriterion({ type: 'id_region_prefix', prefixes: ['4'] }))).toBe('invalid_value')
    expect(checkRow(fromCriterion({ type: 'min_employment_intents_signed', count: 0 }))).toBe('out_of_range')
    expect(checkRow(emptyRow('has_enterprise'))).toBeNull()
    for (const c of EVERY_CRITERION) expect(checkRow(fromCriterion(c))).toBeNull()
    const rows = [fromCriterion({ type: 'min_education', level: 'bachelor' }), fromCriterion({ type: 'min_education', level: 'master' })]
    expect(checkRows(rows)).toEqual([null, 'duplicate'])
    expect(regionCode(' 4301 ')).toBe('4301')
    expect(regionCode('4301234')).toBeNull()
    expect(regionCode('43a1')).toBeNull()
  })

  it('turns the policy form into the API input with exact fen, and back', () => {
    const form = emptyPolicyForm(2026)
    Object.assign(form, {
      code: ' CXCY-2026 ',
      name: '创业补贴',
      document_no: '县人才办〔2026〕1号',
      amount_yuan: '1234.56',
      // What the pickers hand over for 2026-01-01 08:00 and 2026-12-31 08:00 typed in Beijing time.
      opens_at: new Date(2026, 0, 1, 8, 0),
      closes_at: new Date(2026, 11, 31, 8, 0),
      required_attachments: ['resume'],
      criteria: [fromCriterion({ type: 'min_education', level: 'bachelor' })],
    })
    form.budgets[0]!.yuan = '500000.10'
    const result = policyInput(form)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.input).toMatchObject({
      code: 'CXCY-2026',
      amount_fen: 123456,
      budgets: [{ year: 2026, budget_fen: 50000010 }],
      eligibility: [{ type: 'min_education', level: 'bachelor' }],
      required_attachments: ['resume'],
      description: null,
      exclusive_group: null,
      opens_at: '2026-01-01T00:00:00.000Z',
    })
    const bad = policyInput({ ...form, amount_yuan: '0.001' })
    expect(bad).toEqual({ ok: false, field: 'amount_yuan', code: 'too_many_decimals' })
    // A roster policy sends no criteria or attachments.
    const roster = policyInput({ ...form, kind: 'roster' })
    expect(roster.ok && roster.input.eligibility).toEqual([])
    const back = policyToForm({
      ...result.input,
      id: 'p1',
      version: 1,
      status: 'draft',
      open_now: false,
      notice_days: 5,
      eligibility: result.input.eligibility ?? [],
      required_attachments: ['resume'],
      budgets: [{ year: 2026, budget_fen: 50000010, reserved_fen: 0, paid_fen: 0, remaining_fen: 50000010 }],
      created_at: '',
      updated_at: '',
    } as unknown as SubsidyPolicy)
    expect(back.amount_yuan).toBe('1234.56')
    expect(back.budgets[0]).toMatchObject({ year: 2026, yuan: '500000.10' })
    expect(back.criteria.map(toCriterion)).toEqual([{ type: 'min_education', level: 'bachelor' }])
  })
})

describe('subsidy wording', () => {
  it('has the same keys in both languages, merged without losing the others', () => {
    expect(keys(subsidiesEn).sort()).toEqual(keys(subsidiesZhCN).sort())
    for (const locale of ['zh-CN', 'en'] as const) {
      const tr = translator(locale)
      for (const key of keys(subsidiesZhCN)) expect(tr.te(key), `${locale} ${key}`).toBe(true)
      expect(tr.te('menu.myTickets') && tr.te('menu.myInternships') && tr.te('fieldErrors.ticket_code.required')).toBe(true)
      expect(tr.te('workspace.finance.title') && tr.te('workspace.hr.title') && tr.te('errors.capacity_full')).toBe(true)
    }
  })

  it('tells the applicant in their own words', () => {
    const zh = translator('zh-CN')
    const words = APPLICANT_STATUSES.map((s) => applicantStatusLabel(zh, s))
    expect(words).toEqual(['草稿', '提交成功', '退回补充材料', '审核中', '已通过', '未通过', '公示中', '已核定待发放', '已撤回'])
    expect(applicantStatusLabel(translator('en'), 'returned')).toBe('Returned for more')
    expect(statusTone('returned')).toBe('warning')
    expect(statusTone('not_approved')).toBe('danger')
    expect(statusTone('awarded')).toBe('success')
    expect(statusTone('under_review')).toBe('primary')
  })

  it('reads the staff status whatever the document types it as', () => {
    const app = { status: 'hr_approved' } as unknown as SubsidyApplication
    expect(staffStatus(app)).toBe('hr_approved')
    expect(staffStatus({ status: null } as unknown as SubsidyApplication)).toBeNull()
  })

  it('says how much budget is left, and which criteria are not met', () => {
    const problem = toApiError(409, new Headers(), { code: 'budget_exceeded', detail: 'x', remaining_fen: 123456 })
    expect(problem.remainingFen).toBe(123456)
    expect(describeError(translator('zh-CN'), problem)).toBe('该政策当年预算不足，剩余 1,234.56 元。')
    expect(describeError(translator('en'), problem)).toBe('The policy’s budget for that year is not enough: ¥1,234.56 is left.')
    expect(describeError(translator('zh-CN'), new ApiError({ status: 409, code: 'budget_exceeded' }))).toBe('该政策当年预算不足。')
    expect(describeError(translator('zh-CN'), new ApiError({ status: 409, code: 'same_person' }))).toContain('同一人')
    const zh = translator('zh-CN')
    expect(describeFieldError(zh, { field: 'eligibility.min_education', code: 'not_met', message: '' })).toBe('学历不符合。')
    expect(describeFieldError(zh, { field: 'attachment_ids', code: 'missing_attachment', message: '' })).toContain('缺少必需的材料')
    expect(describeFieldError(zh, { field: 'budget_fen', code: 'below_used', message: '' })).toContain('不能低于')
    // Shared field tables keep their older entries.
    expect(zh.te('fieldErrors.credit_code.invalid_checksum')).toBe(true)
  })

  it('describes criteria in words', () => {
    const zh = translator('zh-CN')
    expect(criterionText(zh, { type: 'min_education', level: 'bachelor' })).toBe('最低学历：本科')
    expect(criterionText(zh, { type: 'age_between', min: 18, max: 35 })).toBe('年龄：18 至 35 周岁')
    expect(criterionText(translator('en'), { type: 'has_enterprise' })).toBe('Owns a verified enterprise')
  })
})
