import { newSession } from '../lib/browser.mjs'
import { ADMIN_EMAIL } from '../lib/server.mjs'
import { fill, waitForText } from './helpers.mjs'

/** (3) A wrong password is explained in Chinese, then in English after one click; the choice is remembered. */
export async function wrongPasswordBothLanguages({ browser, server }) {
  const s = await newSession(browser, server.baseUrl)
  const { page } = s
  try {
    await page.goto('/login')
    await fill(page, '电子邮箱', ADMIN_EMAIL)
    await fill(page, '密码', 'definitely-not-it')
    await page.getByTestId('login-submit').click()
    await waitForText(page.getByTestId('form-error'), '邮箱或密码错误')

    await page.getByTestId('lang-switch').click()
    await waitForText(page.getByTestId('form-error'), 'Wrong e-mail or password')
    await waitForText(page.locator('header'), 'Juxian Talent Portal')

    await page.reload()
    await waitForText(page.locator('h1'), 'Log in')
    await page.getByTestId('lang-switch').click()
    await waitForText(page.locator('h1'), '登录')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
}

/** Unknown addresses get a real "not found" page. */
export async function notFoundPage({ browser, server }) {
  const s = await newSession(browser, server.baseUrl)
  try {
    await s.page.goto('/no/such/page')
    await waitForText(s.page.getByTestId('not-found'), '页面不存在')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
}
