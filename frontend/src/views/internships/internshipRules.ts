import type { ApplicationStatus, InternshipPosition, InternshipProgram, OfferStatus, ProgramStatus } from '@/api/internships'
import { APPLICATION_STATUSES, OFFER_STATUSES, PROGRAM_STATUSES } from '@/api/internships'

// The internship status machines as the server enforces them (src/internships/rules.rs), so the UI
// only offers what can work; the server's 409 invalid_transition stays the final word.

/** Most active (submitted, accepted, in progress) applications per person and programme. */
export const MAX_APPLICATIONS = 3
export const ACTIVE_STATUSES: readonly ApplicationStatus[] = ['submitted', 'accepted', 'in_progress']

export type ApplicationAction = 'accept' | 'reject' | 'withdraw' | 'start' | 'complete' | 'terminate'
/** Who is looking: the applicant, or the offering employer / HR (the organiser side). */
export type Actor = 'applicant' | 'organiser'

const NEXT: Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>> = {
  submitted: { accept: 'accepted', reject: 'rejected', withdraw: 'withdrawn' },
  accepted: { start: 'in_progress', withdraw: 'withdrawn' },
  in_progress: { complete: 'completed', terminate: 'terminated' },
  rejected: {},
  withdrawn: {},
  completed: {},
  terminated: {},
}

const APPLICANT_ACTIONS: readonly ApplicationAction[] = ['withdraw']
const ORGANISER_ACTIONS: readonly ApplicationAction[] = ['accept', 'start', 'complete', 'reject', 'terminate']

/** Where `action` takes an application in `status`, or null when the server would refuse it. */
export function applicationTransition(status: ApplicationStatus, action: ApplicationAction): ApplicationStatus | null {
  return NEXT[status][action] ?? null
}

/** The buttons `actor` gets on an application in `status`, the forward step first. */
export function applicationActions(status: ApplicationStatus, actor: Actor): ApplicationAction[] {
  const mine = actor === 'applicant' ? APPLICANT_ACTIONS : ORGANISER_ACTIONS
  return mine.filter((a) => applicationTransition(status, a) !== null)
}

/** Actions that need a reason, or an evaluation and hours, before they are sent. */
export function actionInput(action: ApplicationAction): 'reason' | 'completion' | 'confirm' {
  if (action === 'reject' || action === 'terminate') return 'reason'
  if (action === 'complete') return 'completion'
  return 'confirm'
}

export function isActive(status: ApplicationStatus): boolean {
  return ACTIVE_STATUSES.includes(status)
}

export type ProgramAction = 'publish' | 'close'

/** HR's next step for a programme: draft → published → closed. */
export function programActions(status: ProgramStatus): ProgramAction[] {
  if (status === 'draft') return ['publish']
  if (status === 'published') return ['close']
  return []
}

/** Applications are taken while published and inside the window [opens, closes). */
export function applicationWindow(
  program: Pick<InternshipProgram, 'status' | 'application_opens_at' | 'application_closes_at'>,
  now: Date = new Date(),
): 'open' | 'not_yet' | 'closed' {
  const t = now.getTime()
  if (program.status !== 'published' || t >= new Date(program.application_closes_at).getTime()) return 'closed'
  if (t < new Date(program.application_opens_at).getTime()) return 'not_yet'
  return 'open'
}

export function slotsLeft(offer: Pick<InternshipPosition, 'slots' | 'filled'>): number {
  return Math.max(0, offer.slots - offer.filled)
}

export function asProgramStatus(value: string): ProgramStatus {
  return (PROGRAM_STATUSES as readonly string[]).includes(value) ? (value as ProgramStatus) : 'draft'
}

export function asOfferStatus(value: string): OfferStatus {
  return (OFFER_STATUSES as readonly string[]).includes(value) ? (value as OfferStatus) : 'pending'
}

/** An unknown status (a newer server) shows no actions: `terminated` has none. */
export function asApplicationStatus(value: string): ApplicationStatus {
  return (APPLICATION_STATUSES as readonly string[]).includes(value) ? (value as ApplicationStatus) : 'terminated'
}

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'primary'

/** Tag colour of a programme, offer or application status. */
export function internshipTone(status: string): Tone {
  if (['published', 'approved', 'accepted', 'completed'].includes(status)) return 'success'
  if (status === 'in_progress') return 'primary'
  if (['rejected', 'terminated'].includes(status)) return 'danger'
  if (['closed', 'withdrawn'].includes(status)) return 'info'
  return 'warning'
}
