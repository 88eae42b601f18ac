import type { components, paths } from './schema'
import { call } from './http'
import { api } from './session'
import { upload } from './upload'

// Villages (村/社区) and townships (乡镇) as reference data, and the village college-student plan
// (一村多名大学生计划): yearly rounds, candidacies, the coverage of poor villages.

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }

export type TownshipView = Schemas['TownshipView']
export type VillageView = Schemas['VillageView']
export type VillagePage = Schemas['VillagePage']
export type VillageInput = Schemas['VillageInput']
export type VillageKind = Schemas['VillageKind']
export type VillageImportOutcome = Schemas['VillageImportOutcome']
export type RoundView = Schemas['VillagePlanRound']
export type RoundInput = Schemas['RoundInput']
export type RoundStatus = Schemas['RoundStatus']
export type CandidateView = Schemas['VillagePlanCandidate']
export type CandidateStatus = Schemas['CandidateStatus']
export type CandidatePage = Schemas['CandidatePage']
export type CandidateInput = Schemas['CandidateInput']
export type Coverage = Schemas['Coverage']
export type CoverageRow = Schemas['CoverageRow']

export type VillageQuery = Paged<Query<paths['/api/v1/villages']['get']>>
export type CandidateQuery = Paged<Query<paths['/api/v1/village-plan/rounds/{id}/candidates']['get']>>

/** Every township (a county has a few dozen). */
export async function listTownships(): Promise<TownshipView[]> {
  const page = await call(api.GET('/api/v1/townships', { params: { query: { per_page: 100 } } }))
  return page.items
}

export function listVillages(query: VillageQuery): Promise<VillagePage> {
  return call(api.GET('/api/v1/villages', { params: { query } }))
}

export function getVillage(id: string): Promise<VillageView> {
  return call(api.GET('/api/v1/villages/{id}', { params: { path: { id } } }))
}

export function createVillage(body: VillageInput): Promise<VillageView> {
  return call(api.POST('/api/v1/villages', { body }))
}

export function updateVillage(id: string, body: VillageInput): Promise<VillageView> {
  return call(api.PUT('/api/v1/villages/{id}', { params: { path: { id } }, body }))
}

export function mergeVillage(id: string, intoVillageId: string, year: number): Promise<VillageView> {
  return call(api.POST('/api/v1/villages/{id}/merge', { params: { path: { id } }, body: { into_village_id: intoVillageId, year } }))
}

export function unmergeVillage(id: string): Promise<VillageView> {
  return call(api.POST('/api/v1/villages/{id}/unmerge', { params: { path: { id } } }))
}

export function createTownship(code: string, name: string): Promise<TownshipView> {
  return call(api.POST('/api/v1/townships', { body: { code, name } }))
}

/** Import townships and villages: all rows or none (ApiError `file_rejected` with `extensions.rows`). */
export function importVillages(file: File): Promise<VillageImportOutcome> {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload<VillageImportOutcome>({ method: 'POST', path: '/villages/import', form })
}

export async function listRounds(): Promise<RoundView[]> {
  const page = await call(api.GET('/api/v1/village-plan/rounds', { params: { query: { per_page: 100 } } }))
  return page.items
}

export function createRound(body: RoundInput): Promise<RoundView> {
  return call(api.POST('/api/v1/village-plan/rounds', { body }))
}

export function updateRound(id: string, body: RoundInput): Promise<RoundView> {
  return call(api.PUT('/api/v1/village-plan/rounds/{id}', { params: { path: { id } }, body }))
}

export function openRound(id: string): Promise<RoundView> {
  return call(api.POST('/api/v1/village-plan/rounds/{id}/open', { params: { path: { id } } }))
}

export function closeRound(id: string): Promise<RoundView> {
  return call(api.POST('/api/v1/village-plan/rounds/{id}/close', { params: { path: { id } } }))
}

export function listCandidates(id: string, query: CandidateQuery): Promise<CandidatePage> {
  return call(api.GET('/api/v1/village-plan/rounds/{id}/candidates', { params: { path: { id }, query } }))
}

export function enterCandidate(id: string, body: CandidateInput): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/rounds/{id}/candidates', { params: { path: { id } }, body }))
}

export function applyToRound(id: string, villageId: string, occupation?: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/rounds/{id}/apply', { params: { path: { id } }, body: { village_id: villageId, occupation: occupation || null } }))
}

export function myCandidacies(): Promise<CandidateView[]> {
  return call(api.GET('/api/v1/village-plan/candidacies/mine'))
}

export function coverage(id: string): Promise<Coverage> {
  return call(api.GET('/api/v1/village-plan/rounds/{id}/coverage', { params: { path: { id } } }))
}

export function recommend(id: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/candidates/{id}/recommend', { params: { path: { id } } }))
}

export function decline(id: string, reason: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/candidates/{id}/decline', { params: { path: { id } }, body: { reason: reason || null } }))
}

export function admit(id: string, institution: string, programme: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/candidates/{id}/admit', { params: { path: { id } }, body: { institution, programme } }))
}

export function notAdmit(id: string, reason: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/candidates/{id}/not-admit', { params: { path: { id } }, body: { reason: reason || null } }))
}

export function withdraw(id: string): Promise<CandidateView> {
  return call(api.POST('/api/v1/village-plan/candidates/{id}/withdraw', { params: { path: { id } } }))
}
