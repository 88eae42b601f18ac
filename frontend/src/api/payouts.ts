import type { components, paths } from './schema'
import { call, callFile, type DownloadedFile } from './http'
import { ApiError, NETWORK_ERROR } from './problem'
import { api } from './session'
import { upload, type ProgressListener } from './upload'

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type PayoutStatus = Schemas['PayoutStatus']
export type BatchStatus = Schemas['BatchStatus']
export type AttemptStatus = Schemas['AttemptStatus']
export type SourceKind = Schemas['SourceKind']
export type Payout = Schemas['PayoutView']
export type PayoutPage = Schemas['PayoutPage']
export type PayoutAttempt = Schemas['AttemptView']
export type MyPayout = Schemas['MyPayoutView']
export type PayoutBatch = Schemas['BatchView']
export type BatchPage = Schemas['BatchPage']
export type BatchInput = Schemas['BatchInput']
export type Reconciliation = Schemas['Reconciliation']
export type ResultsOutcome = Schemas['ResultsOutcome']
export type PolicySummary = Schemas['PolicySummary']
export type Tally = Schemas['Tally']
export type RowError = Schemas['RowError']
export type BankFileFormat = 'xlsx' | 'csv' | 'txt'

export const PAYOUT_STATUSES: readonly PayoutStatus[] = ['pending', 'in_batch', 'exported', 'paid', 'cancelled']
export const BATCH_STATUSES: readonly BatchStatus[] = ['draft', 'approved', 'exported', 'closed', 'cancelled']
export const BANK_FILE_FORMATS: readonly BankFileFormat[] = ['xlsx', 'csv', 'txt']

/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }
export type PayoutQuery = Paged<Query<paths['/api/v1/payouts']['get']>>
export type BatchQuery = Paged<Query<paths['/api/v1/payout-batches']['get']>>

// ---- Idempotency keys ---------------------------------------------------------------------------


// Every money-moving POST carries an `Idempotency-Key`: one UUID per user action. The server
// replays its first answer to the same key and body (`Idempotency-Replayed: true`), so a retry
// after a lost answer can never pay, batch or approve twice. The key therefore lives exactly as
// long as the action is unsettled: a retry of the same action (same operation, target and body)
// reuses it; once the server has answered for good, the next click is a new action with a new key.

/** A random RFC 4122 version 4 UUID; `crypto.randomUUID` needs a secure context, this does not. */
export function uuidV4(): string {
  const c = globalThis.crypto
  if (typeof c?.randomUUID === 'function' && globalThis.isSecureContext !== false) return c.randomUUID()
  const bytes = new Uint8Array(16)
  c.getRandomValues(bytes)
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` name the same action. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}

/** The name of one user action: the operation, the record it acts on and what it sends. */
export function actionId(operation: string, target: string, body: unknown = null): string {
  return `${operation} ${target} ${stable(body)}`
}

/**
 * Whether a failed try may not have reached the server or not have been decided there, so the
 * same action must be retried with the same key: no answer at all, a 5xx (the server forgets the
 * key then), or 409 `idempotency_in_flight` (the first try is still running).
 */
export function keepsKey(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true
  return error.code === NETWORK_ERROR || error.status >= 500 || error.code === 'idempotency_in_flight'
}

/** The keys of the actions not settled yet, by action id. */
export class IdempotencyKeys {
  readonly #keys = new Map<string, string>()
  readonly #newKey: () => string

  constructor(newKey: () => string = uuidV4) {
    this.#newKey = newKey
  }

  /** The key for `action`: the one of its unsettled earlier try, else a new one. */
  keyFor(action: string): string {
    let key = this.#keys.get(action)
    if (!key) {
      key = this.#newKey()
      this.#keys.set(action, key)
    }
    return key
  }

  /** The server answered `action` for good: the next try of it is a new action. */
  settle(action: string): void {
    this.#keys.delete(action)
  }

  /** How many actions wait for a retry (tests, diagnostics). */
  get unsettled(): number {
    return this.#keys.size
  }

  /** Send `action` with its key; the key is kept only when the outcome is unknown (`keepsKey`). */
  async run<T>(action: string, send: (key: string) => Promise<T>): Promise<T> {
    const key = this.keyFor(action)
    try {
      const result = await send(key)
      this.settle(action)
      return result
    } catch (error) {
      if (!keepsKey(error)) this.settle(action)
      throw error
    }
  }
}

/** The app's one table of unsettled money-moving actions. */
export const paymentKeys = new IdempotencyKeys()

const keyHeader = (key: string) => ({ 'Idempotency-Key': key })

// ---- The ledger ---------------------------------------------------------------------------------

/** finance, hr, admin: payouts with filters; `total_fen` adds up every matching row. */
export function listPayouts(query: PayoutQuery): Promise<PayoutPage> {
  return call(api.GET('/api/v1/payouts', { params: { query } }))
}

export function getPayout(id: string): Promise<Payout> {
  return call(api.GET('/api/v1/payouts/{id}', { params: { path: { id } } }))
}

export function payoutSummary(year: number): Promise<PolicySummary[]> {
  return call(api.GET('/api/v1/payouts/summary', { params: { query: { year } } }))
}

/** The applicant's own payouts. */
export function listMyPayouts(): Promise<MyPayout[]> {
  return call(api.GET('/api/v1/me/payouts'))
}

export function markPaid(id: string, bankReference: string): Promise<Payout> {
  const body = { bank_reference: bankReference }
  return paymentKeys.run(actionId('mark-paid', id, body), (key) =>
    call(api.POST('/api/v1/payouts/{id}/mark-paid', { params: { path: { id }, header: keyHeader(key) }, body })),
  )
}

export function markFailed(id: string, reason: string): Promise<Payout> {
  const body = { reason }
  return paymentKeys.run(actionId('mark-failed', id, body), (key) =>
    call(api.POST('/api/v1/payouts/{id}/mark-failed', { params: { path: { id }, header: keyHeader(key) }, body })),
  )
}

/** Give the payout up (releases its budget). */
export function cancelPayout(id: string, reason: string): Promise<Payout> {
  const body = { reason }
  return paymentKeys.run(actionId('cancel-payout', id, body), (key) =>
    call(api.POST('/api/v1/payouts/{id}/cancel', { params: { path: { id }, header: keyHeader(key) }, body })),
  )
}

/** Take the recipient's current bank account from their profile. */
export function refreshAccount(id: string): Promise<Payout> {
  return call(api.POST('/api/v1/payouts/{id}/refresh-account', { params: { path: { id } } }))
}

// ---- Batches ------------------------------------------------------------------------------------

export function listBatches(query: BatchQuery): Promise<BatchPage> {
  return call(api.GET('/api/v1/payout-batches', { params: { query } }))
}

export function getBatch(id: string): Promise<PayoutBatch> {
  return call(api.GET('/api/v1/payout-batches/{id}', { params: { path: { id } } }))
}

/** `{payout_ids}` (order does not matter) or `{policy_id}`: every ready payout of the policy. */
export function createBatch(input: BatchInput): Promise<PayoutBatch> {
  const body: BatchInput = input.payout_ids ? { ...input, payout_ids: [...input.payout_ids].sort() } : input
  return paymentKeys.run(actionId('create-batch', '', body), (key) => call(api.POST('/api/v1/payout-batches', { params: { header: keyHeader(key) }, body })))
}

/** The second finance user's approval (four eyes); the builder gets 409 `same_person`. */
export function approveBatch(id: string): Promise<PayoutBatch> {
  return paymentKeys.run(actionId('approve-batch', id), (key) =>
    call(api.POST('/api/v1/payout-batches/{id}/approve', { params: { path: { id }, header: keyHeader(key) } })),
  )
}

export function cancelBatch(id: string): Promise<PayoutBatch> {
  return call(api.POST('/api/v1/payout-batches/{id}/cancel', { params: { path: { id } } }))
}

/** The bank transfer file; the first download moves an approved batch to exported. */
export function downloadBankFile(id: string, format: BankFileFormat): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/payout-batches/{id}/bank-file', { params: { path: { id }, query: { format } }, parseAs: 'blob' }))
}

/** The bank's result file, applied all or nothing (422 `file_rejected` with `rows`). */
export function uploadResults(id: string, file: File, onProgress?: ProgressListener): Promise<ResultsOutcome> {
  const target = `${id} ${file.name} ${file.size} ${file.lastModified}`
  return paymentKeys.run(actionId('batch-results', target), (key) => {
    const form = new FormData()
    form.append('file', file, file.name)
    return upload<ResultsOutcome>({ method: 'POST', path: `/payout-batches/${encodeURIComponent(id)}/results`, form, onProgress, headers: keyHeader(key) })
  })
}

export function getReconciliation(id: string): Promise<Reconciliation> {
  return call(api.GET('/api/v1/payout-batches/{id}/reconciliation', { params: { path: { id } } }))
}

/** The refused rows of a `file_rejected` answer (empty for any other error). */
export function rejectedRows(error: unknown): RowError[] {
  if (!(error instanceof ApiError) || error.code !== 'file_rejected') return []
  const rows = error.extensions.rows
  if (!Array.isArray(rows)) return []
  return rows
    .filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null)
    .map((r) => ({
      row: typeof r.row === 'number' ? r.row : 0,
      column: typeof r.column === 'string' ? r.column : null,
      code: typeof r.code === 'string' ? r.code : '',
      message: typeof r.message === 'string' ? r.message : '',
    }))
}

/** The policies for a filter (finance sees every status). */
export async function listPolicyChoices(): Promise<{ id: string; name: string }[]> {
  const page = await call(api.GET('/api/v1/subsidy-policies', { params: { query: { per_page: 100 } } }))
  return page.items.map((p) => ({ id: p.id, name: p.name }))
}
