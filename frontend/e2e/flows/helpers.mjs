// Page actions the flows share, written against what a person sees: labels, buttons, texts.

/** Fill an Element Plus form field found by its visible label. */
export async function fill(page, label, value) {
  await page.getByLabel(label, { exact: true }).fill(value)
}

export async function login(page, email, password) {
  await page.goto('/login')
  await fill(page, '电子邮箱', email)
  await fill(page, '密码', password)
  await page.getByTestId('login-submit').click()
}

export async function logout(page) {
  await page.getByTestId('user-menu').click()
  await page.getByRole('menuitem', { name: '退出登录' }).click()
  await page.waitForURL(/\/login\?loggedOut=1/)
}

/** Wait until `locator` shows `text` (a string or a RegExp). */
export async function waitForText(locator, text) {
  await locator.filter({ hasText: text }).first().waitFor({ state: 'visible' })
}

export function assert(condition, message) {
  if (!condition) throw new Error(`assertion failed: ${message}`)
}

let counter = 0
/** A unique address per run, so flows never collide on e-mail uniqueness. */
export function uniqueEmail(prefix) {
  counter += 1
  return `${prefix}.${Date.now().toString(36)}${counter}@example.test`
}

/** Register an applicant or employer through the UI, follow the e-mailed link, and log in. */
export async function registerAndLogin(page, { smtp, server }, { role, email, name, password }) {
  await page.goto('/register')
  await page.getByTestId(`role-${role}`).click()
  await fill(page, '电子邮箱', email)
  await fill(page, '姓名或称呼', name)
  await fill(page, '密码', password)
  await fill(page, '确认密码', password)
  await page.getByTestId('privacy-consent').click()
  await page.getByTestId('register-submit').click()
  await waitForText(page.getByTestId('register-done'), email)
  const link = await smtp.waitForLink(email, '/verify-email')
  assert(link.startsWith(server.baseUrl), `verification link ${link} points at the portal`)
  await page.goto(link)
  await waitForText(page.getByTestId('verify-success'), '邮箱验证成功')
  await login(page, email, password)
  await page.waitForURL(new RegExp(`/${role}$`))
}

/** The smallest well-formed PDF: one empty page, with a correct cross-reference table. */
export function tinyPdf() {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>',
  ]
  let body = '%PDF-1.4\n'
  const offsets = []
  objects.forEach((o, i) => {
    offsets.push(body.length)
    body += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = body.length
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(body, 'latin1')
}

/** Thrown by a flow whose server feature is missing: reported as skipped, not passed. */
export class FlowSkipped extends Error {
  constructor(reason) {
    super(reason)
    this.skipped = true
  }
}

/** Whether the running server documents `path` in its OpenAPI document. */
export async function serverHasPath(server, path) {
  const res = await fetch(`${server.baseUrl}/api/openapi.json`)
  if (!res.ok) return false
  const doc = await res.json()
  return Object.hasOwn(doc.paths ?? {}, path)
}

/** Pick `option` in the Element Plus select labelled `label` (within `scope`). */
export async function choose(page, scope, label, option) {
  await scope.locator('.el-form-item', { has: page.getByLabel(label, { exact: true }) }).locator('.el-select__wrapper').click()
  await page.getByRole('option', { name: option, exact: true }).click()
}

/** Call the JSON API directly (set-up and checks beside what the page shows). */
export async function apiCall(server, method, urlPath, { token, body, form, headers: extra } = {}) {
  const headers = { 'X-Requested-With': 'XMLHttpRequest', ...extra }
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${server.baseUrl}/api/v1${urlPath}`, { method, headers, body: form ?? (body === undefined ? undefined : JSON.stringify(body)) })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status}: ${text}`)
  return text ? JSON.parse(text) : null
}

/** The version of the privacy notice in force, which a registration consents to. */
export async function noticeVersion(server) {
  return (await apiCall(server, 'GET', '/privacy-notice')).version
}

/** An access token for `email`, through the API. */
export async function apiLogin(server, email, password) {
  return (await apiCall(server, 'POST', '/auth/login', { body: { email, password } })).access_token
}
