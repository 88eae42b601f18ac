import type { components, paths } from './schema'
import { call } from './http'
import { api } from './session'

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

// The server's document types every status as a plain string; these unions are the values it
// documents in the descriptions (src/internships/rules.rs), narrowed by the guards below.
export const PROGRAM_STATUSES = ['draft', 'published', 'closed'] as const
export const OFFER_STATUSES = ['pending', 'approved', 'rejected'] as const
export const APPLICATION_STATUSES = ['submitted', 'accepted', 'rejected', 'withdrawn', 'in_progress', 'completed', 'terminated'] as const
export type ProgramStatus = (typeof PROGRAM_STATUSES)[number]
export type OfferStatus = (typeof OFFER_STATUSES)[number]
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]

export type InternshipProgram = Schemas['InternshipProgram']
export type ProgramPage = Schemas['ProgramPage']
export type ProgramInput = Schemas['ProgramInput']
export type ProgramDetail = Schemas['ProgramDetail']
export type ProgramStats = Schemas['ProgramStats']
export type CountBy = Schemas['CountBy']
export type InternshipPosition = Schemas['InternshipPosition']
export type OfferInput = Schemas['OfferInput']
export type InternshipApplication = Schemas['InternshipApplication']
export type ApplicationPage = Schemas['ApplicationPage']
export type CompleteInput = Schemas['CompleteInput']

/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }
export type ProgramQuery = Paged<Query<paths['/api/v1/internship-programs']['get']>>
export type ApplicationQuery = Paged<Query<paths['/api/v1/internship-applications']['get']>>

// ---- Programmes ---------------------------------------------------------------------------------

/** Public: published and closed programmes; hr/admin also see drafts. */
export function listPrograms(query: ProgramQuery): Promise<ProgramPage> {
  return call(api.GET('/api/v1/internship-programs', { params: { query } }))
}

/** The programme with its offers: approved ones for everyone, all of them for hr/admin. */
export function getProgram(id: string): Promise<ProgramDetail> {
  return call(api.GET('/api/v1/internship-programs/{id}', { params: { path: { id } } }))
}

export function createProgram(body: ProgramInput): Promise<InternshipProgram> {
  return call(api.POST('/api/v1/internship-programs', { body }))
}

export function publishProgram(id: string): Promise<InternshipProgram> {
  return call(api.POST('/api/v1/internship-programs/{id}/publish', { params: { path: { id } } }))
}

export function closeProgram(id: string): Promise<InternshipProgram> {
  return call(api.POST('/api/v1/internship-programs/{id}/close', { params: { path: { id } } }))
}

export function getProgramStats(id: string): Promise<ProgramStats> {
  return call(api.GET('/api/v1/internship-programs/{id}/stats', { params: { path: { id } } }))
}

// ---- Internship positions (offers) --------------------------------------------------------------

/** Employer: every internship position of my enterprise, in any programme and status. */
export function listMyOffers(): Promise<InternshipPosition[]> {
  return call(api.GET('/api/v1/me/internship-positions'))
}

export function offerPosition(body: OfferInput): Promise<InternshipPosition> {
  return call(api.POST('/api/v1/internship-positions', { body }))
}

export function approveOffer(id: string): Promise<InternshipPosition> {
  return call(api.POST('/api/v1/internship-positions/{id}/approve', { params: { path: { id } } }))
}

export function rejectOffer(id: string, reason: string): Promise<InternshipPosition> {
  return call(api.POST('/api/v1/internship-positions/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

// ---- Applications and placements ----------------------------------------------------------------

export function applyFor(internshipPositionId: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications', { body: { internship_position_id: internshipPositionId } }))
}

/** The applicant's own, the employer's offers', or (hr/admin) every application. */
export function listApplications(query: ApplicationQuery): Promise<ApplicationPage> {
  return call(api.GET('/api/v1/internship-applications', { params: { query } }))
}

export function acceptApplication(id: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/accept', { params: { path: { id } } }))
}

export function rejectApplication(id: string, reason: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

export function withdrawApplication(id: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/withdraw', { params: { path: { id } } }))
}

export function startInternship(id: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/start', { params: { path: { id } } }))
}

export function completeInternship(id: string, body: CompleteInput): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/complete', { params: { path: { id } }, body }))
}

export function terminateInternship(id: string, reason: string): Promise<InternshipApplication> {
  return call(api.POST('/api/v1/internship-applications/{id}/terminate', { params: { path: { id } }, body: { reason } }))
}
