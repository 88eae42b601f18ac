import type { components } from './schema'
import { call } from './http'
import { api } from './session'
import { upload, type ProgressListener } from './upload'

type Schemas = components['schemas']

export type Recruitment = Schemas['RecruitmentView']
export type RecruitmentPage = Schemas['RecruitmentPage']
export type RecruitmentInput = Schemas['RecruitmentInput']
export type RecruitmentStatus = Schemas['RecruitmentStatus']
export type RecruitmentAction = Schemas['RecruitmentAction']
export type RecruitmentPost = Schemas['PostView']
export type RecruitmentPostInput = Schemas['PostInput']
export type Precheck = Schemas['PrecheckView']
export type SignupFile = Schemas['SignupFile']
export type RecruitmentFileKind = Schemas['RecruitmentFileKind']
export type RecruitmentApplication = Schemas['RecruitmentApplicationView']
export type RecruitmentApplicationPage = Schemas['RecruitmentApplicationPage']
export type RecruitmentApplicationStatus = Schemas['RecruitmentApplicationStatus']
export type RecruitmentHistoryEntry = Schemas['RecruitmentHistoryEntry']
export type AdmissionTicket = Schemas['TicketView']
export type TicketsIssued = Schemas['TicketsIssued']
export type RecruitmentCheckIn = Schemas['RecruitmentCheckIn']

export const RECRUITMENT_STATUSES: readonly RecruitmentStatus[] = [
  'draft',
  'published',
  'signup_closed',
  'written_done',
  'interview_done',
  'closed',
  'cancelled',
]
/** The files every sign-up carries, at least one of each. */
export const REQUIRED_FILES: readonly RecruitmentFileKind[] = ['diploma', 'id_card', 'photo']

export interface RecruitmentQuery {
  status?: RecruitmentStatus
  year?: number
  page?: number
  per_page?: number
}

export interface RecruitmentApplicationQuery {
  status?: RecruitmentApplicationStatus
  page?: number
  per_page?: number
}

// ---- Recruitments ------------------------------------------------------------------------------

/** Anyone: every recruitment but drafts; hr and admin drafts too. */
export function listRecruitments(query: RecruitmentQuery): Promise<RecruitmentPage> {
  return call(api.GET('/api/v1/recruitments', { params: { query } }))
}

export function getRecruitment(id: string): Promise<Recruitment> {
  return call(api.GET('/api/v1/recruitments/{id}', { params: { path: { id } } }))
}

export function createRecruitment(body: RecruitmentInput): Promise<Recruitment> {
  return call(api.POST('/api/v1/recruitments', { body }))
}

export function updateRecruitment(id: string, body: RecruitmentInput): Promise<Recruitment> {
  return call(api.PATCH('/api/v1/recruitments/{id}', { params: { path: { id } }, body }))
}

/** A status move without a reason (publish, close-signup, complete-written, complete-interview, close). */
export function moveRecruitment(id: string, action: Exclude<RecruitmentAction, 'cancel'>): Promise<Recruitment> {
  const path = { params: { path: { id } } }
  switch (action) {
    case 'publish':
      return call(api.POST('/api/v1/recruitments/{id}/publish', path))
    case 'close_signup':
      return call(api.POST('/api/v1/recruitments/{id}/close-signup', path))
    case 'complete_written':
      return call(api.POST('/api/v1/recruitments/{id}/complete-written', path))
    case 'complete_interview':
      return call(api.POST('/api/v1/recruitments/{id}/complete-interview', path))
    case 'close':
      return call(api.POST('/api/v1/recruitments/{id}/close', path))
  }
}

export function cancelRecruitment(id: string, reason: string): Promise<Recruitment> {
  return call(api.POST('/api/v1/recruitments/{id}/cancel', { params: { path: { id } }, body: { reason } }))
}

export function issueTickets(id: string): Promise<TicketsIssued> {
  return call(api.POST('/api/v1/recruitments/{id}/tickets', { params: { path: { id } } }))
}

export function checkIn(id: string, ticketCode: string): Promise<RecruitmentCheckIn> {
  return call(api.POST('/api/v1/recruitments/{id}/check-in', { params: { path: { id } }, body: { ticket_code: ticketCode } }))
}

// ---- Posts --------------------------------------------------------------------------------------

/** The posts with their requirements; hr and admin also get the review counts. */
export function listPosts(recruitmentId: string): Promise<RecruitmentPost[]> {
  return call(api.GET('/api/v1/recruitments/{id}/posts', { params: { path: { id: recruitmentId } } }))
}

export function createPost(recruitmentId: string, body: RecruitmentPostInput): Promise<RecruitmentPost> {
  return call(api.POST('/api/v1/recruitments/{id}/posts', { params: { path: { id: recruitmentId } }, body }))
}

export function updatePost(id: string, body: RecruitmentPostInput): Promise<RecruitmentPost> {
  return call(api.PATCH('/api/v1/recruitment-posts/{id}', { params: { path: { id } }, body }))
}

export async function deletePost(id: string): Promise<void> {
  await call(api.DELETE('/api/v1/recruitment-posts/{id}', { params: { path: { id } } }))
}

export function cutPost(id: string, reason: string): Promise<RecruitmentPost> {
  return call(api.POST('/api/v1/recruitment-posts/{id}/cut', { params: { path: { id } }, body: { reason } }))
}

export function reduceHeadcount(id: string, headcount: number, reason: string): Promise<RecruitmentPost> {
  return call(api.POST('/api/v1/recruitment-posts/{id}/headcount', { params: { path: { id } }, body: { headcount, reason } }))
}

export function precheck(recruitmentId: string, postId: string): Promise<Precheck> {
  return call(api.GET('/api/v1/recruitments/{id}/posts/{post_id}/precheck', { params: { path: { id: recruitmentId, post_id: postId } } }))
}

// ---- Sign-ups -----------------------------------------------------------------------------------

export function signUp(recruitmentId: string, postId: string, files: SignupFile[]): Promise<RecruitmentApplication> {
  return call(
    api.POST('/api/v1/recruitments/{id}/posts/{post_id}/applications', {
      params: { path: { id: recruitmentId, post_id: postId } },
      body: { files },
    }),
  )
}

export function listMyApplications(query: RecruitmentApplicationQuery): Promise<RecruitmentApplicationPage> {
  return call(api.GET('/api/v1/me/recruitment-applications', { params: { query } }))
}

/** HR: the review queue of one post. */
export function listPostQueue(postId: string, query: RecruitmentApplicationQuery): Promise<RecruitmentApplicationPage> {
  return call(api.GET('/api/v1/recruitment-posts/{id}/applications', { params: { path: { id: postId }, query } }))
}

export function getApplication(id: string): Promise<RecruitmentApplication> {
  return call(api.GET('/api/v1/recruitment-applications/{id}', { params: { path: { id } } }))
}

export function getHistory(id: string): Promise<RecruitmentHistoryEntry[]> {
  return call(api.GET('/api/v1/recruitment-applications/{id}/history', { params: { path: { id } } }))
}

export function getTicket(id: string): Promise<AdmissionTicket> {
  return call(api.GET('/api/v1/recruitment-applications/{id}/ticket', { params: { path: { id } } }))
}

export function withdraw(id: string): Promise<RecruitmentApplication> {
  return call(api.POST('/api/v1/recruitment-applications/{id}/withdraw', { params: { path: { id } } }))
}

/** Empty `files` keeps the files already attached. */
export function resubmit(id: string, files: SignupFile[]): Promise<RecruitmentApplication> {
  return call(api.POST('/api/v1/recruitment-applications/{id}/resubmit', { params: { path: { id } }, body: { files } }))
}

export function approve(id: string): Promise<RecruitmentApplication> {
  return call(api.POST('/api/v1/recruitment-applications/{id}/approve', { params: { path: { id } } }))
}

export function reject(id: string, reason: string): Promise<RecruitmentApplication> {
  return call(api.POST('/api/v1/recruitment-applications/{id}/reject', { params: { path: { id } }, body: { reason } }))
}

export function returnForMore(id: string, reason: string): Promise<RecruitmentApplication> {
  return call(api.POST('/api/v1/recruitment-applications/{id}/return', { params: { path: { id } }, body: { reason } }))
}

// ---- Written scores ----------------------------------------------------------------------------

export type WrittenScoreInput = Schemas['WrittenScoreInput']
export type WrittenScore = Schemas['WrittenScoreView']
export type WrittenImportOutcome = Schemas['WrittenImportOutcome']
export type WrittenResult = Schemas['WrittenResultView']

/** HR: one candidate's score in hundredths, or absent (after tickets, until published). */
export function enterWrittenScore(id: string, body: WrittenScoreInput): Promise<WrittenScore> {
  return call(api.POST('/api/v1/recruitments/{id}/written-scores', { params: { path: { id } }, body }))
}

/**
 * HR: import a score file (XLSX or CSV: 准考证号, 成绩, 缺考), all or none. A refusal is an ApiError
 * `file_rejected` whose `extensions.rows` lists every bad row (read it with `rowReport`).
 */
export function importWrittenScores(id: string, file: File, onProgress?: ProgressListener): Promise<WrittenImportOutcome> {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload<WrittenImportOutcome>({ method: 'POST', path: `/recruitments/${encodeURIComponent(id)}/written-scores/import`, form, onProgress })
}

/** HR: publish the written scores (ranks in each post, mail to every candidate). */
export function publishWritten(id: string): Promise<Recruitment> {
  return call(api.POST('/api/v1/recruitments/{id}/publish-written', { params: { path: { id } } }))
}

/** The applicant (once published) or staff: score and rank in the post. */
export function getWrittenResult(id: string): Promise<WrittenResult> {
  return call(api.GET('/api/v1/recruitment-applications/{id}/result', { params: { path: { id } } }))
}

/** Hundredths as a score with two decimals (8750 → "87.50"). */
export function formatScore(x100: number): string {
  return `${Math.floor(x100 / 100)}.${String(x100 % 100).padStart(2, '0')}`
}

/** A typed score ("87.5", "100") as hundredths, digit by digit; null when it is not 0–100.00 with at most two decimals. */
export function parseScore(text: string): number | null {
  const m = /^(\d{1,3})(?:\.(\d{1,2}))?$/.exec(text.trim())
  if (!m) return null
  const x100 = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return x100 <= 10000 ? x100 : null
}
