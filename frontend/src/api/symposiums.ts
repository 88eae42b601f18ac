import type { components, paths } from './schema'
import { call } from './http'
import { api } from './session'

// Symposiums (科技人才座谈会 / 青年人才座谈会): HR's meetings, invitations from the talent pool by
// filter, RSVP, attendance and summary; the applicant's "my symposiums".

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }

export type Symposium = Schemas['Symposium']
export type SymposiumInput = Schemas['SymposiumInput']
export type SymposiumPage = Schemas['SymposiumPage']
export type SymposiumKind = Schemas['SymposiumKind']
export type SymposiumStatus = Schemas['SymposiumStatus']
export type Invitation = Schemas['SymposiumInvitation']
export type InvitationPage = Schemas['InvitationPage']
export type InviteFilter = Schemas['InviteFilter']
export type InvitePreview = Schemas['InvitePreview']
export type InviteResult = Schemas['InviteResult']
export type MySymposium = Schemas['MySymposium']
export type MySymposiumPage = Schemas['MySymposiumPage']
export type Rsvp = Schemas['Rsvp']
export type AttendanceEntry = Schemas['AttendanceEntry']

export type SymposiumQuery = Paged<Query<paths['/api/v1/symposiums']['get']>>
export type PageQuery = { page?: number; per_page?: number }

export const SYMPOSIUM_KINDS: readonly SymposiumKind[] = ['sci_tech', 'youth', 'other']
export const SYMPOSIUM_STATUSES: readonly SymposiumStatus[] = ['draft', 'invited', 'held', 'cancelled']

export function listSymposiums(query: SymposiumQuery): Promise<SymposiumPage> {
  return call(api.GET('/api/v1/symposiums', { params: { query } }))
}

export function getSymposium(id: string): Promise<Symposium> {
  return call(api.GET('/api/v1/symposiums/{id}', { params: { path: { id } } }))
}

export function createSymposium(body: SymposiumInput): Promise<Symposium> {
  return call(api.POST('/api/v1/symposiums', { body }))
}

export function updateSymposium(id: string, body: SymposiumInput): Promise<Symposium> {
  return call(api.PUT('/api/v1/symposiums/{id}', { params: { path: { id } }, body }))
}

export function holdSymposium(id: string, summary: string | null): Promise<Symposium> {
  return call(api.POST('/api/v1/symposiums/{id}/hold', { params: { path: { id } }, body: { summary } }))
}

export function cancelSymposium(id: string): Promise<Symposium> {
  return call(api.POST('/api/v1/symposiums/{id}/cancel', { params: { path: { id } } }))
}

export function recordSummary(id: string, summary: string): Promise<Symposium> {
  return call(api.PUT('/api/v1/symposiums/{id}/summary', { params: { path: { id } }, body: { summary } }))
}

export function listInvitations(id: string, query: PageQuery): Promise<InvitationPage> {
  return call(api.GET('/api/v1/symposiums/{id}/invitations', { params: { path: { id }, query } }))
}

export function previewInvitations(id: string, filter: InviteFilter): Promise<InvitePreview> {
  return call(api.GET('/api/v1/symposiums/{id}/invite-preview', { params: { path: { id }, query: filter } }))
}

export function invite(id: string, filter: InviteFilter): Promise<InviteResult> {
  return call(api.POST('/api/v1/symposiums/{id}/invitations', { params: { path: { id } }, body: filter }))
}

export function recordAttendance(id: string, entries: AttendanceEntry[]): Promise<Symposium> {
  return call(api.PUT('/api/v1/symposiums/{id}/attendance', { params: { path: { id } }, body: { entries } }))
}

export function listMySymposiums(query: PageQuery): Promise<MySymposiumPage> {
  return call(api.GET('/api/v1/me/symposiums', { params: { query } }))
}

export async function rsvp(invitationId: string, response: Rsvp): Promise<void> {
  await call(api.POST('/api/v1/symposium-invitations/{id}/rsvp', { params: { path: { id: invitationId } }, body: { response } }))
}
