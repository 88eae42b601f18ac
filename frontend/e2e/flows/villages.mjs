import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { newSession } from '../lib/browser.mjs'
import { ARTIFACTS_DIR } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, FlowSkipped, login, registerAndLogin, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// Villages and the village college-student plan through the UI: the admin imports the county's
// villages (a bad file refused whole with its row report, then the fixed one); HR opens this
// year's round; an applicant applies with their village; HR recommends and admits them; the
// coverage table shows their poor village covered and the others highlighted as uncovered.

const PASSWORD = 'Village-Flow-Pass-2025'
const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** Serious or critical axe-core violations on the page as it is now. */
async function axeProblems(page) {
  await page.waitForLoadState('networkidle')
  await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
const HEADER = ['乡镇代码', '乡镇', '村社区代码', '村社区名称', '类型', '贫困村', '贫困状态变更年份', '设立年份']
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]

function residentId(birth, seq) {
  const first17 = `430623${birth}${String(seq).padStart(3, '0')}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

function csv(rows) {
  return Buffer.from(`${[HEADER, ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`, 'utf8')
}

async function apiStaff(server, smtp, adminToken, role, name) {
  const email = uniqueEmail(`village.${role}`)
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: name, role } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD }
}

/** Pick `option` in the n-th Element Plus select inside `scope`. */
async function pick(page, scope, n, option) {
  await scope.locator('.el-select__wrapper').nth(n).click()
  await page.getByRole('option', { name: option, exact: true }).last().click()
}

/** (12) Villages imported whole or not at all; a round from application to coverage. */
export async function villagePlanJourney({ browser, server, smtp }) {
  if (!(await serverHasPath(server, '/api/v1/villages/import'))) throw new FlowSkipped('the server has no villages')
  const stamp = Date.now().toString(36).slice(-4).toUpperCase()
  const t1 = `E2E${stamp}1`
  const t2 = `E2E${stamp}2`
  const rows = [
    [t1, `城关镇${stamp}`, `${t1}01`, `东村${stamp}`, '村', '是', '2014', ''],
    [t1, `城关镇${stamp}`, `${t1}02`, `西村${stamp}`, '村', '否', '', ''],
    [t2, `白沙乡${stamp}`, `${t2}01`, `白沙村${stamp}`, '村', '是', '', ''],
  ]
  const year = new Date().getFullYear()

  // ---- Admin: a bad file refused whole, then the fixed one ----
  const admin = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    const { page } = admin
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.getByTestId('side-menu').getByText('村（社区）管理', { exact: true }).click()
    await page.waitForURL(/\/admin\/villages$/)
    const upload = page.getByTestId('village-upload').locator('input[type=file]')
    const bad = rows.map((r) => [...r])
    bad[1][5] = '也许'
    await upload.setInputFiles({ name: 'villages.csv', mimeType: 'text/csv', buffer: csv(bad) })
    await waitForText(page.getByTestId('village-refused'), '文件未导入：1 处错误')
    await waitForText(page.getByTestId('village-report'), '贫困村一栏应填“是”或“否”')
    const before = await page.getByTestId('village-table').innerText()
    assert(!before.includes(`东村${stamp}`), 'nothing of the refused file was imported')
    await upload.setInputFiles({ name: 'villages.csv', mimeType: 'text/csv', buffer: csv(rows) })
    await waitForText(page.getByTestId('village-accepted'), '已导入 3 行')
    await waitForText(page.getByTestId('village-table'), `东村${stamp}`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'villages-admin.png'), fullPage: true })
    for (const v of await axeProblems(page)) throw new Error(`axe on the village admin page: ${JSON.stringify(v)}`)
    admin.assertNoPageErrors()
  } finally {
    await admin.close()
  }

  // ---- HR: this year's round, opened ----
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const hrAccount = await apiStaff(server, smtp, adminToken, 'hr', '乡镇干部刘老师')
  const hr = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  const applicant = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    const { page } = hr
    await login(page, hrAccount.email, hrAccount.password)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('一村多名大学生计划', { exact: true }).click()
    await page.waitForURL(/\/hr\/village-plan$/)
    const existing = (await apiCall(server, 'GET', '/village-plan/rounds', { token: adminToken })).items.find((r) => r.year === year)
    if (!existing) {
      await page.getByTestId('village-plan-new-round').click()
      const dialog = page.getByTestId('village-plan-round-dialog')
      await dialog.getByTestId('round-year').locator('input').fill(String(year))
      await dialog.getByTestId('round-title').fill(`${year}年一村多名大学生计划`)
      await dialog.getByTestId('round-save').click()
      await page.getByTestId('village-plan-open').click()
    } else if (existing.status !== 'open') {
      await apiCall(server, 'POST', `/village-plan/rounds/${existing.id}/open`, { token: await apiLogin(server, hrAccount.email, hrAccount.password), body: {} })
    }
    await page.getByTestId('village-plan-close').waitFor({ state: 'visible' })

    // ---- Applicant: register, profile through the API, apply with the village in the UI ----
    const ap = applicant.page
    const email = uniqueEmail('village.applicant')
    await registerAndLogin(ap, { smtp, server }, { role: 'applicant', email, name: '村民小王', password: PASSWORD })
    const token = await apiLogin(server, email, PASSWORD)
    await apiCall(server, 'PUT', '/me/profile', {
      token,
      body: {
        full_name: '王小村',
        id_number: residentId('19980505', Number.parseInt(stamp, 36) % 900),
        phone: '13800138000',
        education: [{ level: 'high_school', school: '县一中', major: null, graduation_year: 2016 }],
        categories: [],
        skills: [],
      },
    })
    // The profile names the home village (picked township, then village).
    await ap.goto('/applicant/profile')
    const home = ap.getByTestId('profile-home-village')
    await home.locator('.el-select__wrapper').first().waitFor({ state: 'visible' })
    await pick(ap, home, 0, `城关镇${stamp}`)
    await pick(ap, home, 1, `东村${stamp}`)
    await ap.getByTestId('profile-submit').click()
    await waitForText(ap.locator('.el-message'), '档案已保存')
    const saved = await apiCall(server, 'GET', '/me/profile', { token })
    const east = (await apiCall(server, 'GET', `/villages?q=${encodeURIComponent(`东村${stamp}`)}`)).items[0]
    assert(saved.home_village_id === east.id, `the profile names the home village: ${saved.home_village_id}`)

    await ap.getByTestId('side-menu').getByText('一村多名大学生', { exact: true }).click()
    await ap.waitForURL(/\/applicant\/village-plan$/)
    const card = ap.getByTestId(`village-plan-round-${year}`)
    const picker = card.getByTestId('village-plan-village')
    await pick(ap, picker, 0, `城关镇${stamp}`)
    await pick(ap, picker, 1, `东村${stamp}`)
    await card.getByTestId('village-plan-occupation').fill('青年农民')
    await card.getByTestId('village-plan-apply').click()
    await waitForText(ap.getByTestId('village-plan-mine'), '已报名')
    await waitForText(ap.getByTestId('village-plan-mine'), `东村${stamp}`)

    // ---- HR: recommend, admit; the coverage shows it ----
    await page.reload()
    const list = page.getByTestId('village-plan-candidates')
    await waitForText(list, '王小村')
    await list.getByTestId('candidate-recommend-王小村').click()
    await waitForText(list, '已推荐')
    await list.getByTestId('candidate-admit-王小村').click()
    const admitDialog = page.getByTestId('village-plan-admit-dialog')
    await admitDialog.getByTestId('admit-institution').fill('湖南农业大学')
    await admitDialog.getByTestId('admit-programme').fill('现代农业技术')
    await admitDialog.getByTestId('admit-save').click()
    await waitForText(list, '已录取')
    await waitForText(list, '湖南农业大学 / 现代农业技术')
    await page.getByRole('tab', { name: '贫困村覆盖' }).click()
    const table = page.getByTestId('village-plan-coverage')
    await waitForText(table, `东村${stamp}`)
    const eastRow = table.locator('tr', { hasText: `东村${stamp}` })
    await waitForText(eastRow, '已覆盖')
    const baishaRow = table.locator('tr', { hasText: `白沙村${stamp}` })
    await waitForText(baishaRow, '未覆盖')
    assert((await baishaRow.getAttribute('class'))?.includes('uncovered-row'), 'the uncovered poor village is highlighted')
    assert((await table.locator('tr', { hasText: `西村${stamp}` }).count()) === 0, 'a village that is not poor is not in the coverage table')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'village-plan-coverage.png'), fullPage: true })
    for (const v of await axeProblems(page)) throw new Error(`axe on the coverage table: ${JSON.stringify(v)}`)

    // Mail at each step: received, recommended, admitted.
    for (let i = 0; i < 100; i += 1) {
      const mine = smtp.messages.filter((m) => m.to.includes(email.toLowerCase())).map((m) => m.subject ?? '')
      if (['已受理报名', '已推荐', '已录取'].every((s) => mine.some((m) => m.includes(s)))) break
      assert(i < 99, `the applicant got the three mails: ${JSON.stringify(mine)}`)
      await new Promise((resolve) => setTimeout(resolve, 200))
    }

    // ---- Applicant: the admission shows ----
    await ap.reload()
    await waitForText(ap.getByTestId('village-plan-mine'), '已录取')
    await waitForText(ap.getByTestId('village-plan-mine'), '湖南农业大学 / 现代农业技术')
    for (const v of await axeProblems(ap)) throw new Error(`axe on the applicant's plan page: ${JSON.stringify(v)}`)
    hr.assertNoPageErrors()
    applicant.assertNoPageErrors()
  } finally {
    await hr.close()
    await applicant.close()
  }
}
