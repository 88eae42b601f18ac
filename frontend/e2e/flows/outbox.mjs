import { newSession } from '../lib/browser.mjs'
import { waitUntil } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, login, noticeVersion, uniqueEmail, waitForText } from './helpers.mjs'

/**
 * An administrator finds mail the SMTP server refused among the dead letters. The verification
 * mail's one-time link was deleted when it died, so it cannot be resent; the notice that someone
 * registered the address again carries no secret and is sent again.
 */
export async function outboxDeadLetterRetry({ browser, server }) {
  const email = uniqueEmail('bounce')
  // The second registration of the address answers alike and mails its owner instead.
  for (let i = 0; i < 2; i++) {
    const res = await fetch(`${server.baseUrl}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password: 'Bounce-Pass-2025', display_name: 'Bounce', role: 'applicant', privacy_notice_version: await noticeVersion(server) }),
    })
    assert(res.status === 201, `register answered ${res.status}`)
  }

  const s = await newSession(browser, server.baseUrl)
  const { page } = s
  try {
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.goto('/admin/outbox')
    await page.getByTestId('outbox-status').getByText('发送失败').click()
    const rows = page.getByTestId('outbox-table').locator('tr', { hasText: email })
    // The worker needs a few attempts before it gives up; refresh the list until both rows show.
    await waitUntil(
      'the dead letters to appear',
      async () => {
        await page.getByRole('button', { name: '刷新' }).click()
        await page.waitForLoadState('networkidle')
        return (await rows.count()) === 2
      },
      30_000,
      500,
    )
    const verification = rows.filter({ hasText: '验证邮箱' })
    await waitForText(verification, '一次性链接已删除')
    assert((await verification.getByRole('button').count()) === 0, 'a dead verification mail offers no resend')
    const notice = rows.filter({ hasText: '重复注册提醒' })
    await waitForText(notice, '发送失败')
    await notice.getByRole('button', { name: `重新发送: ${email}` }).click()
    await waitForText(page.locator('.el-message'), '已重新加入发送队列')
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
}
