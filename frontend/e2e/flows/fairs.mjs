import { newSession, PHONE } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { FlowSkipped, apiCall, apiLogin, assert, login, noticeVersion, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// Accounts, profiles, enterprises and positions are set up through the API (other flows cover
// their screens); the fair itself is driven through the UI by each role.

const PASSWORD = 'Fair-Flow-Pass-2025'

/** Register, follow the e-mailed link by API, log in; returns the access token. */
async function apiAccount(server, smtp, role, email, name) {
  await apiCall(server, 'POST', '/auth/register', { body: { email, password: PASSWORD, display_name: name, role, privacy_notice_version: await noticeVersion(server) } })
  const link = await smtp.waitForLink(email, '/verify-email')
  const token = new URL(link).searchParams.get('token')
  await apiCall(server, 'POST', '/auth/verify-email', { body: { token } })
  return apiLogin(server, email, PASSWORD)
}

/** An HR account invited by the admin, its password set from the e-mailed link. */
async function apiStaff(server, smtp, adminToken) {
  const email = uniqueEmail('fair.hr')
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: '人才办吴老师', role: 'hr' } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** A GB 11643 resident ID number with the right check character (unique per run). */
function residentId() {
  const seq = String(100 + (Date.now() % 800)).slice(-3)
  const first17 = `32010219900101${seq}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** A GB 32100 unified social credit code with the right check character (unique per run). */
function creditCode() {
  const tail = Date.now().toString().slice(-8)
  const first17 = `913201005${tail}`
  const sum = CC_WEIGHTS.reduce((acc, w, i) => acc + w * CC_ALPHABET.indexOf(first17[i]), 0)
  return first17 + CC_ALPHABET[(31 - (sum % 31)) % 31]
}

/** Pick a date-time in an Element Plus date picker by typing it. */
/** The Beijing wall clock `minutes` from now, as the pickers take it: "2026-12-02 18:00". */
function beijingIn(minutes) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(Date.now() + minutes * 60_000))
      .map((p) => [p.type, p.value]),
  )
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`
}

async function pickTime(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true }).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

/**
 * (8) HR creates and publishes a fair; an employer of a verified enterprise gets a booth approved;
 * an applicant with a complete profile signs up and sees the QR ticket; HR checks the ticket in
 * on a phone-sized page; the employer records an employment intent; the statistics show both.
 */
export async function jobFairJourney({ browser, server, smtp, shared }) {
  if (!(await serverHasPath(server, '/api/v1/job-fairs'))) throw new FlowSkipped('the server has no job-fair API yet')
  const hasBooths = await serverHasPath(server, '/api/v1/job-fairs/{id}/booths')
  const hasIntents = await serverHasPath(server, '/api/v1/employment-intents')
  const suffix = Date.now().toString(36).slice(-5)
  const starts = beijingIn(90)
  const fairYear = starts.slice(0, 4)
  const fairTitle = `${fairYear} 年春季人才招聘会 ${suffix}`
  const positionTitle = `电工 ${suffix}`

  // Preconditions by API: an HR account (enterprise verification is HR's, not the admin's), an
  // employer with a verified enterprise and an open position, and an applicant with a complete profile.
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const staff = shared.hr ?? (await apiStaff(server, smtp, adminToken))
  const hrToken = await apiLogin(server, staff.email, staff.password)
  const employerEmail = uniqueEmail('fair.employer')
  const employerToken = await apiAccount(server, smtp, 'employer', employerEmail, '孙经理')
  const enterpriseName = `聚贤展位测试公司${suffix}`
  const enterprise = await apiCall(server, 'POST', '/enterprises', {
    token: employerToken,
    body: { name: enterpriseName, credit_code: creditCode(), industry: 'manufacturing', address: '县工业园区 8 号', contact_name: '孙经理', contact_phone: '13900139008', size: 'small' },
  })
  await apiCall(server, 'POST', `/enterprises/${enterprise.id}/verify`, { token: hrToken })
  await apiCall(server, 'POST', '/positions', {
    token: employerToken,
    body: { enterprise_id: enterprise.id, title: positionTitle, description: '负责厂区电气设备的维护。', headcount: 2, salary_min: 5000, salary_max: 7000, location: '县工业园区', kind: 'job' },
  })
  const applicantEmail = uniqueEmail('fair.applicant')
  const applicantToken = await apiAccount(server, smtp, 'applicant', applicantEmail, '周同学')
  await apiCall(server, 'PUT', '/me/profile', {
    token: applicantToken,
    body: { full_name: '周晓雨', phone: '13800138018', id_number: residentId(), education: [{ level: 'bachelor', school: '县职业技术学院', major: '电气自动化', graduation_year: 2024 }] },
  })

  // HR creates and publishes the fair.
  const hr = await newSession(browser, server.baseUrl)
  let fairId
  try {
    const { page } = hr
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto('/hr/fairs')
    await page.getByTestId('create-fair').click()
    const dialog = page.getByTestId('fair-dialog')
    await dialog.getByLabel('招聘会名称', { exact: true }).fill(fairTitle)
    await dialog.getByLabel('举办地点', { exact: true }).fill('县人才市场一楼大厅')
    // The door opens two hours before the start: the fair starts soon so the ticket can be scanned.
    await pickTime(dialog, '开始时间', starts)
    await pickTime(dialog, '结束时间', beijingIn(8 * 60))
    await pickTime(dialog, '报名截止时间', beijingIn(60))
    await dialog.getByTestId('fair-submit').click()
    await page.waitForURL(/\/hr\/fairs\/[^/]+$/)
    fairId = page.url().split('/').pop()
    await waitForText(page.getByTestId('fair-manage'), '草稿')
    await page.getByTestId('fair-publish').click()
    await page.getByRole('dialog').getByRole('button', { name: '发布' }).click()
    await waitForText(page.locator('.el-message'), '已发布')
    await waitForText(page.getByTestId('fair-manage'), '报名中')
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }

  // The employer asks for a booth and HR approves it.
  if (hasBooths) {
    const employer = await newSession(browser, server.baseUrl)
    try {
      const { page } = employer
      await login(page, employerEmail, PASSWORD)
      await page.waitForURL(/\/employer$/)
      await page.getByTestId('side-menu').getByText('招聘会展位').click()
      await page.getByTestId('request-booth').click()
      const dialog = page.getByTestId('booth-dialog')
      await dialog.locator('.el-form-item', { has: page.getByText('招聘会', { exact: true }) }).locator('.el-select__wrapper').click()
      await page.getByRole('option', { name: new RegExp(fairTitle) }).click()
      await dialog.getByText(positionTitle, { exact: true }).click()
      await dialog.getByTestId('booth-submit').click()
      await waitForText(page.getByTestId('my-booths-table'), '待审核')
      employer.assertNoPageErrors()
    } finally {
      await employer.close()
    }
    const review = await newSession(browser, server.baseUrl)
    try {
      const { page } = review
      await login(page, staff.email, staff.password)
      await page.waitForURL(/\/(hr|admin)$/)
      await page.goto(`/hr/fairs/${fairId}`)
      await page.getByRole('tab', { name: '展位审核' }).click()
      await page.getByRole('button', { name: `通过 ${enterpriseName}`, exact: true }).click()
      await waitForText(page.locator('.el-message'), `已通过 ${enterpriseName}`)
      review.assertNoPageErrors()
    } finally {
      await review.close()
    }
  }

  // The applicant finds the fair, signs up and sees the QR ticket.
  const applicant = await newSession(browser, server.baseUrl)
  let ticketCode
  try {
    const { page } = applicant
    await login(page, applicantEmail, PASSWORD)
    await page.waitForURL(/\/applicant$/)
    await page.goto(`/fairs/${fairId}`)
    if (hasBooths) await waitForText(page.getByTestId('booth-list'), enterpriseName)
    await page.getByTestId('signup-button').click()
    await waitForText(page.getByTestId('signup-done'), '报名成功')
    await page.getByTestId('signup-done').getByRole('link', { name: '查看我的入场券' }).click()
    await page.waitForURL(/\/my\/tickets$/)
    const card = page.getByTestId('ticket-card').filter({ hasText: fairTitle })
    await card.getByTestId('ticket-qr').waitFor()
    const box = await card.getByTestId('ticket-qr').boundingBox()
    assert(box && box.width >= 150, 'the QR code is drawn at a scannable size')
    ticketCode = (await card.getByTestId('ticket-code').innerText()).trim()
    assert(/^[2-9A-HJKMNP-Z]{4}(-[2-9A-HJKMNP-Z]{4}){3}$/.test(ticketCode), `ticket code ${ticketCode} looks like a ticket`)
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }

  // HR checks the ticket in at the door on a phone: typed in lower case, as people do.
  const door = await newSession(browser, server.baseUrl, PHONE)
  try {
    const { page } = door
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto(`/hr/fairs/${fairId}/check-in`)
    const input = page.getByLabel('入场码', { exact: true })
    await waitForText(page.getByTestId('check-in'), fairTitle)
    await input.fill(ticketCode.toLowerCase().replace(/-/g, ' '))
    await input.press('Enter')
    await waitForText(page.getByTestId('check-in-result'), '签到成功')
    await waitForText(page.getByTestId('check-in-result'), '周晓雨')
    const focused = await page.evaluate(() => document.activeElement?.id)
    assert(focused === 'ticket-code-input', 'the input is focused again for the next person')
    await input.fill(ticketCode)
    await input.press('Enter')
    await waitForText(page.getByTestId('check-in-result'), '重复签到')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `the check-in page fits 360 px (overflow ${overflow}px)`)
    door.assertNoPageErrors()
  } finally {
    await door.close()
  }

  // The employer records the employment intent at the booth.
  if (hasBooths && hasIntents) {
    const booth = await newSession(browser, server.baseUrl)
    try {
      const { page } = booth
      await login(page, employerEmail, PASSWORD)
      await page.waitForURL(/\/employer$/)
      await page.goto('/intents')
      await page.getByTestId('record-intent').click()
      const dialog = page.getByTestId('intent-dialog')
      await dialog.getByLabel('入场码', { exact: true }).fill(ticketCode)
      await dialog.getByTestId('intent-submit').click()
      await waitForText(page.locator('.el-message'), '已登记就业意向')
      await waitForText(page.getByTestId('intent-table'), positionTitle)
      booth.assertNoPageErrors()
    } finally {
      await booth.close()
    }
  }

  // The statistics show the check-in (and the intent).
  const stats = await newSession(browser, server.baseUrl)
  try {
    const { page } = stats
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto(`/hr/fairs/stats?fair=${fairId}&year=${fairYear}`)
    await waitForText(page.getByTestId('fair-stats'), fairTitle)
    const value = async (key) => (await page.getByTestId('fair-stat-cards').getByTestId(`stat-${key}`).locator('.el-statistic__number').innerText()).trim()
    await waitForText(page.getByTestId('fair-stat-cards').getByTestId('stat-check_ins'), '1')
    assert((await value('check_ins')) === '1', 'one check-in')
    if (hasBooths) assert((await value('enterprises')) === '1', 'one employer with a booth')
    if (hasIntents && hasBooths) assert((await value('intents')) === '1', 'one employment intent')
    stats.assertNoPageErrors()
  } finally {
    await stats.close()
  }
}
