import type { components, paths } from './schema'
import { call, callFile, type DownloadedFile } from './http'
import { api } from './session'

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type FairStatus = Schemas['FairStatus']
export type JobFair = Schemas['JobFair']
export type JobFairPage = Schemas['JobFairPage']
export type FairInput = Schemas['FairInput']
export type FairPatch = Schemas['FairPatch']
export type FairRegistration = Schemas['FairRegistration']
export type RegistrationPage = Schemas['RegistrationPage']
export type RegistrationStatus = Schemas['RegistrationStatus']
export type FairStats = Schemas['FairStats']
export type YearStats = Schemas['YearStats']
export type CheckInResult = Schemas['CheckInResult']
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }
export type FairQuery = Paged<Query<paths['/api/v1/job-fairs']['get']>>
export type RegistrationQuery = Paged<Omit<Query<paths['/api/v1/job-fairs/{id}/registrations']['get']>, 'format'>>

export type BoothStatus = Schemas['BoothStatus']
export type Booth = Schemas['Booth']
export type IntentStatus = Schemas['IntentStatus']
export type Intent = Schemas['EmploymentIntent']
export type IntentInput = Schemas['IntentInput']
export type IntentQuery = Query<paths['/api/v1/employment-intents']['get']>

export const BOOTH_STATUSES: readonly BoothStatus[] = ['pending', 'approved', 'rejected']
export const INTENT_STATUSES: readonly IntentStatus[] = ['intended', 'signed', 'withdrawn']

/** A fair's public page: the fair with its approved booths (and their positions). */
export type FairDetail = JobFair

// ---- Fairs --------------------------------------------------------------------------------------

/** Public: published fairs, upcoming first; hr/admin may filter by any status. */
export function listFairs(query: FairQuery): Promise<JobFairPage> {
  return call(api.GET('/api/v1/job-fairs', { params: { query } }))
}

export function getFair(id: string): Promise<FairDetail> {
  return call(api.GET('/api/v1/job-fairs/{id}', { params: { path: { id } } }))
}

export function createFair(body: FairInput): Promise<JobFair> {
  return call(api.POST('/api/v1/job-fairs', { body }))
}

export function updateFair(id: string, body: FairPatch): Promise<JobFair> {
  return call(api.PATCH('/api/v1/job-fairs/{id}', { params: { path: { id } }, body }))
}

export function publishFair(id: string): Promise<JobFair> {
  return call(api.POST('/api/v1/job-fairs/{id}/publish', { params: { path: { id } } }))
}

export function closeFair(id: string): Promise<JobFair> {
  return call(api.POST('/api/v1/job-fairs/{id}/close', { params: { path: { id } } }))
}

export function finishFair(id: string): Promise<JobFair> {
  return call(api.POST('/api/v1/job-fairs/{id}/finish', { params: { path: { id } } }))
}

export function cancelFair(id: string, reason: string): Promise<JobFair> {
  return call(api.POST('/api/v1/job-fairs/{id}/cancel', { params: { path: { id } }, body: { reason } }))
}

// ---- Sign-ups and tickets -----------------------------------------------------------------------

/** A ticket while places last, else a place on the waiting list. */
export function signUp(fairId: string): Promise<FairRegistration> {
  return call(api.POST('/api/v1/job-fairs/{id}/registrations', { params: { path: { id: fairId } }, body: {} }))
}

export async function cancelRegistration(fairId: string, registrationId: string): Promise<void> {
  await call(api.DELETE('/api/v1/job-fairs/{id}/registrations/{registration_id}', { params: { path: { id: fairId, registration_id: registrationId } } }))
}

export function listMyRegistrations(): Promise<FairRegistration[]> {
  return call(api.GET('/api/v1/me/registrations'))
}

export function listRegistrations(fairId: string, query: RegistrationQuery): Promise<RegistrationPage> {
  return call(api.GET('/api/v1/job-fairs/{id}/registrations', { params: { path: { id: fairId }, query } }))
}

export function exportRegistrations(fairId: string, query: RegistrationQuery): Promise<DownloadedFile> {
  return callFile(
    api.GET('/api/v1/job-fairs/{id}/registrations', {
      params: { path: { id: fairId }, query: { ...query, format: 'csv', page: undefined, per_page: undefined } },
      parseAs: 'blob',
    }),
  )
}

export function checkIn(fairId: string, ticketCode: string): Promise<CheckInResult> {
  return call(api.POST('/api/v1/job-fairs/{id}/check-in', { params: { path: { id: fairId } }, body: { ticket_code: ticketCode } }))
}

// ---- Statistics ---------------------------------------------------------------------------------

export function getFairStats(fairId: string): Promise<FairStats> {
  return call(api.GET('/api/v1/job-fairs/{id}/stats', { params: { path: { id: fairId } } }))
}

export function getYearStats(year: number): Promise<YearStats> {
  return call(api.GET('/api/v1/job-fairs/stats', { params: { query: { year } } }))
}

// ---- Booths ------------------------------------------------------------------------------------

export function requestBooth(fairId: string, positionIds: string[]): Promise<Booth> {
  return call(api.POST('/api/v1/job-fairs/{id}/booths', { params: { path: { id: fairId } }, body: { position_ids: positionIds } }))
}

/** Anyone: the approved booths; hr/admin: any status. */
export function listBooths(fairId: string, status?: BoothStatus | ''): Promise<Booth[]> {
  return call(api.GET('/api/v1/job-fairs/{id}/booths', { params: { path: { id: fairId }, query: { status: status || undefined } } }))
}

export function approveBooth(fairId: string, boothId: string): Promise<Booth> {
  return call(api.POST('/api/v1/job-fairs/{id}/booths/{booth_id}/approve', { params: { path: { id: fairId, booth_id: boothId } } }))
}

export function rejectBooth(fairId: string, boothId: string, reason: string): Promise<Booth> {
  return call(api.POST('/api/v1/job-fairs/{id}/booths/{booth_id}/reject', { params: { path: { id: fairId, booth_id: boothId } }, body: { reason } }))
}

export function listMyBooths(): Promise<Booth[]> {
  return call(api.GET('/api/v1/me/booths'))
}

// ---- Employment intents -------------------------------------------------------------------------

export function recordIntent(body: IntentInput): Promise<Intent> {
  return call(api.POST('/api/v1/employment-intents', { body }))
}

/** Up to 100 intents (the applicant's own, the employer's enterprise's, or all for HR). */
export async function listIntents(query: { job_fair_id?: string; status?: IntentStatus | '' } = {}): Promise<Intent[]> {
  const q: IntentQuery = { job_fair_id: query.job_fair_id, status: query.status || undefined, per_page: 100 }
  return (await call(api.GET('/api/v1/employment-intents', { params: { query: q } }))).items
}

export function signIntent(id: string): Promise<Intent> {
  return call(api.POST('/api/v1/employment-intents/{id}/sign', { params: { path: { id } } }))
}

export function withdrawIntent(id: string): Promise<Intent> {
  return call(api.POST('/api/v1/employment-intents/{id}/withdraw', { params: { path: { id } } }))
}
