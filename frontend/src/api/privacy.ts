import type { components } from './schema'
import { call, callFile, type DownloadedFile } from './http'
import { api } from './session'

// Personal information (PIPL): the privacy notice consented to at registration, "my data" (the
// download of everything the portal holds about me, and the request to close my account), and
// HR's closure queue.

type Schemas = components['schemas']

export type PrivacyNotice = Schemas['PrivacyNotice']
export type Closure = Schemas['ClosureView']
export type ClosurePage = Schemas['ClosurePage']
export type ClosureStatus = Schemas['ClosureStatus']

export const CLOSURE_STATUSES: readonly ClosureStatus[] = ['requested', 'approved', 'rejected']

export type ClosureQuery = { status?: ClosureStatus; page?: number; per_page?: number }

export function getPrivacyNotice(locale: 'zh-CN' | 'en'): Promise<PrivacyNotice> {
  return call(api.GET('/api/v1/privacy-notice', { params: { query: { locale } } }))
}

export function downloadMyData(): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/me/data', { parseAs: 'blob' }))
}

export function listMyClosureRequests(): Promise<Closure[]> {
  return call(api.GET('/api/v1/me/closure-requests'))
}

export function requestClosure(reason: string): Promise<Closure> {
  return call(api.POST('/api/v1/me/closure-requests', { body: { reason: reason.trim() || null } }))
}

export function listClosures(query: ClosureQuery): Promise<ClosurePage> {
  return call(api.GET('/api/v1/account-closures', { params: { query } }))
}

export function approveClosure(id: string): Promise<Closure> {
  return call(api.POST('/api/v1/account-closures/{id}/approve', { params: { path: { id } } }))
}

export function rejectClosure(id: string, reason: string): Promise<Closure> {
  return call(api.POST('/api/v1/account-closures/{id}/reject', { params: { path: { id } }, body: { reason } }))
}
