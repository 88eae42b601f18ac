import { call, callFile, type DownloadedFile } from './http'
import { api } from './session'
import type { Attachment, AttachmentKind } from './types'
import { upload, type ProgressListener } from './upload'

export function listMyAttachments(): Promise<Attachment[]> {
  return call(api.GET('/api/v1/me/attachments'))
}

export function uploadAttachment(kind: AttachmentKind, file: File, onProgress?: ProgressListener): Promise<Attachment> {
  const form = new FormData()
  form.append('kind', kind)
  form.append('file', file, file.name)
  return upload<Attachment>({ method: 'POST', path: '/me/attachments', form, onProgress })
}

export function replaceAttachment(id: string, file: File, onProgress?: ProgressListener): Promise<Attachment> {
  const form = new FormData()
  form.append('file', file, file.name)
  return upload<Attachment>({ method: 'PUT', path: `/attachments/${encodeURIComponent(id)}`, form, onProgress })
}

export async function deleteAttachment(id: string): Promise<void> {
  await call(api.DELETE('/api/v1/attachments/{id}', { params: { path: { id } } }))
}

/** Owners download their own files; HR and admin anyone's (the server audits those reads). */
export function downloadAttachment(id: string): Promise<DownloadedFile> {
  return callFile(api.GET('/api/v1/attachments/{id}', { params: { path: { id } }, parseAs: 'blob' }))
}
