import type { components, paths } from './schema'
import { call } from './http'
import { api } from './session'

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }

// ---- Types ---------------------------------------------------------------------------------------

export type SubsidyPolicy = Schemas['PolicyView']
export type PolicyPage = Schemas['PolicyPage']
export type PolicyInput = Schemas['PolicyInput']
export type PolicyStatus = Schemas['PolicyStatus']
export type PolicyKind = Schemas['PolicyKind']
export type AmountRule = Schemas['AmountRule']
export type Criterion = Schemas['Criterion']
export type CriterionType = Criterion['type']
export type CriterionResult = Schemas['CriterionResult']
export type Eligibility = Schemas['EligibilityView']
export type Budget = Schemas['BudgetView']
export type BudgetInput = Schemas['BudgetInput']
export type SubsidyApplication = Schemas['ApplicationView']
export type ApplicantStatus = Schemas['ApplicantStatus']
export type HistoryEntry = Schemas['HistoryEntry']
export type ApplicationFile = Schemas['ApplicationFileView']
export type SubsidyNotice = Schemas['NoticeView']
export type NoticePage = Schemas['NoticePage']
export type NoticeEntry = Schemas['NoticeEntry']
export type Objection = Schemas['ObjectionView']
export type ObjectionInput = Schemas['ObjectionInput']
export type ObjectionReceipt = Schemas['ObjectionReceipt']

/** Staff statuses of an application (the applicant only ever sees `applicant_status`). */
export type StaffStatus = Schemas['SubsidyApplicationStatus']

export const STAFF_STATUSES: readonly StaffStatus[] = [
  'draft',
  'submitted',
  'returned',
  'resubmitted',
  'withdrawn',
  'hr_approved',
  'rejected',
  'finance_approved',
  'finance_rejected',
  'in_notice',
  'awarded',
  'objection_upheld',
]

export const APPLICANT_STATUSES: readonly ApplicantStatus[] = [
  'draft',
  'submitted',
  'returned',
  'under_review',
  'approved',
  'not_approved',
  'in_notice',
  'awarded',
  'withdrawn',
]

/** `POST /subsidy-applications` and `PATCH /subsidy-applications/{id}`. */
export type SubsidyApplicationInput = Schemas['SubsidyApplicationInput']
export type SubsidyApplicationPage = Schemas['SubsidyApplicationPage']

export interface SubsidyApplicationQuery {
  status?: StaffStatus
  policy_id?: string
  year?: number
  page?: number
  per_page?: number
}

export type PolicyQuery = Paged<Query<paths['/api/v1/subsidy-policies']['get']>>
export type NoticeQuery = Paged<Query<paths['/api/v1/subsidy-notices']['get']>>

/** The staff status of a row (applicants get none). */
export function staffStatus(application: SubsidyApplication): StaffStatus | null {
  return application.status ?? null
}

// ---- Policies ------------------------------------------------------------------------------------

/** Anyone: active policies; hr, finance and admin every status (with budgets). */
export function listPolicies(query: PolicyQuery): Promise<PolicyPage> {
  return call(api.GET('/api/v1/subsidy-policies', { params: { query } }))
}

export function getPolicy(id: string): Promise<SubsidyPolicy> {
  return call(api.GET('/api/v1/subsidy-policies/{id}', { params: { path: { id } } }))
}

export function createPolicy(body: PolicyInput): Promise<SubsidyPolicy> {
  return call(api.POST('/api/v1/subsidy-policies', { body }))
}

export function updatePolicy(id: string, body: PolicyInput): Promise<SubsidyPolicy> {
  return call(api.PATCH('/api/v1/subsidy-policies/{id}', { params: { path: { id } }, body }))
}

export function activatePolicy(id: string): Promise<SubsidyPolicy> {
  return call(api.POST('/api/v1/subsidy-policies/{id}/activate', { params: { path: { id } } }))
}

export function closePolicy(id: string): Promise<SubsidyPolicy> {
  return call(api.POST('/api/v1/subsidy-policies/{id}/close', { params: { path: { id } } }))
}

/** A draft copy of the policy with the next version number. */
export function newPolicyVersion(id: string): Promise<SubsidyPolicy> {
  return call(api.POST('/api/v1/subsidy-policies/{id}/new-version', { params: { path: { id } } }))
}

export function setBudget(id: string, year: number, budgetFen: number): Promise<Budget> {
  return call(api.PUT('/api/v1/subsidy-policies/{id}/budgets/{year}', { params: { path: { id, year } }, body: { budget_fen: budgetFen } }))
}

export function getBudget(id: string, year?: number): Promise<Budget> {
  return call(api.GET('/api/v1/subsidy-policies/{id}/budget', { params: { path: { id }, query: year ? { year } : {} } }))
}

/** Applicant: the machine's check of my profile against each criterion. */
export function checkEligibility(id: string): Promise<Eligibility> {
  return call(api.GET('/api/v1/subsidy-policies/{id}/eligibility', { params: { path: { id } } }))
}

// ---- Applications --------------------------------------------------------------------------------

/** Applicants get their own; staff everything, filtered by status for a queue. */
export function listApplications(query: SubsidyApplicationQuery): Promise<SubsidyApplicationPage> {
  return call(api.GET('/api/v1/subsidy-applications', { params: { query } }))
}

export function getApplication(id: string): Promise<SubsidyApplication> {
  return call(api.GET('/api/v1/subsidy-applications/{id}', { params: { path: { id } } }))
}

/** A draft; `submitApplication` sends it to HR. */
export function createApplication(input: SubsidyApplicationInput): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications', { body: input }))
}

export function updateApplication(id: string, input: SubsidyApplicationInput): Promise<SubsidyApplication> {
  return call(api.PATCH('/api/v1/subsidy-applications/{id}', { params: { path: { id } }, body: input }))
}

export function applicationHistory(id: string): Promise<HistoryEntry[]> {
  return call(api.GET('/api/v1/subsidy-applications/{id}/history', { params: { path: { id } } }))
}

export function submitApplication(id: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/submit', { params: { path: { id } } }))
}

export function withdrawApplication(id: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/withdraw', { params: { path: { id } } }))
}

export function returnApplication(id: string, reason: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/return', { params: { path: { id } }, body: { reason } }))
}

export function rejectApplication(id: string, reason: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

export function approveApplication(id: string, grantedFen: number | null, note: string | null): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/approve', { params: { path: { id } }, body: { granted_fen: grantedFen, note } }))
}

export function financeApprove(id: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/finance-approve', { params: { path: { id } } }))
}

export function financeReject(id: string, reason: string): Promise<SubsidyApplication> {
  return call(api.POST('/api/v1/subsidy-applications/{id}/finance-reject', { params: { path: { id } }, body: { reason } }))
}

// ---- Notices and objections ----------------------------------------------------------------------

/** Anyone: notices with masked names. */
export function listNotices(query: NoticeQuery): Promise<NoticePage> {
  return call(api.GET('/api/v1/subsidy-notices', { params: { query } }))
}

export function getNotice(id: string): Promise<SubsidyNotice> {
  return call(api.GET('/api/v1/subsidy-notices/{id}', { params: { path: { id } } }))
}

export function publishNotice(policyId: string, applicationIds: string[]): Promise<SubsidyNotice> {
  return call(api.POST('/api/v1/subsidy-notices', { body: { policy_id: policyId, application_ids: applicationIds } }))
}

export function listObjections(noticeId: string): Promise<Objection[]> {
  return call(api.GET('/api/v1/subsidy-notices/{id}/objections', { params: { path: { id: noticeId } } }))
}

/** Anyone, no sign-in. */
export function objectToNotice(noticeId: string, body: ObjectionInput): Promise<ObjectionReceipt> {
  return call(api.POST('/api/v1/subsidy-notices/{id}/objections', { params: { path: { id: noticeId } }, body }))
}

export function upholdObjection(id: string, note: string): Promise<Objection> {
  return call(api.POST('/api/v1/subsidy-objections/{id}/uphold', { params: { path: { id } }, body: { note } }))
}

export function dismissObjection(id: string, note: string): Promise<Objection> {
  return call(api.POST('/api/v1/subsidy-objections/{id}/dismiss', { params: { path: { id } }, body: { note } }))
}
