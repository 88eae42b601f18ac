import { API_BASE, type SessionBridge } from './http'
import { networkError, toApiError } from './problem'
import { sessionBridge } from './session'

/** Bytes sent so far, as a percentage (0–100). */
export type ProgressListener = (percent: number) => void

export interface UploadRequest {
  method: 'POST' | 'PUT'
  /** Path below /api/v1, e.g. `/me/attachments`. */
  path: string
  form: FormData
  onProgress?: ProgressListener
  /** Extra request headers (an `Idempotency-Key`). */
  headers?: Record<string, string>
}

function parseHeaders(raw: string): Headers {
  const headers = new Headers()
  for (const line of raw.trim().split(/[\r\n]+/)) {
    const at = line.indexOf(':')
    if (at > 0) headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim())
  }
  return headers
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

function send(request: UploadRequest, token: string | null): Promise<{ status: number; headers: Headers; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open(request.method, `${API_BASE}${request.path}`)
    xhr.setRequestHeader('X-Requested-With', 'XMLHttpRequest')
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    for (const [name, value] of Object.entries(request.headers ?? {})) xhr.setRequestHeader(name, value)
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && request.onProgress) request.onProgress(Math.round((event.loaded / event.total) * 100))
    }
    xhr.onload = () => resolve({ status: xhr.status, headers: parseHeaders(xhr.getAllResponseHeaders()), body: parseBody(xhr.responseText) })
    xhr.onerror = () => reject(networkError('upload failed'))
    xhr.onabort = () => reject(networkError('upload aborted'))
    xhr.send(request.form)
  })
}

/**
 * A multipart upload with progress events, which fetch cannot report. Same rules as the fetch
 * client: bearer token, one refresh and replay on a 401, problem+json errors as ApiError.
 */
export async function upload<T>(request: UploadRequest, session: SessionBridge = sessionBridge): Promise<T> {
  let answer = await send(request, session.accessToken())
  if (answer.status === 401) {
    if (!(await session.refresh())) {
      session.onSessionLost()
    } else {
      answer = await send(request, session.accessToken())
    }
  }
  if (answer.status < 200 || answer.status >= 300) throw toApiError(answer.status, answer.headers, answer.body)
  return answer.body as T
}
