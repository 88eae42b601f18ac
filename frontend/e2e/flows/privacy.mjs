import { readFile } from 'node:fs/promises'
import { newSession, PHONE } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, fill, FlowSkipped, login, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// Personal information (PIPL) through the UI, in browsers set to UTC (times must still read as
// Beijing time): registration refuses to go on without consent to the privacy notice and shows the
// notice; the applicant downloads their data and asks for the account to be closed on a phone; HR
// approves it from the closure queue; the old address no longer signs in.

const PASSWORD = 'Privacy-Flow-Pass-2025'

async function waitForMail(smtp, email, marker) {
  for (let i = 0; i < 150; i += 1) {
    const hit = smtp.messages.find((m) => m.to.includes(email.toLowerCase()) && (m.subject.includes(marker) || m.text.includes(marker)))
    if (hit) return hit
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`no mail to ${email} with ${marker}`)
}

/** "2026-12-02 18:00" in Asia/Shanghai, as the portal shows an instant. */
function beijing(iso) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(iso))
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

/** (14) Consent at registration, my data, a closure request handled by HR. */
export async function privacyJourney({ browser, server, smtp }) {
  if (!(await serverHasPath(server, '/api/v1/me/closure-requests'))) throw new FlowSkipped('the server has no privacy API')
  const email = uniqueEmail('privacy.applicant')
  const notice = await apiCall(server, 'GET', '/privacy-notice')

  // Registration: without the box ticked the form stops and says why; the notice opens in a dialog.
  const applicant = await newSession(browser, server.baseUrl, PHONE, { timezoneId: 'UTC' })
  try {
    const { page } = applicant
    await page.goto('/register')
    await page.getByTestId('role-applicant').click()
    await fill(page, '电子邮箱', email)
    await fill(page, '姓名或称呼', '钱晓燕')
    await fill(page, '密码', PASSWORD)
    await fill(page, '确认密码', PASSWORD)
    await page.getByTestId('register-submit').click()
    await waitForText(page.locator('.el-form-item__error'), '请先阅读并同意《个人信息保护告知书》')
    assert((await page.getByTestId('register-done').count()) === 0, 'no registration without consent')
    await page.getByTestId('privacy-notice-link').click()
    await waitForText(page.getByTestId('privacy-notice'), '个人信息保护法')
    await waitForText(page.getByTestId('privacy-notice'), `版本：${notice.version}`)
    await page.getByTestId('privacy-notice').getByRole('button', { name: '我知道了' }).click()
    await page.getByTestId('privacy-consent').click()
    await page.getByTestId('register-submit').click()
    await waitForText(page.getByTestId('register-done'), email)
    const link = await smtp.waitForLink(email, '/verify-email')
    await page.goto(link)
    await waitForText(page.getByTestId('verify-success'), '邮箱验证成功')
    await login(page, email, PASSWORD)
    await page.waitForURL(/\/applicant$/)

    // 我的数据: the download holds the consent with its version.
    await page.goto('/my/data')
    await waitForText(page.getByTestId('my-data'), '下载我的数据')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-my-data').click()])
    assert(/^juxian-my-data-\d{8}\.json$/.test(download.suggestedFilename()), `file name ${download.suggestedFilename()}`)
    const data = JSON.parse(await readFile(await download.path(), 'utf8'))
    assert(data.sections.account.user.email === email, 'the download is about me')
    assert(data.sections.privacy.consents[0]?.notice_version === notice.version, 'the consent and its version are recorded')
    for (const section of ['profile', 'attachments', 'fair_registrations', 'subsidy_applications', 'payouts']) {
      assert(section in data.sections, `the download has a ${section} section`)
    }

    // Ask for the account to be closed; the page says the request is being handled.
    await page.getByTestId('request-closure').click()
    await page.getByTestId('closure-dialog').locator('textarea').fill('已离开本县，不再使用')
    await page.getByTestId('closure-submit').click()
    await page.getByRole('dialog').getByRole('button', { name: '确定提交' }).click()
    await waitForText(page.getByTestId('closure-open'), '正在处理中')
    await waitForMail(smtp, email, '账号注销申请已受理')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `my data fits 360 px (overflow ${overflow}px)`)
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }

  // HR approves from the queue; the request time reads as Beijing time in a UTC browser.
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const hrEmail = uniqueEmail('privacy.hr')
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email: hrEmail, display_name: '人才办李老师', role: 'hr' } })
  const reset = await smtp.waitForLink(hrEmail, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(reset).searchParams.get('token'), new_password: PASSWORD } })
  const hrToken = await apiLogin(server, hrEmail, PASSWORD)
  const queue = await apiCall(server, 'GET', '/account-closures?status=requested', { token: hrToken })
  const request = queue.items.find((c) => c.email === email)
  assert(request, 'the request is in the queue')
  const hr = await newSession(browser, server.baseUrl, undefined, { timezoneId: 'UTC' })
  try {
    const { page } = hr
    await login(page, hrEmail, PASSWORD)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('账号注销申请').click()
    const card = page.getByTestId(`closure-${request.id}`)
    await waitForText(card, email)
    await waitForText(card, '已离开本县，不再使用')
    await waitForText(card, beijing(request.requested_at))
    await card.getByTestId('closure-approve').click()
    await page.getByRole('dialog').getByRole('button', { name: '批准注销' }).click()
    await waitForText(page.locator('.el-message'), '已批准，账号已注销')
    await waitForText(page.getByTestId('closure-admin'), '暂无注销申请')
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }
  await waitForMail(smtp, email, '账号注销申请已批准')
  const res = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'XMLHttpRequest' },
    body: JSON.stringify({ email, password: PASSWORD }),
  })
  assert(res.status === 401, `the closed account no longer signs in (${res.status})`)
}
