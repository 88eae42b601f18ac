import { newSession } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { choose, fill, FlowSkipped, login, registerAndLogin, serverHasPath, uniqueEmail, waitForText } from './helpers.mjs'

// A real, published unified social credit code (its check character is right).
const CREDIT_CODE = '91350100M000100Y43'

/**
 * (7) An employer registers an enterprise, HR verifies it, the employer posts a position, and
 * an anonymous visitor finds it in the position search.
 */
export async function enterprisePositionJourney({ browser, server, smtp, shared }) {
  if (!(await serverHasPath(server, '/api/v1/enterprises'))) throw new FlowSkipped('the server has no enterprise API yet')
  const email = uniqueEmail('employer')
  const password = 'Employer-Pass-2025'
  const enterpriseName = `聚贤测试科技有限公司${Date.now().toString(36).slice(-4)}`
  const title = `数控车床操作工${Date.now().toString(36).slice(-4)}`

  const employer = await newSession(browser, server.baseUrl)
  try {
    const { page } = employer
    await registerAndLogin(page, { smtp, server }, { role: 'employer', email, name: '钱经理', password })
    await page.getByTestId('side-menu').getByText('我的企业').click()
    const form = page.getByTestId('enterprise-form')
    await fill(form, '单位名称', enterpriseName)
    await fill(form, '统一社会信用代码', CREDIT_CODE.slice(0, 17) + '0')
    await choose(page, form, '所属行业', '制造业')
    await fill(form, '单位地址', '县工业园区 1 号')
    await fill(form, '联系人', '钱经理')
    await fill(form, '联系电话', '13900139000')
    await choose(page, form, '单位规模', '小型企业')
    await page.getByTestId('enterprise-submit').click()
    await waitForText(form.locator('.el-form-item__error'), '统一社会信用代码校验位不正确')
    await fill(form, '统一社会信用代码', CREDIT_CODE)
    await page.getByTestId('enterprise-submit').click()
    await page.getByTestId('enterprise-pending').waitFor()
    employer.assertNoPageErrors()
  } finally {
    await employer.close()
  }

  const staff = shared.hr ?? { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }
  const hr = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr
    await login(page, staff.email, staff.password)
    await page.waitForURL(/\/(hr|admin)$/)
    await page.goto('/enterprises/review')
    await waitForText(page.getByTestId('review-table'), enterpriseName)
    await page.getByRole('button', { name: `通过 ${enterpriseName}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: '通过' }).click()
    await waitForText(page.locator('.el-message'), '已通过审核')
    hr.assertNoPageErrors()
  } finally {
    await hr.close()
  }

  const again = await newSession(browser, server.baseUrl)
  try {
    const { page } = again
    await login(page, email, password)
    await page.waitForURL(/\/employer$/)
    await page.getByTestId('side-menu').getByText('我的岗位').click()
    await page.getByTestId('create-position').click()
    const dialog = page.getByTestId('position-dialog')
    await fill(dialog, '岗位名称', title)
    await fill(dialog, '岗位描述', '负责数控车床的操作与日常保养。')
    await fill(dialog, '月薪下限（元）', '5000')
    await fill(dialog, '月薪上限（元）', '8000')
    await fill(dialog, '工作地点', '县工业园区')
    await dialog.getByTestId('position-submit').click()
    await waitForText(page.getByTestId('positions-table'), title)
    again.assertNoPageErrors()
    shared.employer = { email, password }
  } finally {
    await again.close()
  }

  const visitor = await newSession(browser, server.baseUrl)
  try {
    const { page } = visitor
    await page.goto('/')
    await page.getByTestId('home-positions-link').click()
    await page.waitForURL(/\/positions$/)
    await fill(page, '岗位、单位或关键词', title)
    await page.getByTestId('jobs-search').click()
    await waitForText(page.getByTestId('position-results'), title)
    await page.getByRole('link', { name: title }).click()
    await waitForText(page.getByTestId('position-detail'), enterpriseName)
    visitor.assertNoPageErrors()
  } finally {
    await visitor.close()
  }
}
