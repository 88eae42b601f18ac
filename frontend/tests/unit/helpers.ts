/** A JSON response the way the server sends it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** An RFC 9457 problem response. */
export function problem(status: number, code: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  const body = { type: `urn:juxian:problem:${code}`, title: code, status, detail: `detail of ${code}`, code, ...extra }
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json', ...headers } })
}

export const sampleUser = {
  id: 'u1',
  email: 'li@example.test',
  display_name: 'Li Lei',
  role: 'applicant' as const,
  status: 'active' as const,
  locale: 'zh-CN',
  created_at: '2025-01-02T03:04:05Z',
  last_login_at: null,
}

export function tokens(accessToken: string, expiresIn = 900) {
  return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn, user: sampleUser }
}

/** A scripted fetch: answers in order, records every request (with its body text) it was given. */
export function scriptedFetch(...answers: Array<Response | ((req: Request) => Response | Promise<Response>)>) {
  const seen: Array<{ url: string; method: string; headers: Headers; body: string }> = []
  const fn = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init)
    seen.push({ url: req.url, method: req.method, headers: req.headers, body: await req.clone().text() })
    const next = answers.shift()
    if (!next) throw new Error(`unexpected request ${req.method} ${req.url}`)
    return typeof next === 'function' ? next(req) : next
  }
  return { fn, seen }
}
