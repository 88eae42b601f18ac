import type { components, paths } from './schema'
import { call } from './http'
import { api } from './session'

// Skills training (企业技能人才培训): HR's courses with sessions and partner enterprises, nominations
// by partner enterprises, sign-ups by applicants, check-in at each session, completion with
// certificates, and the public certificate check.

type Schemas = components['schemas']
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never
/** A list query with plain-number paging, as usePagedList builds it. */
type Paged<Q> = Omit<Q, 'page' | 'per_page'> & { page?: number; per_page?: number }

export type TrainingCourse = Schemas['TrainingCourse']
export type TrainingCourseInput = Schemas['TrainingCourseInput']
export type TrainingSessionInput = Schemas['TrainingSessionInput']
export type TrainingSession = Schemas['TrainingSession']
export type TrainingTrainee = Schemas['TrainingTrainee']
export type TrainingCompletion = Schemas['TrainingCompletion']
export type TrainingCertificate = Schemas['TrainingCertificate']
export type TrainingCheckInResult = Schemas['TrainingCheckInResult']
export type NominationInput = Schemas['NominationInput']
export type MyTraining = Schemas['MyTraining']
export type CoursePage = Schemas['CoursePage']
export type TraineePage = Schemas['TraineePage']
export type MyTrainingPage = Schemas['MyTrainingPage']
export type CourseStatus = Schemas['CourseStatus']
export type TraineeStatus = Schemas['TraineeStatus']

export type CourseQuery = Paged<Query<paths['/api/v1/trainings']['get']>>
export type PageQuery = { page?: number; per_page?: number }

export const COURSE_STATUSES: readonly CourseStatus[] = ['draft', 'published', 'closed', 'completed', 'cancelled']

export function listTrainings(query: CourseQuery): Promise<CoursePage> {
  return call(api.GET('/api/v1/trainings', { params: { query } }))
}

export function getTraining(id: string): Promise<TrainingCourse> {
  return call(api.GET('/api/v1/trainings/{id}', { params: { path: { id } } }))
}

export function createTraining(body: TrainingCourseInput): Promise<TrainingCourse> {
  return call(api.POST('/api/v1/trainings', { body }))
}

export function updateTraining(id: string, body: TrainingCourseInput): Promise<TrainingCourse> {
  return call(api.PUT('/api/v1/trainings/{id}', { params: { path: { id } }, body }))
}

export type CourseMove = 'publish' | 'close' | 'cancel'

export function moveTraining(id: string, move: CourseMove): Promise<TrainingCourse> {
  const path = { params: { path: { id } } }
  if (move === 'publish') return call(api.POST('/api/v1/trainings/{id}/publish', path))
  if (move === 'close') return call(api.POST('/api/v1/trainings/{id}/close', path))
  return call(api.POST('/api/v1/trainings/{id}/cancel', path))
}

export function completeTraining(id: string): Promise<TrainingCompletion> {
  return call(api.POST('/api/v1/trainings/{id}/complete', { params: { path: { id } } }))
}

export function listTrainees(id: string, query: PageQuery): Promise<TraineePage> {
  return call(api.GET('/api/v1/trainings/{id}/trainees', { params: { path: { id }, query } }))
}

export function signUpForTraining(id: string): Promise<TrainingTrainee> {
  return call(api.POST('/api/v1/trainings/{id}/sign-up', { params: { path: { id } } }))
}

export function nominateForTraining(id: string, body: NominationInput): Promise<TrainingTrainee> {
  return call(api.POST('/api/v1/trainings/{id}/nominations', { params: { path: { id } }, body }))
}

export function checkInTraining(id: string, sessionId: string, code: string): Promise<TrainingCheckInResult> {
  return call(api.POST('/api/v1/trainings/{id}/sessions/{session_id}/check-in', { params: { path: { id, session_id: sessionId } }, body: { code } }))
}

export function myTrainings(query: PageQuery): Promise<MyTrainingPage> {
  return call(api.GET('/api/v1/me/trainings', { params: { query } }))
}

export function verifyCertificate(code: string): Promise<TrainingCertificate> {
  return call(api.GET('/api/v1/training-certificates/{code}', { params: { path: { code } } }))
}
