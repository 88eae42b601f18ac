import { newSession } from '../lib/browser.mjs'
import { waitUntil } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, fill, login, registerAndLogin, tinyPdf, uniqueEmail, waitForText } from './helpers.mjs'

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK = '10X98765432'

/** A valid GB 11643 number (born 1995-03-15 in 430121), unique per sequence number. */
function idNumber(seq) {
  const first17 = `43012119950315${String(seq).padStart(3, '0')}`
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(first17[i]), 0)
  return first17 + ID_CHECK[sum % 11]
}

/** Pick a date and time in an Element Plus date picker by typing it. */
async function pickDate(scope, label, value) {
  const input = scope.getByLabel(label, { exact: true }).first()
  await input.click()
  await input.fill(value)
  await input.press('Enter')
}

/** Confirm the open ElMessageBox with the button named `name`. */
async function confirmBox(page, name) {
  await page.locator('.el-message-box').getByRole('button', { name, exact: true }).click()
}

async function message(page, text) {
  await waitForText(page.locator('.el-message'), text)
}

/** An admin creates a staff account of `role`; the person sets a password from the e-mail. */
async function createStaff(browser, server, smtp, role, name) {
  const email = uniqueEmail(role)
  const password = 'Office-Pass-2025'
  const admin = await newSession(browser, server.baseUrl)
  try {
    const { page } = admin
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.goto('/admin/users')
    await page.getByTestId('create-user').click()
    const dialog = page.getByTestId('create-user-dialog')
    await fill(dialog, '电子邮箱', email)
    await fill(dialog, '姓名或称呼', name)
    await dialog.getByTestId(`new-role-${role}`).click()
    await dialog.getByTestId('create-user-submit').click()
    await waitForText(page.getByTestId('users-table'), email)
  } finally {
    await admin.close()
  }
  const link = await smtp.waitForLink(email, '/reset-password')
  const s = await newSession(browser, server.baseUrl)
  try {
    const { page } = s
    await page.goto(link)
    await fill(page, '新密码', password)
    await fill(page, '确认密码', password)
    await page.getByTestId('reset-submit').click()
    await page.waitForURL(/\/login\?passwordSet=1/)
  } finally {
    await s.close()
  }
  return { email, password }
}

/** Mails to `to` whose subject contains `subject`, waited for. */
function waitForMail(smtp, to, subject) {
  return waitUntil(`an e-mail to ${to} about ${subject}`, () => smtp.messages.find((m) => m.to.includes(to.toLowerCase()) && m.subject.includes(subject)) ?? null)
}

/**
 * (11) The subsidy journey: the admin writes and activates a policy in the editor (a
 * min_education criterion, a résumé required); an applicant checks eligibility, uploads a résumé
 * and applies; HR returns it for more; the applicant sees why, adds a file and resubmits; HR
 * approves an amount, finance approves it, HR publishes the notice, and a visitor reads the masked
 * name and the amount on the public page.
 */
export async function subsidyJourney({ browser, server, smtp, shared }) {
  const tag = Date.now().toString(36).slice(-5).toUpperCase()
  const policyName = `创新创业补贴${tag}`
  const code = `CXCY-${tag}`
  const reason = '请补充营业执照或创业场地证明。'
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()))

  // 1. The admin writes the policy through the editor and activates it.
  const admin = await newSession(browser, server.baseUrl)
  try {
    const { page } = admin
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.getByTestId('side-menu').getByText('补贴政策管理').click()
    await page.waitForURL(/\/admin\/subsidy-policies$/)
    await page.getByTestId('create-policy').click()
    const dialog = page.getByTestId('policy-dialog')
    await fill(dialog, '政策代码', code)
    await fill(dialog, '文号', '县人才办〔2026〕8号')
    await fill(dialog, '政策名称', policyName)
    await fill(dialog, '政策说明', '对在本县首次创业的高校毕业生给予一次性创业补贴。')
    await fill(dialog, '最高限额（元）', '50000')
    await dialog.getByTestId('budget-yuan').fill('1000000')
    await pickDate(dialog, '开始受理', '2020-01-01 08:00')
    await pickDate(dialog, '截止受理', '2035-12-31 18:00')
    await dialog.getByTestId('required-resume').click()
    await dialog.getByTestId('criterion-add').click()
    await dialog.getByTestId('criterion-row-min_education').locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: '大专', exact: true }).click()
    await dialog.getByTestId('policy-submit').click()
    await message(page, '已保存政策')
    const row = page.getByTestId('policy-admin-table').locator('tr', { hasText: policyName })
    await waitForText(row, '草稿')
    await waitForText(row, `${year} 年：1,000,000.00 元`)
    await row.getByTestId('policy-activate').click()
    await confirmBox(page, '启用')
    await waitForText(row, '受理中')
    admin.assertNoPageErrors()
  } finally {
    await admin.close()
  }

  const hrAccount = shared.hr ?? (await createStaff(browser, server, smtp, 'hr', '钱审核'))
  const financeAccount = await createStaff(browser, server, smtp, 'finance', '孙财政')

  // 2. An applicant with a complete profile checks eligibility, uploads a résumé and applies.
  const email = uniqueEmail('subsidy')
  const password = 'Talent-Pass-2025'
  const applicant = await newSession(browser, server.baseUrl)
  let applicationPath = ''
  let policyId = ''
  try {
    const { page } = applicant
    await registerAndLogin(page, { smtp, server }, { role: 'applicant', email, name: '张同学', password })
    await page.goto('/applicant/profile')
    await page.getByTestId('profile-new').waitFor()
    const form = page.getByTestId('profile-form')
    await fill(form, '姓名', '张小三')
    await fill(form, '身份证号码', idNumber(7))
    await fill(form, '手机号码', '13700137000')
    await page.getByTestId('add-education').click()
    await fill(form, '毕业院校', '湖南大学')
    await fill(form, '专业', '电子商务')
    await fill(form, '毕业年份', '2018')
    await page.getByTestId('profile-submit').click()
    await message(page, '档案已保存')

    await page.goto('/files')
    await page.getByTestId('upload-input').locator('input[type=file]').setInputFiles({ name: '简历.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await message(page, '已上传')

    await page.getByTestId('side-menu').getByText('补贴政策', { exact: true }).click()
    await page.waitForURL(/\/subsidies$/)
    await page.getByRole('link', { name: `查看政策：${policyName}` }).click()
    await page.waitForURL(/\/subsidies\/[^/]+$/)
    policyId = new URL(page.url()).pathname.split('/').pop()
    await waitForText(page.getByTestId('policy-facts'), '县人才办〔2026〕8号')
    await waitForText(page.getByTestId('criterion-min_education'), '✓ 符合')
    await waitForText(page.getByTestId('eligibility-verdict'), '您符合全部申请条件')
    const apply = page.getByTestId('subsidy-apply-form')
    await waitForText(apply, '需要的材料：个人简历')
    await fill(apply, '申请金额（元）', '12345.67')
    await fill(apply, '申请说明', '2023 年回乡创办电商工作室，带动 5 人就业。')
    await apply.getByTestId('attach-resume').click()
    await apply.getByTestId('subsidy-submit').click()
    await page.waitForURL(/\/my\/subsidies\/[^/]+$/)
    applicationPath = new URL(page.url()).pathname
    await waitForText(page.getByTestId('applicant-status'), '提交成功')
    await waitForText(page.getByTestId('requested-amount'), '12,345.67 元')
    await waitForText(page.getByTestId('subsidy-history'), '提交成功')
    applicant.assertNoPageErrors()
  } finally {
    await applicant.close()
  }
  const receipt = await waitForMail(smtp, email, '补贴申请已提交')
  assert(receipt.text.includes(policyName) && receipt.text.includes(applicationPath), 'the receipt names the policy and links the application')

  // 3. HR returns it for more, with a reason.
  const hr = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr
    await login(page, hrAccount.email, hrAccount.password)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('补贴审核').click()
    await page.waitForURL(/\/hr\/subsidies$/)
    await page.getByRole('link', { name: '审核：张小三' }).click()
    await page.waitForURL(/\/hr\/subsidies\/[^/]+$/)
    await waitForText(page.getByTestId('staff-status'), '待审核')
    await waitForText(page.getByTestId('statement'), '电商工作室')
    await waitForText(page.getByTestId('application-files'), '简历')
    await waitForText(page.getByTestId('eligibility'), '符合')
    await page.getByTestId('subsidy-return').click()
    const dialog = page.getByTestId('reason-dialog')
    await dialog.locator('textarea').fill(reason)
    await dialog.getByTestId('reason-submit').click()
    await message(page, '已退回补充材料')
    await waitForText(page.getByTestId('staff-status'), '已退回补充')
    await waitForText(page.getByTestId('subsidy-history'), reason)
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }
  const returned = await waitForMail(smtp, email, '补贴申请需补充材料')
  assert(returned.text.includes(reason), 'the return mail gives the reason')
  const mailLink = returned.text.match(/https?:\/\/\S*\/my\/subsidies\/[\w-]+/)?.[0]
  assert(mailLink && mailLink.endsWith(applicationPath), `the return mail links the application, got ${mailLink}`)

  // 4. The applicant follows the mail, sees 退回补充材料 and why, adds a file and resubmits.
  const again = await newSession(browser, server.baseUrl)
  try {
    const { page } = again
    await login(page, email, password)
    await page.waitForURL(/\/applicant$/)
    await page.goto('/files')
    await page.getByTestId('upload-input').locator('input[type=file]').setInputFiles({ name: '营业执照.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await message(page, '已上传')
    await page.goto(mailLink)
    await waitForText(page.getByTestId('applicant-status'), '退回补充材料')
    await waitForText(page.getByTestId('latest-reason'), reason)
    await waitForText(page.getByTestId('subsidy-history'), '退回补充材料')
    await page.getByTestId('subsidy-edit').click()
    const form = page.getByTestId('subsidy-apply-form')
    await form.locator('.el-checkbox', { hasText: '营业执照' }).click()
    await form.getByTestId('subsidy-submit').click()
    await message(page, '申请已提交')
    await waitForText(page.getByTestId('application-files'), '营业执照')
    again.assertNoPageErrors()
  } finally {
    await again.close()
  }

  // 5. HR approves an amount below what was asked.
  const hr2 = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr2
    await login(page, hrAccount.email, hrAccount.password)
    await page.waitForURL(/\/hr$/)
    await page.goto('/hr/subsidies')
    await page.getByTestId('tab-resubmitted').click()
    await page.getByRole('link', { name: '审核：张小三' }).click()
    await waitForText(page.getByTestId('staff-status'), '补充后待审核')
    await page.getByTestId('subsidy-approve').click()
    const dialog = page.getByTestId('approve-dialog')
    assert((await dialog.getByLabel('核定金额（元）', { exact: true }).inputValue()) === '12345.67', 'the amount asked for is prefilled')
    await fill(dialog, '核定金额（元）', '60000')
    await dialog.getByTestId('approve-submit').click()
    await waitForText(dialog, '不超过政策限额')
    await fill(dialog, '核定金额（元）', '10000')
    await dialog.getByTestId('approve-submit').click()
    await message(page, '已审核通过')
    await waitForText(page.getByTestId('staff-status'), '待财政复核')
    await waitForText(page.getByTestId('granted-amount'), '10,000.00 元')
    hr2.assertNoPageErrors()
  } finally {
    await hr2.close()
  }

  // 6. Finance approves it against the budget.
  const finance = await newSession(browser, server.baseUrl)
  try {
    const { page } = finance
    await login(page, financeAccount.email, financeAccount.password)
    await page.waitForURL(/\/finance$/)
    await waitForText(page.getByTestId('home-finance'), '补贴复核')
    await page.getByTestId('side-menu').getByText('补贴复核').click()
    await page.waitForURL(/\/finance\/subsidies$/)
    const table = page.getByTestId('finance-table')
    await waitForText(table, '张小三')
    await waitForText(table.getByTestId('budget-remaining'), '1,000,000.00')
    await page.getByRole('button', { name: '财政复核通过: 张小三' }).click()
    await waitForText(page.locator('.el-message-box'), '10,000.00')
    await confirmBox(page, '财政复核通过')
    await message(page, '已复核通过')
    await waitForText(page.getByTestId('finance-table'), '没有待复核的申请')
    finance.assertNoPageErrors()
  } finally {
    await finance.close()
  }

  // 7. HR publishes the notice.
  const hr3 = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr3
    await login(page, hrAccount.email, hrAccount.password)
    await page.waitForURL(/\/hr$/)
    await page.getByTestId('side-menu').getByText('补贴公示').click()
    await page.waitForURL(/\/hr\/subsidy-notices$/)
    await page.locator('.el-form-item', { has: page.getByLabel('选择补贴政策', { exact: true }) }).locator('.el-select__wrapper').click()
    await page.getByRole('option', { name: new RegExp(policyName) }).click()
    await waitForText(page.getByTestId('ready-table'), '张小三')
    await page.getByTestId('ready-table').getByTestId('ready-select').click()
    await page.getByTestId('notice-publish').click()
    await confirmBox(page, '发布公示')
    await message(page, '已发布公示')
    await waitForText(page.getByTestId('notice-admin-table'), policyName)
    hr3.assertNoPageErrors()
  } finally {
    await hr3.close()
  }

  // 8. Anyone, without logging in, reads the notice: a masked name and the amount.
  const visitor = await newSession(browser, server.baseUrl)
  try {
    const { page } = visitor
    await page.goto('/')
    await page.getByTestId('footer-notices').click()
    await page.waitForURL(/\/notices$/)
    await page.getByRole('link', { name: `${policyName}拟发放名单公示` }).click()
    await page.waitForURL(/\/notices\/[^/]+$/)
    const entries = page.getByTestId('notice-entries')
    await waitForText(entries, '张*三')
    await waitForText(entries, '10,000.00')
    assert(!(await entries.textContent()).includes('张小三'), 'the full name is never shown')
    await waitForText(page.getByTestId('notice-total'), '10,000.00 元')
    await page.getByTestId('objection-form').waitFor()
    shared.subsidy = { policyId, noticePath: new URL(page.url()).pathname }
    visitor.assertNoPageErrors()
  } finally {
    await visitor.close()
  }
}
