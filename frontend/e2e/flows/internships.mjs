import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { newSession, PHONE } from '../lib/browser.mjs'
import path from 'node:path'
import { ARTIFACTS_DIR, sleep } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { FlowSkipped, apiCall, apiLogin, assert, login, noticeVersion, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// Accounts, profiles, enterprises and positions are set up through the API (other flows cover
// their screens); the internship programme itself is driven through the UI by each role.

const PASSWORD = 'Intern-Flow-Pass-2025'
const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Serious or critical axe-core violations of the page as it is now. */
async function axeProblems(page) {
  await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** Each page at 360 px in both languages: no horizontal overflow, no serious axe violation. */
async function checkPhonePages(browser, server, account, paths) {
  const problems = []
  for (const lang of ['zh-CN', 'en']) {
    const s = await newSession(browser, server.baseUrl, PHONE, { bypassCSP: true })
    try {
      // Log in with the Chinese labels, then switch: each page below is a fresh load in `lang`.
      await login(s.page, account.email, account.password)
      await s.page.waitForURL(/\/(applicant|employer|hr|admin)$/)
      await s.page.evaluate((l) => localStorage.setItem('juxian.locale', l), lang)
      for (const url of paths) {
        await s.page.goto(url)
        await s.page.locator('main h1').first().waitFor()
        await s.page.waitForLoadState('networkidle')
        await sleep(300)
        const overflow = await s.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        if (overflow > 0) problems.push({ url, lang, overflow })
        for (const v of await axeProblems(s.page)) problems.push({ url, lang, ...v })
        const name = url.split('?')[0].replace(/\/[0-9a-f-]{36}/, '/id').replace(/\//g, '-')
        await s.page.screenshot({ path: path.join(ARTIFACTS_DIR, `internships${name}-${lang}-360.png`), fullPage: true })
      }
      s.assertNoPageErrors()
    } finally {
      await s.close()
    }
  }
  assert(problems.length === 0, `internship pages at 360 px: ${JSON.stringify(problems, null, 1)}`)
}

/** Register, follow the e-mailed link by API, log in; returns the access token. */
async function apiAccount(server, smtp, role, email, name) {
  await apiCall(server, 'POST', '/auth/register', { body: { email, password: PASSWORD, display_name: name, role, privacy_notice_version: await noticeVersion(server) } })
  const link = await smtp.waitForLink(email, '/verify-email')
  await apiCall(server, 'POST', '/auth/verify-email', { body: { token: new URL(link).searchParams.get('token') } })
  return apiLogin(server, email, PASSWORD)
}

/** An HR account invited by the admin, its password set from the e-mailed link. */
async function apiStaff(server, smtp, adminToken) {
  const email = uniqueEmail('intern.hr')
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: '人才办郑老师', role: 'hr' } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** A GB 11643 resident ID number with the right check character (unique per run). */
function residentId() {
  const seq = String(100 + ((Date.now() + 401) % 800)).slice(-3)
  const first17 = `32010220010305${seq}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

const CC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
/** A GB 32100 unified social credit code with the right check character (unique per run). */
function creditCode() {
  const tail = (Date.now() + 7).toString().slice(-8)
  const first17 = `913201006${tail}`
  const sum = CC_WEIGHTS.reduce((acc, w, i) => acc + w * CC_ALPHABET.indexOf(first17[i]), 0)
  return first17 + CC_ALPHABET[(31 - (sum % 31)) % 31]
}

/** Pick a date (and time) in an Element Plus date picker by typing it. */
async function pickDate(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true }).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

/** Pick the option matching `name` in the Element Plus select labelled `label` within `scope`. */
async function chooseOption(page, scope, label, name) {
  await scope.locator('.el-form-item', { has: page.getByText(label, { exact: true }) }).locator('.el-select__wrapper').click()
  await page.getByRole('option', { name }).click()
}

/**
 * (9) HR creates and publishes an internship programme; a verified employer offers one of its
 * internship positions; HR approves it; an applicant with a complete profile applies; the
 * employer accepts; the programme's statistics show one accepted.
 */
export async function internshipJourney({ browser, server, smtp, shared }) {
  if (!(await serverHasPath(server, '/api/v1/internship-programs'))) throw new FlowSkipped('the server has no internship API yet')
  const suffix = Date.now().toString(36).slice(-5)
  const programTitle = `2030 暑期大学生实习实训 ${suffix}`
  const positionTitle = `会计实习生 ${suffix}`

  // Preconditions by API.
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const staff = shared.hr ?? (await apiStaff(server, smtp, adminToken))
  const hrToken = await apiLogin(server, staff.email, staff.password)
  const employerEmail = uniqueEmail('intern.employer')
  const employerToken = await apiAccount(server, smtp, 'employer', employerEmail, '钱经理')
  const enterpriseName = `聚贤实习测试公司${suffix}`
  const enterprise = await apiCall(server, 'POST', '/enterprises', {
    token: employerToken,
    body: { name: enterpriseName, credit_code: creditCode(), industry: 'finance', address: '县城关镇人民路 18 号', contact_name: '钱经理', contact_phone: '13900139018', size: 'small' },
  })
  await apiCall(server, 'POST', `/enterprises/${enterprise.id}/verify`, { token: hrToken })
  await apiCall(server, 'POST', '/positions', {
    token: employerToken,
    body: { enterprise_id: enterprise.id, title: positionTitle, description: '协助整理凭证、登记账簿。', headcount: 2, salary_min: 1500, salary_max: 2000, location: '县城关镇', kind: 'internship' },
  })
  const applicantEmail = uniqueEmail('intern.applicant')
  const applicantToken = await apiAccount(server, smtp, 'applicant', applicantEmail, '冯同学')
  await apiCall(server, 'PUT', '/me/profile', {
    token: applicantToken,
    body: { full_name: '冯小满', phone: '13800138028', id_number: residentId(), education: [{ level: 'bachelor', school: '省财经大学', major: '会计学', graduation_year: 2029 }] },
  })

  const hrSession = async (fn) => {
    const s = await newSession(browser, server.baseUrl)
    try {
      await login(s.page, staff.email, staff.password)
      await s.page.waitForURL(/\/(hr|admin)$/)
      await fn(s.page)
      s.assertNoPageErrors()
    } finally {
      await s.close()
    }
  }

  // HR creates and publishes the programme; applications opened yesterday.
  const yesterday = new Date(Date.now() - 36 * 3600 * 1000).toISOString().slice(0, 10)
  let programId
  await hrSession(async (page) => {
    await page.getByTestId('side-menu').getByText('实习项目', { exact: true }).click()
    await page.waitForURL(/\/hr\/internships$/)
    await page.getByTestId('create-program').click()
    const dialog = page.getByTestId('program-dialog')
    await dialog.getByLabel('项目名称', { exact: true }).fill(programTitle)
    await dialog.getByLabel('批次', { exact: true }).fill('2030 暑期')
    await pickDate(dialog, '开始申请', `${yesterday} 08:00`)
    await pickDate(dialog, '截止申请', '2030-06-30 18:00')
    await pickDate(dialog, '实习开始日期', '2030-07-01')
    await pickDate(dialog, '实习结束日期', '2030-08-31')
    await dialog.getByTestId('program-submit').click()
    await page.waitForURL(/\/hr\/internships\/[^/]+$/)
    programId = page.url().split('/').pop()
    await waitForText(page.getByTestId('program-manage'), '草稿')
    await page.getByTestId('program-publish').click()
    await page.getByRole('dialog').getByRole('button', { name: '发布' }).click()
    await waitForText(page.locator('.el-message'), '已发布')
    await waitForText(page.getByTestId('program-manage'), '招募中')
  })

  // The employer offers the internship position with a stipend typed in yuan.
  const employer = await newSession(browser, server.baseUrl)
  try {
    const { page } = employer
    await login(page, employerEmail, PASSWORD)
    await page.waitForURL(/\/employer$/)
    await page.getByTestId('side-menu').getByText('实习岗位', { exact: true }).click()
    await page.getByTestId('offer-position').click()
    const dialog = page.getByTestId('offer-dialog')
    await chooseOption(page, dialog, '实习项目', new RegExp(programTitle))
    await chooseOption(page, dialog, '本单位的实习岗位', positionTitle)
    await dialog.getByLabel('每月补贴（元）', { exact: true }).fill('1234.567')
    await dialog.getByLabel('带教导师', { exact: true }).fill('赵会计')
    await dialog.getByTestId('offer-submit').click()
    await waitForText(dialog, '最多两位小数。')
    await dialog.getByLabel('每月补贴（元）', { exact: true }).fill('1234.56')
    await dialog.getByTestId('offer-submit').click()
    await waitForText(page.locator('.el-message'), '请等待人才办审核')
    await waitForText(page.getByTestId('my-offers-table'), '待审核')
    await waitForText(page.getByTestId('my-offers-table'), '1,234.56 元/月')
    employer.assertNoPageErrors()
  } finally {
    await employer.close()
  }

  // HR approves the offer in the programme's queue.
  await hrSession(async (page) => {
    await page.goto(`/hr/internships/${programId}`)
    await page.getByRole('tab', { name: '岗位审核' }).click()
    await page.getByRole('button', { name: `通过 ${enterpriseName} 的 ${positionTitle}`, exact: true }).click()
    await waitForText(page.locator('.el-message'), `已通过 ${positionTitle}`)
  })

  // The applicant finds the programme (as a visitor first: log in to apply) and applies.
  const applicant = await newSession(browser, server.baseUrl)
  try {
    const { page } = applicant
    await page.goto(`/internships/${programId}`)
    await waitForText(page.getByTestId('offer-cards'), positionTitle)
    await page.getByTestId('apply-login').waitFor()
    await login(page, applicantEmail, PASSWORD)
    await page.waitForURL(/\/applicant$/)
    await page.getByTestId('side-menu').getByText('实习实训', { exact: true }).click()
    await page.getByRole('link', { name: programTitle }).click()
    const card = page.getByTestId('offer-cards').locator('li', { hasText: positionTitle })
    await waitForText(card, '1,234.56 元/月')
    await waitForText(card, '剩余 2 个名额（共 2 个）')
    await waitForText(page.getByTestId('apply-limit'), '您已申请 0 个')
    await card.getByRole('button', { name: `申请实习：${positionTitle}` }).click()
    await waitForText(page.getByTestId('apply-done'), '已提交申请')
    await waitForText(page.getByTestId('apply-limit'), '您已申请 1 个')
    await page.getByTestId('apply-done').getByRole('link', { name: '查看我的实习' }).click()
    await page.waitForURL(/\/my\/internships$/)
    await waitForText(page.getByTestId('application-table'), '已申请')
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert(overflow <= 0, `my internships fit the window (overflow ${overflow}px)`)
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }

  // The employer accepts the application.
  const accept = await newSession(browser, server.baseUrl)
  try {
    const { page } = accept
    await login(page, employerEmail, PASSWORD)
    await page.waitForURL(/\/employer$/)
    await page.getByTestId('side-menu').getByText('实习申请', { exact: true }).click()
    const table = page.getByTestId('application-table')
    await waitForText(table, positionTitle)
    await table.getByTestId('application-accept').first().click()
    await page.getByRole('dialog').getByRole('button', { name: '录用', exact: true }).click()
    await waitForText(page.locator('.el-message'), '已录用')
    await waitForText(table, '已录用')
    await table.getByTestId('application-start').first().waitFor()
    accept.assertNoPageErrors()
  } finally {
    await accept.close()
  }

  // The statistics show one accepted.
  await hrSession(async (page) => {
    await page.goto(`/hr/internships/stats?program=${programId}`)
    const card = page.getByTestId('stat-accepted')
    await waitForText(card, '1')
    const value = (await card.locator('.el-statistic__number').innerText()).trim()
    assert(value === '1', `one accepted (saw ${value})`)
    const applications = (await page.getByTestId('stat-applications').locator('.el-statistic__number').innerText()).trim()
    assert(applications === '1', `one application (saw ${applications})`)
  })

  // Every internship screen fits a phone and passes axe, in both languages.
  await checkPhonePages(browser, server, { email: applicantEmail, password: PASSWORD }, ['/internships', `/internships/${programId}`, '/my/internships'])
  await checkPhonePages(browser, server, { email: employerEmail, password: PASSWORD }, ['/employer/internships', '/employer/internships/applications'])
  await checkPhonePages(browser, server, staff, ['/hr/internships', `/hr/internships/${programId}`, '/hr/internships/placements', `/hr/internships/stats?program=${programId}`])
}
