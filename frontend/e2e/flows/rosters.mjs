import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { newSession } from '../lib/browser.mjs'
import { ARTIFACTS_DIR, sleep } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, FlowSkipped, login, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// The roster policy, its budget and the HR and finance accounts are set up through the API (the
// policy editor has its own flow); the batch itself is driven through the UI: HR downloads the
// template, creates 第1批, has a CSV with a bad row refused with the row report, imports the fixed
// file and submits; finance approves, and the rows are pending payouts in the ledger.

const PASSWORD = 'Roster-Flow-Pass-2025'
const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

async function axeProblems(page) {
  await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A staff account created by the admin, its password set from the e-mailed invitation. */
async function apiStaff(server, smtp, adminToken, role, name) {
  const email = uniqueEmail(`roster.${role}`)
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: name, role } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** A GB 11643 resident ID number: region 430623, the birth date, a sequence, the check character. */
function residentId(birth, seq) {
  const first17 = `430623${birth}${String(seq).padStart(3, '0')}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + '10X98765432'[sum % 11]
}

const HEADER = ['姓名', '身份证号', '工作单位', '岗位', '金额（元）', '开户银行', '银行账号', '备注']
// A valid Luhn account (the server's own tests use it).
const ACCOUNT = '6228480402564890018'

function csv(rows) {
  const line = (cells) => cells.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')
  return Buffer.from(`${[HEADER, ...rows].map(line).join('\r\n')}\r\n`, 'utf8')
}

/** Confirm the open Element Plus message box with the button named `name`. */
async function confirmBox(page, name) {
  const box = page.locator('.el-message-box')
  await box.waitFor({ state: 'visible' })
  await box.getByRole('button', { name, exact: true }).click()
}

async function saveDownload(page, click, name) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  const file = path.join(ARTIFACTS_DIR, name)
  await download.saveAs(file)
  return { suggested: download.suggestedFilename(), bytes: readFileSync(file) }
}

/** (11) HR compiles 第1批 of a roster policy; a bad file is refused whole; finance approves. */
export async function rosterJourney({ browser, server, smtp }) {
  if (!(await serverHasPath(server, '/api/v1/allowance-batches'))) throw new FlowSkipped('the server has no allowance rosters')
  const admin = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const hrAccount = await apiStaff(server, smtp, admin, 'hr', '人才办孙老师')
  const financeAccount = await apiStaff(server, smtp, admin, 'finance', '财政局周科长')

  const code = `YHBZ-${Date.now().toString(36).toUpperCase()}`
  const policy = await apiCall(server, 'POST', '/subsidy-policies', {
    token: admin,
    body: {
      code,
      name: '一线医务人员临时工作补助',
      description: '分五批次发放的一线医务人员临时工作补助。',
      document_no: '县财社〔2020〕8号',
      kind: 'roster',
      amount_rule: 'up_to',
      amount_fen: 200000,
      budgets: [],
      exclusive_group: null,
      required_attachments: [],
      eligibility: [],
      opens_at: '2020-01-01T00:00:00Z',
      closes_at: '2099-12-31T00:00:00Z',
      notice_days: 5,
    },
  })
  await apiCall(server, 'POST', `/subsidy-policies/${policy.id}/activate`, { token: admin, body: {} })
  await apiCall(server, 'PUT', `/subsidy-policies/${policy.id}/budgets/2020`, { token: admin, body: { budget_fen: 1_000_000 } })

  const people = [
    ['张医生', residentId('19850101', 11), '县人民医院', '医生', '1500.00', '中国农业银行', ACCOUNT, ''],
    ['李护士', residentId('19900202', 22), '县中医院', '护士', '1200', '中国农业银行', ACCOUNT, '第一批'],
    ['王护士', residentId('19920303', 33), '县人民医院', '护士', '1200.50', '中国建设银行', ACCOUNT, ''],
  ]
  const bad = people.map((r) => [...r])
  bad[1][4] = '12.345'
  bad[2][1] = `${bad[2][1].slice(0, 17)}${bad[2][1][17] === '0' ? '1' : '0'}`

  // ---- HR: template, 第1批, a refused file, the fixed file, submit ----
  let batchUrl
  const hr = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    const { page } = hr
    await login(page, hrAccount.email, hrAccount.password)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('补助名单', { exact: true }).click()
    await page.waitForURL(/\/hr\/allowances/)
    await page.goto(`/hr/allowances?policy=${policy.id}`)
    await waitForText(page.getByTestId('roster-budgets'), '2020 年预算 10,000.00 元')

    const template = await saveDownload(page, () => page.getByTestId('roster-template').click(), 'roster-template.xlsx')
    assert(template.suggested.endsWith('.xlsx'), `template file name ${template.suggested}`)
    assert(template.bytes.subarray(0, 2).toString('latin1') === 'PK', 'the template is an XLSX (zip) file')

    await page.getByTestId('roster-create').click()
    const dialog = page.getByTestId('roster-create-dialog')
    await dialog.getByLabel('补助期间', { exact: true }).fill('2020-13')
    await dialog.getByTestId('roster-create-submit').click()
    await waitForText(dialog, '请填写月份如 2020-02')
    await dialog.getByLabel('补助期间', { exact: true }).fill('2020-02')
    await dialog.getByTestId('roster-create-submit').click()
    await page.waitForURL(/\/hr\/allowances\/[0-9a-f-]{36}$/)
    batchUrl = new URL(page.url()).pathname
    await waitForText(page.locator('main h1'), '第1批')
    await waitForText(page.getByTestId('roster-facts'), '2020-02')

    // One bad amount and one bad ID: refused whole, reported row by row in Chinese.
    const upload = page.getByTestId('roster-upload').locator('input[type=file]')
    await upload.setInputFiles({ name: '第1批.csv', mimeType: 'text/csv', buffer: csv(bad) })
    await waitForText(page.getByTestId('roster-refused'), '名单未导入：发现 2 处问题')
    await waitForText(page.getByTestId('roster-refused'), '整份文件均未导入')
    const report = page.getByTestId('roster-report')
    await waitForText(report, '金额最多两位小数')
    await waitForText(report, '身份证号不正确')
    const reportText = await report.innerText()
    assert(/\b3\b[\s\S]*金额（元）/.test(reportText) && /\b4\b[\s\S]*身份证号/.test(reportText), `report names rows 3 and 4: ${reportText}`)
    assert((await page.getByTestId('roster-row-count').innerText()).trim() === '0', 'nothing was imported')
    const annotated = await saveDownload(page, () => page.getByTestId('roster-errors-download').click(), 'roster-import-errors.xlsx')
    assert(annotated.bytes.subarray(0, 2).toString('latin1') === 'PK', 'the annotated upload is an XLSX file')
    for (const v of await axeProblems(page)) throw new Error(`axe on the refused import: ${JSON.stringify(v)}`)

    // The fixed file imports whole.
    await upload.setInputFiles({ name: '第1批.csv', mimeType: 'text/csv', buffer: csv(people) })
    await waitForText(page.getByTestId('roster-accepted'), '名单已导入：3 人，合计 3,900.50 元')
    await waitForText(page.getByTestId('roster-total'), '3,900.50')
    await waitForText(page.getByTestId('roster-by-employer'), '县人民医院')
    await waitForText(page.getByTestId('roster-by-role'), '护士')
    const rows = page.getByTestId('roster-rows')
    await waitForText(rows, '李护士')
    const rowsText = await rows.innerText()
    assert(!rowsText.includes(people[0][1]) && !rowsText.includes(ACCOUNT), 'ID numbers and accounts are masked')
    await page.getByTestId('roster-rows-q').fill('张医生')
    await page.getByTestId('roster-rows-search').click()
    await rows.getByText('李护士').waitFor({ state: 'detached' })
    const exported = await saveDownload(page, () => page.getByTestId('roster-export').click(), 'roster-rows.xlsx')
    assert(exported.bytes.subarray(0, 2).toString('latin1') === 'PK', 'the export is an XLSX file')
    for (const v of await axeProblems(page)) throw new Error(`axe on the batch page: ${JSON.stringify(v)}`)

    await page.getByTestId('roster-submit').click()
    await confirmBox(page, '提交财政审批')
    await waitForText(page.getByTestId('roster-facts'), '待财政审批')
    assert((await page.getByTestId('roster-upload').count()) === 0, 'a submitted batch takes no import')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rosters-batch-hr.png'), fullPage: true })

    await page.goto(`/hr/allowances?policy=${policy.id}`)
    await waitForText(page.getByTestId('roster-batches'), '待财政审批')
    await page.waitForLoadState('networkidle')
    for (const v of await axeProblems(page)) throw new Error(`axe on the HR list: ${JSON.stringify(v)}`)
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }

  // ---- Finance: approve from the queue (one Idempotency-Key per action) ----
  const finance = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    const { page } = finance
    await login(page, financeAccount.email, financeAccount.password)
    await page.waitForURL(/\/finance$/)
    await page.getByTestId('side-menu').getByText('补助审批', { exact: true }).click()
    await page.waitForURL(/\/finance\/allowances$/)
    const queue = page.getByTestId('roster-approvals')
    await waitForText(queue, '第1批')
    await waitForText(queue, '3,900.50')
    await waitForText(queue, '10,000.00')
    await page.waitForLoadState('networkidle')
    for (const v of await axeProblems(page)) throw new Error(`axe on the finance queue: ${JSON.stringify(v)}`)
    await queue.getByTestId('roster-row-approve').first().click()
    await confirmBox(page, '批准')
    await waitForText(page.locator('.el-message'), '已批准')
    await waitForText(queue, '没有待审批的名单批次')

    await page.goto(batchUrl)
    await waitForText(page.getByTestId('roster-facts'), '已批准')
    await waitForText(page.getByTestId('roster-remaining'), '6,099.50')
    assert((await page.getByTestId('roster-to-payouts').getAttribute('href')) === '/finance/payouts', 'links to the payouts screen')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'rosters-batch-finance.png'), fullPage: true })
    finance.assertNoPageErrors()
  } finally {
    await finance.close()
  }

  // ---- The ledger: one pending payout per row ----
  const financeToken = await apiLogin(server, financeAccount.email, financeAccount.password)
  let payouts
  for (let i = 0; i < 20; i++) {
    payouts = await apiCall(server, 'GET', `/payouts?status=pending&source_kind=roster_row&policy_id=${policy.id}`, { token: financeToken })
    if (payouts.total === 3) break
    await sleep(200)
  }
  assert(payouts.total === 3, `three pending payouts, got ${payouts.total}`)
  assert(payouts.total_fen === 390050, `payouts total 3900.50 yuan, got ${payouts.total_fen}`)
  const names = payouts.items.map((p) => p.recipient_name).sort()
  assert(JSON.stringify(names) === JSON.stringify(['张医生', '李护士', '王护士'].sort()), `payout names ${names}`)
}
