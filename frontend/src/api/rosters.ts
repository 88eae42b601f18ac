import type { components, paths } from './schema'
import { call, callFile, type DownloadedFile } from './http'
import { api } from './session'
import { upload, type ProgressListener } from './upload'

// Allowance rosters (补助名单): numbered batches 第1批…第N批 under a roster policy, imported whole
// from an XLSX or CSV file, submitted by HR and approved or sent back by finance.

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }

export type RosterView = Schemas['RosterView']
export type RosterStatus = Schemas['RosterStatus']
export type RosterInput = Schemas['RosterInput']
export type RosterPage = Schemas['RosterPage']
export type RosterGroup = Schemas['Group']
export type RecipientView = Schemas['RecipientView']
export type RecipientPage = Schemas['RecipientPage']
export type ImportOutcome = Schemas['ImportOutcome']
export type RowError = Schemas['RowError']
export type RosterPolicy = Schemas['PolicyView']
export type PolicyBudget = Schemas['BudgetView']

export const ROSTER_STATUSES: readonly RosterStatus[] = ['draft', 'submitted', 'approved', 'paid']

export type RosterQuery = Paged<Query<paths['/api/v1/allowance-batches']['get']>>
export type RecipientQuery = Paged<Omit<Query<paths['/api/v1/allowance-batches/{id}/rows']['get']>, 'format'>>

/** Active and closed policies of kind `roster`; hr, finance and admin see their budgets per year. */
export async function listRosterPolicies(): Promise<RosterPolicy[]> {
  const page = await call(api.GET('/api/v1/subsidy-policies', { params: { query: { kind: 'roster', per_page: 100 } } }))
  return page.items
}

export function listBatches(query: RosterQuery): Promise<RosterPage> {
  return call(api.GET('/api/v1/allowance-batches', { params: { query } }))
}

export function getBatch(id: string): Promise<RosterView> {
  return call(api.GET('/api/v1/allowance-batches/{id}', { params: { path: { id } } }))
}

export function createBatch(body: RosterInput): Promise<RosterView> {
  return call(api.POST('/api/v1/allowance-batches', { body }))
}

export function listRows(id: string, query: RecipientQuery): Promise<RecipientPage> {
  return call(api.GET('/api/v1/allowance-batches/{id}/rows', { params: { path: { id }, query } }))
}

/** Every row of the batch as a workbook (masked like the table), for the search `q` if given. */
export function exportRows(id: string, q?: string): Promise<DownloadedFile> {
  const query = q ? { q, format: 'xlsx' } : { format: 'xlsx' }
  return callFile(api.GET('/api/v1/allowance-batches/{id}/rows', { params: { path: { id }, query }, parseAs: 'blob' }))
}

export function downloadTemplate(): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/allowance-batches/template.xlsx', { parseAs: 'blob' }))
}

/** The last refused upload with an error column next to each bad row (hr, admin). */
export function downloadImportErrors(id: string): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/allowance-batches/{id}/import-errors.xlsx', { params: { path: { id } }, parseAs: 'blob' }))
}

/**
 * Import a roster file (XLSX or CSV) into a draft batch, replacing its rows: all or none. A refusal
 * is an ApiError `file_rejected` whose `extensions.rows` lists every bad cell (see `rowReport`).
 */
export function importRoster(id: string, file: File, onProgress?: ProgressListener): Promise<ImportOutcome> {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload<ImportOutcome>({ method: 'POST', path: `/allowance-batches/${encodeURIComponent(id)}/import`, form, onProgress })
}

/** HR hands the batch to finance; 409 `budget_exceeded` (with `remaining_fen`) when it does not fit. */
export function submitBatch(id: string): Promise<RosterView> {
  return call(api.POST('/api/v1/allowance-batches/{id}/submit', { params: { path: { id } } }))
}

/**
 * Finance approves: the total is reserved and each row becomes a pending payout. `key` is one
 * Idempotency-Key per user action, reused when the same action is retried.
 */
export function approveBatch(id: string, key: string): Promise<RosterView> {
  return call(api.POST('/api/v1/allowance-batches/{id}/approve', { params: { path: { id }, header: { 'Idempotency-Key': key } } }))
}

export function rejectBatch(id: string, reason: string): Promise<RosterView> {
  return call(api.POST('/api/v1/allowance-batches/{id}/reject', { params: { path: { id } }, body: { reason } }))
}
