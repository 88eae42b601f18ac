import type { FairStatus, JobFair, RegistrationStatus } from '@/api/fairs'

// The fair's status machine as the server enforces it (src/fairs/rules.rs), so the UI only
// offers what can work; the server's 409 invalid_transition stays the final word.

export const FAIR_STATUSES: readonly FairStatus[] = ['draft', 'published', 'closed', 'finished', 'cancelled']
export const REGISTRATION_STATUSES: readonly RegistrationStatus[] = ['registered', 'waitlisted', 'checked_in', 'cancelled']

export type FairAction = 'publish' | 'close' | 'finish' | 'cancel'

const NEXT: Record<FairStatus, Partial<Record<FairAction, FairStatus>>> = {
  draft: { publish: 'published', cancel: 'cancelled' },
  published: { close: 'closed', cancel: 'cancelled' },
  closed: { finish: 'finished', cancel: 'cancelled' },
  finished: {},
  cancelled: {},
}

/** Where `action` takes a fair in `status`, or null when the server would refuse it. */
export function transition(status: FairStatus, action: FairAction): FairStatus | null {
  return NEXT[status][action] ?? null
}

/** The actions HR may take on a fair in `status`, the forward step first and cancel last. */
export function availableActions(status: FairStatus): FairAction[] {
  return (['publish', 'close', 'finish', 'cancel'] as const).filter((a) => transition(status, a) !== null)
}

/** Title, venue, times and capacities can still be changed. */
export function isEditable(status: FairStatus): boolean {
  return status === 'draft' || status === 'published'
}

/** Applicants may sign up (and cancel) while the fair is published and before the deadline. */
export function isSignupOpen(fair: Pick<JobFair, 'status' | 'signup_deadline'>, now: Date = new Date()): boolean {
  return fair.status === 'published' && now.getTime() < new Date(fair.signup_deadline).getTime()
}

/** A sign-up now gives a ticket, a place on the waiting list, or nothing (closed). */
export function signupOutcome(fair: Pick<JobFair, 'status' | 'signup_deadline' | 'remaining'>, now: Date = new Date()): 'ticket' | 'waitlist' | 'closed' {
  if (!isSignupOpen(fair, now)) return 'closed'
  return fair.remaining > 0 ? 'ticket' : 'waitlist'
}

/** A registration the applicant can still give up (the server also checks the deadline). */
export function isCancellable(status: RegistrationStatus): boolean {
  return status === 'registered' || status === 'waitlisted'
}

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** Tag colour of a fair, registration, booth or intent status. */
export function statusTone(status: string): Tone {
  if (['published', 'registered', 'checked_in', 'approved', 'signed'].includes(status)) return 'success'
  if (['cancelled', 'rejected', 'withdrawn'].includes(status)) return 'danger'
  if (['closed', 'finished'].includes(status)) return 'info'
  return 'warning'
}

/** A Date → the RFC 3339 string the API takes. */
export function toApiTime(value: Date): string {
  return value.toISOString()
}
