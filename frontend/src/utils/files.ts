/** Uploads the server accepts: PDF, JPEG or PNG (it checks the bytes), 10 MiB at most. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
export const UPLOAD_ACCEPT = '.pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png'

const TYPES = ['application/pdf', 'image/jpeg', 'image/png']
const EXTENSIONS = /\.(pdf|jpe?g|png)$/i

export type UploadCheck = 'empty_file' | 'file_too_large' | 'unsupported_type'

/** The client-side check before sending; the server still has the last word (it sniffs the content). */
export function checkUploadFile(file: Pick<File, 'name' | 'size' | 'type'>): UploadCheck | null {
  if (file.size === 0) return 'empty_file'
  if (file.size > MAX_UPLOAD_BYTES) return 'file_too_large'
  const typeOk = file.type ? TYPES.includes(file.type) : EXTENSIONS.test(file.name)
  return typeOk ? null : 'unsupported_type'
}
