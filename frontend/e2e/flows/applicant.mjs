import { newSession } from '../lib/browser.mjs'
import { assert, fill, login, logout, uniqueEmail, waitForText } from './helpers.mjs'

/** (1) Register as applicant → verify via the e-mailed link → log in → reload → log out. */
export async function applicantJourney({ browser, server, smtp, shared }) {
  const email = uniqueEmail('applicant')
  const password = 'Talent-Pass-2025'
  const s = await newSession(browser, server.baseUrl)
  const { page } = s
  try {
    await page.goto('/register')
    await page.getByTestId('role-applicant').click()
    await fill(page, '电子邮箱', email)
    await fill(page, '姓名或称呼', '王小明')
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
    await page.waitForURL(/\/applicant$/)
    await waitForText(page.getByTestId('home-applicant'), '人才工作台')
    await waitForText(page.getByTestId('side-menu'), '我的档案')

    // The access token lives in memory only: after a reload the refresh cookie brings it back.
    await page.reload()
    await waitForText(page.getByTestId('home-applicant'), '王小明')
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))
    assert(!/eyJ[\w-]+\.[\w-]+\./.test(stored), 'no token in web storage')

    // A page of another role says so, instead of showing nothing.
    await page.goto('/admin/users')
    await waitForText(page.getByTestId('forbidden'), '无权访问')

    await page.goto('/applicant')
    await logout(page)
    await page.goto('/applicant')
    await page.waitForURL(/\/login\?redirect=/)
    s.assertNoPageErrors()
    shared.applicant = { email, password }
  } finally {
    await s.close()
  }
}
