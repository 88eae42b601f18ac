import { newSession } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, fill, login, registerAndLogin, tinyPdf, uniqueEmail, waitForText } from './helpers.mjs'

const BAD_ID = '110105194912310021' // right length, wrong check character
const GOOD_ID = '11010519491231002X'

/**
 * (6) An applicant fills the profile with a bad ID number and sees why in Chinese, fixes it,
 * saves, and uploads a résumé; HR finds them in the talent pool by name and opens their page.
 */
export async function applicantProfileAndTalentPool({ browser, server, smtp, shared }) {
  const email = uniqueEmail('talent')
  const password = 'Talent-Pass-2025'
  const fullName = `赵档案${Date.now().toString(36).slice(-4)}`
  const s = await newSession(browser, server.baseUrl)
  try {
    const { page } = s
    await registerAndLogin(page, { smtp, server }, { role: 'applicant', email, name: '赵同学', password })
    await page.getByTestId('side-menu').getByText('我的档案').click()
    await page.waitForURL(/\/applicant\/profile$/)
    await page.getByTestId('profile-new').waitFor()

    const form = page.getByTestId('profile-form')
    await fill(form, '姓名', fullName)
    await fill(form, '身份证号码', BAD_ID)
    await fill(form, '手机号码', '13800138000')
    await page.getByTestId('add-education').click()
    await fill(form, '毕业院校', '县职业技术学院')
    await fill(form, '专业', '机电一体化')
    await fill(form, '毕业年份', '2020')
    await form.getByText('技能人才').click()
    await page.getByTestId('profile-submit').click()
    await waitForText(form, '身份证号码校验位不正确，请核对后重新填写。')

    await fill(form, '身份证号码', GOOD_ID.toLowerCase())
    await page.getByTestId('profile-submit').click()
    await waitForText(page.locator('.el-message'), '档案已保存')
    await waitForText(page.getByTestId('profile-facts'), '1949-12-31')
    await waitForText(page.getByTestId('profile-facts'), '女')
    await waitForText(page.getByTestId('profile-complete'), '档案已完整')
    // The stored number is only shown masked, as a placeholder, and the field is empty again.
    const placeholder = await form.getByLabel('身份证号码', { exact: true }).getAttribute('placeholder')
    assert(placeholder === '1101**********002X', `masked ID placeholder, got ${placeholder}`)

    await page.getByTestId('side-menu').getByText('我的附件').click()
    await page.waitForURL(/\/files$/)
    await page.getByTestId('upload-input').locator('input[type=file]').setInputFiles({ name: '简历.pdf', mimeType: 'application/pdf', buffer: tinyPdf() })
    await waitForText(page.locator('.el-message'), '已上传')
    await waitForText(page.getByTestId('attachments-table'), '个人简历')
    await waitForText(page.getByTestId('attachments-table'), '.pdf')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }

  // HR (from the invitation flow), or the administrator when that flow did not run.
  const staff = shared.hr ?? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }
  const hr = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.getByTestId('side-menu').getByText('人才库').click()
    await page.waitForURL(/\/talents$/)
    await fill(page, '姓名、邮箱、院校、专业、技能或单位', fullName)
    await page.getByTestId('talents-search').click()
    await waitForText(page.getByTestId('talents-table'), fullName)
    await page.getByRole('button', { name: `查看 ${fullName} 的档案` }).click()
    await page.waitForURL(/\/talents\/[^/]+$/)
    const detail = page.getByTestId('talent-detail')
    await waitForText(page.getByTestId('talent-profile'), '1101**********002X')
    await waitForText(detail.getByTestId('attachments-table'), '个人简历')
    await waitForText(page.getByTestId('talent-timeline'), '创建人才档案')
    await waitForText(page.getByTestId('talent-timeline'), '上传附件')
    // HR downloads the résumé with the bearer token; the browser saves it under its own name.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      detail.getByTestId('attachments-table').getByRole('button', { name: /^下载/ }).click(),
    ])
    assert(/\.pdf$/.test(download.suggestedFilename()), `downloaded ${download.suggestedFilename()}`)
    if (shared.hr) {
      // A reveal asks why first; the reason lands in the history on the page.
      await page.getByTestId('reveal').click()
      const reasonDialog = page.getByTestId('reason-dialog')
      await reasonDialog.locator('textarea').fill('核对人才公寓申请材料')
      await reasonDialog.getByTestId('reason-submit').click()
      await waitForText(page.getByTestId('revealed-id'), GOOD_ID)
      await waitForText(page.getByTestId('reveal-dialog'), '已记入审计日志')
      await waitForText(page.getByTestId('reveal-history'), '核对人才公寓申请材料')
    }
    hr.assertNoPageErrors()
    shared.talent = { email, password, fullName }
  } finally {
    await hr.close()
  }

  // The same ID number on a second account: the server's 409 lands under the ID field, in Chinese.
  const other = await newSession(browser, server.baseUrl)
  try {
    const { page } = other
    await registerAndLogin(page, { smtp, server }, { role: 'applicant', email: uniqueEmail('twin'), name: '孙同学', password })
    await page.goto('/applicant/profile')
    await page.getByTestId('profile-new').waitFor()
    const form = page.getByTestId('profile-form')
    await fill(form, '姓名', '孙同学')
    await fill(form, '身份证号码', GOOD_ID)
    await fill(form, '手机号码', '13900139001')
    await page.getByTestId('profile-submit').click()
    await waitForText(form.locator('.el-form-item__error'), '该身份证号码已在其他账号登记，请联系人才办。')
    other.assertNoPageErrors()
  } finally {
    await other.close()
  }
}
