import { newSession } from '../lib/browser.mjs'
import { waitUntil } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, login, uniqueEmail, waitForText } from './helpers.mjs'

/** An administrator finds a mail the SMTP server refused among the dead letters and sends it again. */
export async function outboxDeadLetterRetry({ browser, server }) {
  const email = uniqueEmail('bounce')
  const res = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: 'Bounce-Pass-2025', display_name: 'Bounce', role: 'applicant' }),
  })
  assert(res.status === 201, `register answered ${res.status}`)

  const s = await newSession(browser, server.baseUrl)
  const { page } = s
  try {
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.goto('/admin/outbox')
    await page.getByTestId('outbox-status').getByText('发送失败').click()
    const row = page.getByTestId('outbox-table').locator('tr', { hasText: email })
    // The worker needs a few attempts before it gives up; refresh the list until the row shows.
    await waitUntil(
      'the dead letter to appear',
      async () => {
        await page.getByRole('button', { name: '刷新' }).click()
        await page.waitForLoadState('networkidle')
        return (await row.count()) > 0
      },
      30_000,
      500,
    )
    await waitForText(row, '发送失败')
    await row.getByRole('button', { name: `重新发送: ${email}` }).click()
    await waitForText(page.locator('.el-message'), '已重新加入发送队列')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
}
