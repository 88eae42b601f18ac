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
