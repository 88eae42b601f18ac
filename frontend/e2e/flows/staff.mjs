import { newSession } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { fill, login, uniqueEmail, waitForText } from './helpers.mjs'

/** (2) Admin creates an HR account; HR sets a password from the invitation and sees the HR menu. */
export async function staffInvitation({ browser, server, smtp, shared }) {
  const hrEmail = uniqueEmail('hr')
  const hrPassword = 'Office-Pass-2025'
  const admin = await newSession(browser, server.baseUrl)
  try {
    const { page } = admin
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await waitForText(page.getByTestId('side-menu'), '用户管理')
    await page.goto('/admin/users')
    await page.getByTestId('create-user').click()
    const dialog = page.getByTestId('create-user-dialog')
    await fill(dialog, '电子邮箱', hrEmail)
    await fill(dialog, '姓名或称呼', '李主任')
    await dialog.getByTestId('new-role-hr').click()
    await dialog.getByTestId('create-user-submit').click()
    await waitForText(page.getByTestId('users-table'), hrEmail)
    admin.assertNoPageErrors()
  } finally {
    await admin.close()
  }

  const link = await smtp.waitForLink(hrEmail, '/reset-password')
  const hr = await newSession(browser, server.baseUrl)
  try {
    const { page } = hr
    await page.goto(link)
    await fill(page, '新密码', hrPassword)
    await fill(page, '确认密码', hrPassword)
    await page.getByTestId('reset-submit').click()
    await page.waitForURL(/\/login\?passwordSet=1/)
    await login(page, hrEmail, hrPassword)
    await page.waitForURL(/\/hr$/)
    await waitForText(page.getByTestId('home-hr'), '人才办工作台')
    for (const item of ['人才库', '企业审核', '招聘会管理', '补贴审核', '补助名单']) {
      await waitForText(page.getByTestId('side-menu'), item)
    }
    hr.assertNoPageErrors()
    shared.hr = { email: hrEmail, password: hrPassword }
  } finally {
    await hr.close()
  }
}
