import createClient from 'openapi-fetch'
import type { paths } from './schema'
import { ApiError, networkError, toApiError } from './problem'

/**
 * The API lives under this relative path (the OpenAPI document's path keys include it), so the
 * same build works behind the Rust server and behind nginx: requests go to the page's own origin.
 */
export const API_BASE = '/api/v1'

/** What the HTTP layer needs from whoever owns the session (the auth store). */
export interface SessionBridge {
  accessToken(): string | null
  /** Try once to get a new access token from the refresh cookie; true when one was obtained. */
  refresh(): Promise<boolean>
  /** The session is gone (refresh refused): forget it. */
  onSessionLost(): void
}

export const anonymousSession: SessionBridge = {
  accessToken: () => null,
  refresh: async () => false,
  onSessionLost: () => undefined,
}

type FetchFn = (request: Request) => Promise<Response>

// Auth endpoints answer 401 for their own reasons (wrong password, dead refresh cookie);
// refreshing and retrying them would loop or hide the real error.
function isAuthEndpoint(url: string): boolean {
  return new URL(url).pathname.includes(`${API_BASE}/auth/`)
}

function withAuth(request: Request, token: string | null): Request {
  const headers = new Headers(request.headers)
  // The refresh and logout endpoints require it (CSRF defence for the cookie); harmless elsewhere.
  headers.set('X-Requested-With', 'XMLHttpRequest')
  if (token) headers.set('Authorization', `Bearer ${token}`)
  else headers.delete('Authorization')
  return new Request(request, { headers })
}

/**
 * A fetch that adds the bearer token and, on a 401 from a protected endpoint, refreshes the
 * session once and replays the request. Concurrent 401s share one refresh (the bridge dedupes).
 */
export function createAuthFetch(session: SessionBridge, baseFetch: FetchFn = (r) => fetch(r)): FetchFn {
  return async (request) => {
    // Kept before sending: a Request body can be read only once.
    const replay = request.clone()
    const response = await baseFetch(withAuth(request, session.accessToken()))
    if (response.status !== 401 || isAuthEndpoint(request.url)) return response
    if (!(await session.refresh())) {
      session.onSessionLost()
      return response
    }
    return baseFetch(withAuth(replay, session.accessToken()))
  }
}

/** `origin` is empty in the app (same origin); tests pass an absolute one. */
export function createApi(session: SessionBridge = anonymousSession, options: { origin?: string; fetch?: FetchFn } = {}) {
  const authFetch = createAuthFetch(session, options.fetch)
  return createClient<paths>({
    baseUrl: options.origin ?? '',
    credentials: 'same-origin',
    fetch: authFetch,
  })
}

export type ApiClient = ReturnType<typeof createApi>

interface CallResult<D> {
  data?: D
  error?: unknown
  response: Response
}

/**
 * Await an openapi-fetch call and return its data, or throw an ApiError built from the
 * problem+json body. Network failures become ApiError with code `network_error`.
 */
export async function call<D>(pending: Promise<CallResult<D>>): Promise<D> {
  let result: CallResult<D>
  try {
    result = await pending
  } catch (cause) {
    if (cause instanceof ApiError) throw cause
    throw networkError(cause)
  }
  const { response } = result
  if (!response.ok) throw toApiError(response.status, response.headers, result.error)
  return result.data as D
}

/** A file the API sent back (attachment download, export). */
export interface DownloadedFile {
  blob: Blob
  /** From Content-Disposition; null when the server gave none. */
  fileName: string | null
}

/** The file name of a Content-Disposition header; RFC 6266 `filename*` (UTF-8) wins over `filename`. */
export function fileNameFrom(header: string | null): string | null {
  if (!header) return null
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)
  if (extended?.[1]) {
    try {
      return decodeURIComponent(extended[1].trim())
    } catch {
      // Badly encoded: fall through to the plain name.
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(header)
  const name = plain?.[1] ?? plain?.[2]
  return name ? name.replace(/\\(.)/g, '$1') : null
}

/** Like `call`, for an operation asked with `parseAs: 'blob'`. */
export async function callFile(pending: Promise<CallResult<Blob>>): Promise<DownloadedFile> {
  let result: CallResult<Blob>
  try {
    result = await pending
  } catch (cause) {
    if (cause instanceof ApiError) throw cause
    throw networkError(cause)
  }
  const { response } = result
  if (!response.ok) throw toApiError(response.status, response.headers, result.error)
  return { blob: result.data as Blob, fileName: fileNameFrom(response.headers.get('Content-Disposition')) }
}
