import type { AttemptStatus, BatchStatus, PayoutBatch, PayoutStatus, PolicySummary } from '@/api/payouts'

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** The colour of a payout's status: paid is good, pending waits, cancelled is over. */
export function payoutTone(status: PayoutStatus): Tone {
  switch (status) {
    case 'paid':
      return 'success'
    case 'cancelled':
      return 'info'
    case 'pending':
      return 'warning'
    default:
      return 'primary'
  }
}

export function batchTone(status: BatchStatus): Tone {
  switch (status) {
    case 'closed':
      return 'success'
    case 'cancelled':
      return 'info'
    case 'draft':
      return 'warning'
    default:
      return 'primary'
  }
}

export function attemptTone(status: AttemptStatus): Tone {
  switch (status) {
    case 'paid':
      return 'success'
    case 'failed':
      return 'danger'
    case 'removed':
      return 'info'
    default:
      return 'primary'
  }
}

/** The actions a batch offers the viewer (`actions` of the API), as flags for the buttons. */
export function batchActions(batch: Pick<PayoutBatch, 'actions'>) {
  const has = (a: string) => batch.actions.includes(a)
  return { approve: has('approve'), cancel: has('cancel'), export: has('export'), results: has('results') }
}

/** Who built or approved a batch, as a viewer reads it: themselves, or another finance user. */
export type Who = { kind: 'me' } | { kind: 'other'; id: string } | { kind: 'nobody' }

export function who(userId: string | null | undefined, myId: string | null | undefined): Who {
  if (!userId) return { kind: 'nobody' }
  if (myId && userId === myId) return { kind: 'me' }
  return { kind: 'other', id: userId.slice(0, 8) }
}

/** A batch waits for this viewer's approval: a draft built by someone else (the API offers approve). */
export function awaitsMyApproval(batch: Pick<PayoutBatch, 'status' | 'actions'>): boolean {
  return batch.status === 'draft' && batch.actions.includes('approve')
}

/** What is left of a policy's yearly budget: budget − reserved − paid, never shown below zero. */
export function remainingFen(row: Pick<PolicySummary, 'budget_fen' | 'reserved_fen' | 'paid_budget_fen'>): number {
  return Math.max(0, row.budget_fen - row.reserved_fen - row.paid_budget_fen)
}

/** The years offered in a year filter: this year and the `back` before it, newest first. */
export function recentYears(now: Date = new Date(), back = 4): number[] {
  // The county's year (Asia/Shanghai), not the viewer's machine's.
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now))
  return Array.from({ length: back + 1 }, (_, i) => year - i)
}

/** The sum of the given payouts' amounts, in fen. */
export function sumFen(rows: readonly { amount_fen: number }[]): number {
  return rows.reduce((acc, r) => acc + r.amount_fen, 0)
}
