import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { newSession } from '../lib/browser.mjs'
import { ARTIFACTS_DIR, sleep, waitUntil } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { FlowSkipped, apiCall, apiLogin, assert, login, noticeVersion, serverHasPath, tinyPdf, uniqueEmail, waitForText } from './helpers.mjs'

// Payouts (代发) end to end. The awarded applications are set up through the API (the subsidy
// screens are another flow's business): a policy, three applicants who apply and submit, HR's and
// finance's approvals, a public notice. The server has no clock to move over HTTP, so the notice's
// end is moved into the past in the e2e database (test-only; see endNotice). Then two finance
// users do the payout work in the browser: A builds a batch, B approves it and downloads the bank
// file, A uploads the bank's result file (first a refused one, then one with a failure), the
// failure goes into a second batch and is marked paid; the summary and the applicant's page agree.

const PASSWORD = 'Payout-Flow-Pass-2025'
const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** A staff account invited by the admin, its password set from the e-mailed link. */
async function apiStaff(server, smtp, adminToken, role, prefix, name) {
  const email = uniqueEmail(prefix)
  await apiCall(server, 'POST', '/users', { token: adminToken, body: { email, display_name: name, role } })
  const link = await smtp.waitForLink(email, '/reset-password')
  await apiCall(server, 'POST', '/auth/password-reset/confirm', { body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD } })
  return { email, password: PASSWORD, token: await apiLogin(server, email, PASSWORD) }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** A GB 11643 resident ID number (region 430623, as the policy tests use), unique per index. */
function residentId(i) {
  const first17 = `43062319980${615 + i}${String(300 + i).padStart(3, '0')}`.slice(0, 17)
  const sum = ID_WEIGHTS.reduce((acc, w, k) => acc + w * Number(first17[k]), 0)
  return first17 + '10X98765432'[sum % 11]
}

/** An applicant with a complete profile (with or without a bank account) and a résumé. */
async function apiApplicant(server, smtp, i, name, bankAccount) {
  const email = uniqueEmail(`payout.applicant${i}`)
  await apiCall(server, 'POST', '/auth/register', { body: { email, password: PASSWORD, display_name: name, role: 'applicant', privacy_notice_version: await noticeVersion(server) } })
  const link = await smtp.waitForLink(email, '/verify-email')
  await apiCall(server, 'POST', '/auth/verify-email', { body: { token: new URL(link).searchParams.get('token') } })
  const token = await apiLogin(server, email, PASSWORD)
  const bank = bankAccount ? { bank_name: '中国农业银行', bank_account: bankAccount } : {}
  await apiCall(server, 'PUT', '/me/profile', {
    token,
    body: {
      full_name: name,
      id_number: residentId(i),
      phone: `1390000100${i}`,
      education: [{ level: 'bachelor', school: '湘潭大学', major: '机械工程', graduation_year: 2022 }],
      categories: ['graduate'],
      skills: [],
      ...bank,
    },
  })
  const form = new FormData()
  form.append('kind', 'resume')
  form.append('file', new Blob([tinyPdf()], { type: 'application/pdf' }), '简历.pdf')
  const resume = await apiCall(server, 'POST', '/me/attachments', { token, form })
  return { email, password: PASSWORD, token, name, resumeId: resume.id }
}

/**
 * End a public notice now. The notice runs `notice_days` full days and the HTTP server has no
 * test clock, so its end is moved into the past in the e2e database; the worker's job then
 * closes it and awards its applications exactly as it would after the real period.
 */
function endNotice(server, noticeId) {
  const db = path.join(server.dataDir, 'e2e.db')
  if (!/^[0-9a-zA-Z-]+$/.test(noticeId)) throw new Error(`odd notice id ${noticeId}`)
  execFileSync('sqlite3', ['-cmd', '.timeout 10000', db, `UPDATE subsidy_notices SET ends_at = '2000-01-01 00:00:00' WHERE id = '${noticeId}';`])
}

function sqliteAvailable() {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Serious or critical axe-core violations of the page as it is now. */
async function axeProblems(page) {
  await page.addScriptTag({ content: AXE_SOURCE })
  const violations = await page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

async function checkAccessible(page, problems, label) {
  await page.waitForLoadState('networkidle')
  await sleep(300)
  for (const v of await axeProblems(page)) problems.push({ page: label, ...v })
}

async function session(browser, server, account, home) {
  const s = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  await login(s.page, account.email, account.password)
  await s.page.waitForURL(new RegExp(`/${home}$`))
  return s
}

/** Click the confirm button of an Element Plus message box. */
async function confirmBox(page, button) {
  const box = page.locator('.el-message-box')
  await box.waitFor()
  await box.getByRole('button', { name: button }).click()
}

/** The text of a downloaded GBK CSV bank file. */
async function downloadedText(download) {
  const bytes = readFileSync(await download.path())
  return new TextDecoder('gbk').decode(bytes)
}

/** The 备注 (reference) of each recipient, from the bank file's rows. */
function referencesByName(csv) {
  const out = {}
  for (const line of csv.split(/\r?\n/)) {
    const cells = line.split(',')
    if (/^\d+$/.test(cells[0] ?? '') && cells[6]) out[cells[2]] = cells[6].trim()
  }
  return out
}

export async function payoutJourney({ browser, server, smtp }) {
  if (!(await serverHasPath(server, '/api/v1/payout-batches'))) throw new FlowSkipped('the server has no payouts API yet')
  if (!sqliteAvailable()) throw new FlowSkipped('sqlite3 is needed to end the public notice (no test clock over HTTP)')
  const suffix = Date.now().toString(36).slice(-5)
  const policyName = `高校毕业生创业补贴 ${suffix}`
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))

  // ---- Awarded applications, by API ------------------------------------------------------------
  const adminToken = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const hr = await apiStaff(server, smtp, adminToken, 'hr', 'payout.hr', '人才办周老师')
  const financeA = await apiStaff(server, smtp, adminToken, 'finance', 'payout.fa', '财政局王会计')
  const financeB = await apiStaff(server, smtp, adminToken, 'finance', 'payout.fb', '财政局李科长')
  const policy = await apiCall(server, 'POST', '/subsidy-policies', {
    token: adminToken,
    body: {
      code: `CXCY-E2E-${suffix}`.toUpperCase(),
      name: policyName,
      description: '县内创业的高校毕业生一次性补贴。',
      document_no: '县人社发〔2026〕12号',
      kind: 'application',
      amount_rule: 'up_to',
      amount_fen: 500_000,
      budgets: [{ year, budget_fen: 10_000_000 }],
      exclusive_group: null,
      required_attachments: ['resume'],
      eligibility: [{ type: 'min_education', level: 'bachelor' }],
      opens_at: '2020-01-01T00:00:00Z',
      closes_at: '2099-12-31T00:00:00Z',
      notice_days: 1,
    },
  })
  await apiCall(server, 'POST', `/subsidy-policies/${policy.id}/activate`, { token: adminToken, body: {} })
  const people = [
    await apiApplicant(server, smtp, 1, '赵一帆', '6228480402564890011'),
    await apiApplicant(server, smtp, 2, '钱二宝', '6228480402564890022'),
    await apiApplicant(server, smtp, 3, '孙三石', null),
  ]
  const applicationIds = []
  for (const p of people) {
    const app = await apiCall(server, 'POST', '/subsidy-applications', {
      token: p.token,
      body: { policy_id: policy.id, requested_fen: 300_000, statement: '在县城创办农机维修店，带动就业3人。', attachment_ids: [p.resumeId] },
    })
    await apiCall(server, 'POST', `/subsidy-applications/${app.id}/submit`, { token: p.token, body: {} })
    await apiCall(server, 'POST', `/subsidy-applications/${app.id}/approve`, { token: hr.token, body: {} })
    await apiCall(server, 'POST', `/subsidy-applications/${app.id}/finance-approve`, {
      token: financeB.token,
      body: {},
      headers: { 'Idempotency-Key': crypto.randomUUID() },
    })
    applicationIds.push(app.id)
  }
  const notice = await apiCall(server, 'POST', '/subsidy-notices', { token: hr.token, body: { policy_id: policy.id, application_ids: applicationIds } })
  endNotice(server, notice.id)
  await waitUntil(
    'the notice to end and award the applications',
    async () => (await apiCall(server, 'GET', `/subsidy-applications?status=awarded&policy_id=${policy.id}`, { token: hr.token })).total === 3,
    30_000,
    250,
  )
  const [zhao, qian, sun] = people
  const problems = []

  // ---- Finance A: the pending list, a flagged payout, a batch of two ---------------------------
  let batchId
  let a = await session(browser, server, financeA, 'finance')
  try {
    const { page } = a
    await page.getByTestId('side-menu').getByText('待发放', { exact: true }).click()
    await page.waitForURL(/\/finance\/payouts$/)
    const table = page.getByTestId('payout-table')
    await waitForText(table, sun.name)
    await waitForText(page.getByTestId('payouts-total'), '共 3 笔，合计 9,000.00 元')
    const sunRow = table.locator('tr', { hasText: sun.name })
    await waitForText(sunRow, '缺少银行账户')
    assert(await sunRow.locator('.el-checkbox.is-disabled').count() === 1, 'a flagged payout cannot be ticked')
    await checkAccessible(page, problems, 'pending')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'payouts-pending.png'), fullPage: true })
    // 更新账户 while the profile still has none: the flag stays and the page says so.
    await sunRow.getByTestId('payout-refresh').click()
    await waitForText(page.locator('.el-message'), '仍没有银行账户')
    // 作废 with a reason.
    await sunRow.getByTestId('payout-cancel').click()
    const cancelDialog = page.getByRole('dialog', { name: '作废这笔款项' })
    await cancelDialog.getByLabel('原因', { exact: true }).fill('本人书面放弃该补贴。')
    await cancelDialog.getByTestId('reason-submit').click()
    await waitForText(page.locator('.el-message'), '已作废')
    await waitForText(page.getByTestId('payouts-total'), '共 2 笔，合计 6,000.00 元')
    // Tick both and build.
    for (const p of [zhao, qian]) await table.locator('tr', { hasText: p.name }).locator('.el-checkbox').click()
    await waitForText(page.getByTestId('payouts-selected'), '已选 2 笔，合计 6,000.00 元')
    await page.getByTestId('build-selected').click()
    await confirmBox(page, '编制发放批次')
    await page.waitForURL(/\/finance\/payout-batches\/[^/]+$/)
    batchId = page.url().split('/').pop()
    const facts = page.getByTestId('batch-facts')
    await waitForText(facts, '待审批')
    await waitForText(page.getByTestId('batch-total'), '6,000.00')
    await waitForText(page.getByTestId('batch-waiting'), '须由另一位财政人员审批')
    assert((await page.getByTestId('batch-approve').count()) === 0, 'the builder is not offered approve')
    a.assertNoPageErrors()
  } finally {
    await a.close()
  }
  // The API refuses the builder's approval too (four eyes), and an unknown key is not needed for it.
  const refused = await fetch(`${server.baseUrl}/api/v1/payout-batches/${batchId}/approve`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${financeA.token}`, 'X-Requested-With': 'XMLHttpRequest' },
  })
  assert(refused.status === 409 && (await refused.json()).code === 'same_person', 'the builder may not approve')

  // ---- Finance B: the approval queue, approve, download the bank file --------------------------
  let references
  const b = await session(browser, server, financeB, 'finance')
  try {
    const { page } = b
    await page.getByTestId('side-menu').getByText('发放批次', { exact: true }).click()
    await page.waitForURL(/\/finance\/payout-batches$/)
    const queue = page.getByTestId('approval-queue-table')
    await waitForText(queue, '待审批')
    await checkAccessible(page, problems, 'batches')
    await queue.getByTestId('batch-link').first().click()
    await page.waitForURL(new RegExp(`/finance/payout-batches/${batchId}$`))
    await page.getByTestId('batch-approve').click()
    await confirmBox(page, '审批通过')
    await waitForText(page.getByTestId('batch-facts'), '已审批')
    await page.getByTestId('bank-file').getByText('CSV（GBK）').click()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bank-file-download').click()])
    const csv = await downloadedText(download)
    assert(csv.includes('收款人账号') && csv.includes(zhao.name) && /合计,2笔,,,6000\.00/.test(csv), `bank file: ${csv}`)
    references = referencesByName(csv)
    assert(references[zhao.name] && references[qian.name], `references in the bank file: ${JSON.stringify(references)}`)
    await waitForText(page.getByTestId('batch-facts'), '已导出')
    await checkAccessible(page, problems, 'batch (exported)')
    b.assertNoPageErrors()
  } finally {
    await b.close()
  }

  // ---- Finance A: a refused result file, then one with a failure ---------------------------------
  a = await session(browser, server, financeA, 'finance')
  try {
    const { page } = a
    await page.goto(`/finance/payout-batches/${batchId}`)
    const upload = page.getByTestId('results-upload')
    await upload.waitFor()
    const bad = `备注,结果,失败原因,银行流水号\n${references[zhao.name]},成功,,B1\nJX-NOPE,成功,,B2\n`
    await page.getByTestId('results-file').setInputFiles({ name: '结果.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') })
    await page.getByTestId('results-submit').click()
    const report = page.getByTestId('results-rows')
    await report.waitFor()
    await waitForText(report.locator('tbody tr'), '3')
    await waitForText(page.locator('.form-alert'), '文件未被接受')
    await checkAccessible(page, problems, 'batch (file refused)')
    const good = `第1批代发结果\n备注,结果,失败原因,银行流水号\n${references[zhao.name]},成功,,BANK-0001\n${references[qian.name]},失败,户名与账号不符,\n`
    await page.getByTestId('results-file').setInputFiles({ name: '结果.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') })
    await page.getByTestId('results-submit').click()
    await waitForText(page.getByTestId('results-outcome'), '已登记：成功 1 笔，失败 1 笔。')
    await waitForText(page.getByTestId('batch-facts'), '已完成')
    await waitForText(page.getByTestId('rec-recPaid'), '1 笔 · 3,000.00 元')
    await waitForText(page.getByTestId('rec-recFailed'), '1 笔 · 3,000.00 元')
    await waitForText(page.getByTestId('batch-payouts'), '户名与账号不符')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'payouts-batch.png'), fullPage: true })

    // The failure is pending again with its reason; it goes into a new batch.
    await page.goto('/finance/payouts')
    const table = page.getByTestId('payout-table')
    const qianRow = table.locator('tr', { hasText: qian.name })
    await waitForText(qianRow.getByTestId('payout-last-failure'), '户名与账号不符')
    await waitForText(page.getByTestId('payouts-total'), '共 1 笔，合计 3,000.00 元')
    await qianRow.locator('.el-checkbox').click()
    await page.getByTestId('build-selected').click()
    await confirmBox(page, '编制发放批次')
    await page.waitForURL(/\/finance\/payout-batches\/[^/]+$/)
    batchId = page.url().split('/').pop()
    await waitForText(page.getByTestId('batch-total'), '3,000.00')
    a.assertNoPageErrors()
  } finally {
    await a.close()
  }

  // ---- B approves and exports the second batch; A marks the payout paid by hand ----------------
  await apiCall(server, 'POST', `/payout-batches/${batchId}/approve`, { token: financeB.token, headers: { 'Idempotency-Key': crypto.randomUUID() } })
  const second = await session(browser, server, financeB, 'finance')
  try {
    const { page } = second
    await page.goto(`/finance/payout-batches/${batchId}`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('bank-file-download').click()])
    assert(download.suggestedFilename().endsWith('.xlsx'), `xlsx by default: ${download.suggestedFilename()}`)
    await waitForText(page.getByTestId('batch-facts'), '已导出')
    second.assertNoPageErrors()
  } finally {
    await second.close()
  }
  a = await session(browser, server, financeA, 'finance')
  try {
    const { page } = a
    await page.goto(`/finance/payout-batches/${batchId}`)
    const row = page.getByTestId('batch-payouts').locator('tr', { hasText: qian.name })
    await row.getByTestId('payout-mark-paid').click()
    const dialog = page.getByRole('dialog', { name: '登记发放成功' })
    await dialog.getByLabel('银行流水号', { exact: true }).fill('BANK-0002')
    await dialog.getByTestId('reason-submit').click()
    await waitForText(page.locator('.el-message'), '已登记发放成功')
    await waitForText(page.getByTestId('batch-facts'), '已完成')
    await waitForText(page.getByTestId('batch-payouts'), 'BANK-0002')

    // The summary of the year: two paid, one cancelled, beside the budget.
    await page.getByTestId('side-menu').getByText('发放汇总', { exact: true }).click()
    await page.waitForURL(/\/finance\/payouts\/summary$/)
    const summary = page.getByTestId('summary-table').locator('tr', { hasText: policyName })
    await waitForText(summary, '2 笔 / 6,000.00')
    await waitForText(summary, '1 笔 / 3,000.00')
    await waitForText(summary, '100,000.00')
    await checkAccessible(page, problems, 'summary')
    a.assertNoPageErrors()
  } finally {
    await a.close()
  }

  // ---- The applicant sees the payout paid, with the account masked -----------------------------
  const applicant = await session(browser, server, qian, 'applicant')
  try {
    const { page } = applicant
    await page.getByTestId('side-menu').getByText('我的发放', { exact: true }).click()
    await page.waitForURL(/\/my\/payouts$/)
    const table = page.getByTestId('my-payout-table')
    await waitForText(table, policyName)
    await waitForText(table, '已发放')
    assert(!(await table.innerText()).includes('6228480402564890022'), 'the account is masked')
    await checkAccessible(page, problems, 'my payouts')
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }
  assert(problems.length === 0, `payout pages: ${JSON.stringify(problems, null, 1)}`)
}
