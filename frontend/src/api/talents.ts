import { call, callFile, type DownloadedFile } from './http'
import type { ProfileBody, TalentQuery } from './operations'
import { ApiError } from './problem'
import { api } from './session'
import type { ExportFormat, Profile, RevealedPersonalData, RevealRecord, TalentDetail, TalentPage } from './types'

/** My profile, or null when it has not been created yet (the server answers 404). */
export async function getMyProfile(): Promise<Profile | null> {
  try {
    return await call(api.GET('/api/v1/me/profile'))
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

export function saveMyProfile(body: ProfileBody): Promise<Profile> {
  return call(api.PUT('/api/v1/me/profile', { body }))
}

export function listTalents(query: TalentQuery): Promise<TalentPage> {
  return call(api.GET('/api/v1/talents', { params: { query } }))
}

export function exportTalents(query: TalentQuery, format: ExportFormat): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/talents/export', { params: { query: { ...query, format, page: undefined, per_page: undefined } }, parseAs: 'blob' }))
}

export function getTalent(userId: string): Promise<TalentDetail> {
  return call(api.GET('/api/v1/talents/{user_id}', { params: { path: { user_id: userId } } }))
}

/** The full ID and bank numbers; the reason is required and kept in the audit log. */
export function revealTalent(userId: string, reason: string): Promise<RevealedPersonalData> {
  return call(api.POST('/api/v1/talents/{user_id}/reveal', { params: { path: { user_id: userId } }, body: { reason } }))
}

/** Who revealed this person's full numbers, when and why (newest first). */
export function listReveals(userId: string): Promise<RevealRecord[]> {
  return call(api.GET('/api/v1/talents/{user_id}/reveals', { params: { path: { user_id: userId } } }))
}
