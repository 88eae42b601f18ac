import path from 'node:path'
import { newSession } from '../lib/browser.mjs'
import { ARTIFACTS_DIR } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, FlowSkipped, login, registerAndLogin, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// A symposium through the UI: HR (symposium made through the API) invites one talent from the
// pool by a filter with the count preview; the talent follows the mail's accept link and sees the
// answer; HR marks it held, records attendance and the summary; the talent reads the summary.

const PASSWORD = 'Symposium-Flow-Pass-2025'
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

function residentId(birth, seq) {
  const first17 = `430623${birth}${String(seq).padStart(3, '0')}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

async function waitForMail(smtp, email, marker) {
  for (let i = 0; i < 150; i += 1) {
    const hit = smtp.messages.find((m) => m.to.includes(email.toLowerCase()) && m.text.includes(marker))
    if (hit) return hit
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`no mail to ${email} containing ${marker}`)
}

/** (13) A symposium from invitation by filter to attendance and summary. */
export async function symposiumJourney({ browser, server, smtp }) {
  if (!(await serverHasPath(server, '/api/v1/symposiums'))) throw new FlowSkipped('the server has no symposiums')
  const stamp = Date.now().toString(36).slice(-5)
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const hrEmail = uniqueEmail('symposium.hr')
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email: hrEmail, display_name: '人才办张老师', role: 'hr' } })
  const reset = await smtp.waitForLink(hrEmail, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(reset).searchParams.get('token'), new_password: PASSWORD } })
  const hrToken = await apiLogin(server, hrEmail, PASSWORD)
  const title = `科技人才座谈会${stamp}`
  const symposium = await apiCall(server, 'POST', '/symposiums', {
    token: hrToken,
    body: { kind: 'sci_tech', title, starts_at: new Date(Date.now() + 7 * 86400_000).toISOString(), venue: '县委党校报告厅', capacity: null, agenda: '一、座谈交流' },
  })

  const hr = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  const talent = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    // ---- The talent: registered, profile through the API ----
    const ap = talent.page
    const email = uniqueEmail('symposium.talent')
    const name = `陈工${stamp}`
    await registerAndLogin(ap, { smtp, server }, { role: 'applicant', email, name: '陈工', password: PASSWORD })
    const token = await apiLogin(server, email, PASSWORD)
    await apiCall(server, 'PUT', '/me/profile', {
      token,
      body: {
        full_name: name,
        id_number: residentId('19880808', Number.parseInt(stamp, 36) % 900),
        phone: '13800138000',
        education: [{ level: 'doctorate', school: '中南大学', major: '材料科学', graduation_year: 2015 }],
        categories: ['high_level'],
        skills: [],
      },
    })

    // ---- HR: invite by filter, with the preview ----
    const { page } = hr
    await login(page, hrEmail, PASSWORD)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('人才座谈会', { exact: true }).click()
    await page.waitForURL(/\/hr\/symposiums$/)
    await page.getByRole('link', { name: title }).click()
    await page.waitForURL(/\/hr\/symposiums\/.+/)
    await page.getByTestId('symposium-invite').click()
    const dialog = page.getByTestId('invite-dialog')
    await dialog.getByTestId('invite-q').fill(name)
    await waitForText(dialog.getByTestId('invite-preview'), '本次将邀请 1 人')
    await dialog.getByTestId('invite-send').click()
    await waitForText(page.getByTestId('symposium-status'), '已邀请')
    await waitForText(page.getByTestId('invitation-table'), name)

    // ---- The talent: the mail's accept link answers ----
    const mail = await waitForMail(smtp, email, 'rsvp=accepted')
    assert(mail.subject.includes('座谈会邀请'), `invitation subject: ${mail.subject}`)
    const link = mail.text.match(/https?:\/\/\S*rsvp=accepted/)?.[0]
    assert(link, 'the mail has an accept link')
    await ap.goto(`${server.baseUrl}${new URL(link).pathname}${new URL(link).search}`)
    await waitForText(ap.getByTestId('my-symposiums'), title)
    await waitForText(ap.getByTestId('my-rsvp'), '参加')

    // ---- HR: held, attendance, summary ----
    await page.reload()
    await waitForText(page.getByTestId('invitation-table'), '参加')
    await page.getByTestId('symposium-hold').click()
    await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click()
    await waitForText(page.getByTestId('symposium-status'), '已召开')
    const me = await apiCall(server, 'GET', '/me/symposiums', { token })
    const userId = (await apiCall(server, 'GET', `/symposiums/${symposium.id}/invitations`, { token: hrToken })).items[0].user_id
    assert(me.items[0].invitation_id, 'the talent sees the invitation')
    await page.getByTestId(`attended-${userId}`).click()
    await page.getByTestId('attendance-save').click()
    await waitForText(page.getByTestId('symposium-counts'), '出席 1 人')
    await page.getByTestId('symposium-summary').fill('与会专家围绕新材料产业发展建言献策。')
    await page.getByTestId('summary-save').click()
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'symposium-manage.png'), fullPage: true })

    // ---- The talent reads the summary ----
    await ap.reload()
    await waitForText(ap.getByTestId('my-summary'), '建言献策')
    hr.assertNoPageErrors()
    talent.assertNoPageErrors()
  } finally {
    await hr.close()
    await talent.close()
  }
}
