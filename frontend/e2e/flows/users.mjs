import { newSession } from '../lib/browser.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, fill, login, noticeVersion, uniqueEmail, waitForText } from './helpers.mjs'

/** An administrator finds an account by search, disables and re-enables it, and changes its role. */
export async function adminManagesAccount({ browser, server }) {
  const email = uniqueEmail('managed')
  const res = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'Managed-Pass-2025', display_name: '赵六', role: 'applicant', privacy_notice_version: await noticeVersion(server) }),
  })
  assert(res.status === 201, `register answered ${res.status}`)

  const s = await newSession(browser, server.baseUrl)
  const { page } = s
  try {
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.goto('/admin/users')
    await fill(page, '搜索邮箱或姓名', email)
    await page.getByRole('button', { name: '查询' }).click()
    const table = page.getByTestId('users-table')
    const row = table.locator('tbody tr').filter({ hasText: email })
    await row.first().waitFor()
    // Exactly one match: the search really filtered.
    await page.locator('.el-pagination__total').filter({ hasText: '1' }).waitFor()

    await page.getByRole('button', { name: `停用: ${email}` }).click()
    await page.getByRole('dialog').getByRole('button', { name: '停用' }).click()
    await waitForText(row, '已停用')
    await page.getByRole('button', { name: `启用: ${email}` }).click()
    await page.getByRole('button', { name: `停用: ${email}` }).waitFor()

    await page.getByRole('button', { name: `修改角色: ${email}` }).click()
    const dialog = page.getByRole('dialog', { name: `修改 ${email} 的角色` })
    await dialog.getByText('用人单位').click()
    await dialog.getByRole('button', { name: '保存' }).click()
    await waitForText(row, '用人单位')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
}
