import path from 'node:path'
import { newSession, PHONE } from '../lib/browser.mjs'
import { ARTIFACTS_DIR } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { apiCall, apiLogin, assert, FlowSkipped, login, serverHasPath } from './helpers.mjs'

// The admin opens 统计报告 from the menu: the cards show what the API reports for the same year
// (whatever the earlier flows left in the database), the trend chart is drawn, a quarter can be
// chosen, and the workbook downloads.

const KEYS = ['fairs.held', 'fairs.intents', 'subsidies.awarded_fen', 'allowances.batches', 'payouts.paid']

/** (12) The year in numbers. */
export async function annualReportDashboard({ browser, server }) {
  if (!(await serverHasPath(server, '/api/v1/reports/annual'))) throw new FlowSkipped('the server has no reports yet')
  const year = new Date().getFullYear()
  const token = await apiLogin(server, ADMIN_EMAIL, ADMIN_PASSWORD)
  const expected = await apiCall(server, 'GET', `/reports/annual?year=${year}`, { token })
  const session = await newSession(browser, server.baseUrl)
  try {
    const { page } = session
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.getByTestId('side-menu').getByText('统计报告', { exact: true }).click()
    await page.waitForURL(/\/reports\/annual$/)
    await page.getByTestId('annual-report').waitFor()
    for (const key of KEYS) {
      const card = page.getByTestId(`figure-${key}`)
      await card.waitFor()
      const f = expected.figures[key]
      const text = await card.textContent()
      assert(text.includes(f.label_zh), `${key} is named ${f.label_zh}: ${text}`)
      const shown = f.unit === 'fen' ? (f.value / 100).toFixed(2) : String(f.value)
      assert(text.replace(/,/g, '').includes(shown), `${key} shows ${shown}: ${text}`)
    }
    // ECharts draws on a canvas inside the trend card.
    await page.getByTestId('report-trend').locator('canvas').waitFor()
    const download = page.waitForEvent('download')
    await page.getByTestId('report-download').click()
    const file = await download
    assert(file.suggestedFilename() === `annual-report-${year}.xlsx`, `workbook name ${file.suggestedFilename()}`)
    // A quarter narrows the months to three.
    await page.getByTestId('report-quarter').click()
    const quarterAnswer = page.waitForResponse((r) => r.url().includes('/reports/annual?') && r.url().includes('quarter=1'))
    await page.getByRole('option', { name: '第1季度' }).click()
    assert((await quarterAnswer).ok(), 'the quarter is reported')
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'reports-dashboard.png'), fullPage: true })
    // The administrator freezes last year as reported: the page then shows who froze it and when.
    await page.goto('/reports/annual')
    await page.getByTestId('figure-fairs.held').waitFor()
    await page.getByTestId('report-year').click()
    const lastYear = page.waitForResponse((r) => r.url().includes(`/reports/annual?year=${year - 1}`))
    await page.getByRole('option', { name: String(year - 1), exact: true }).click()
    await lastYear
    const frozen = await apiCall(server, 'GET', `/reports/annual?year=${year - 1}`, { token })
    if (!frozen.frozen) {
      await page.getByTestId('report-freeze').click()
      await page.locator('.el-message-box').getByRole('button', { name: '冻结本年度数据' }).click()
    }
    await page.getByTestId('report-frozen').getByText('SHA-256').waitFor()
    assert(!(await page.getByTestId('report-freeze').isVisible()), 'a frozen year offers no second freeze')
    const after = await apiCall(server, 'GET', `/reports/annual?year=${year - 1}`, { token })
    assert(after.frozen && after.frozen.intact, 'the year is frozen and intact')
    // The administrator names the county in the summary settings; the summary is written with it.
    await page.getByTestId('side-menu').getByText('年度总结设置', { exact: true }).click()
    await page.waitForURL(/\/reports\/settings$/)
    await page.getByTestId('settings-county').fill('青川县')
    await page.getByTestId('settings-save').click()
    await page.getByText('设置已保存').waitFor()
    await page.getByTestId('side-menu').getByText('统计报告', { exact: true }).click()
    await page.getByTestId('annual-report').waitFor()
    await page.getByTestId('report-summary').click()
    await page.getByTestId('summary-text').getByText(`青川县${year}年度人才工作总结`).waitFor()
    const word = page.waitForEvent('download')
    await page.getByTestId('summary-docx').click()
    const docx = await word
    assert(docx.suggestedFilename() === `annual-summary-${year}.docx`, `summary name ${docx.suggestedFilename()}`)
    await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'reports-summary.png'), fullPage: true })
    session.assertNoPageErrors()
  } finally {
    await session.close()
  }
  // On a phone, in both languages: no sideways scrolling, names instead of keys.
  const phone = await newSession(browser, server.baseUrl, PHONE)
  try {
    const { page } = phone
    await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await page.waitForURL(/\/admin$/)
    await page.goto('/reports/annual')
    for (const [lang, name] of [['zh-CN', expected.figures['fairs.intents'].label_zh], ['en', expected.figures['fairs.intents'].label_en]]) {
      if (lang === 'en') await page.getByTestId('lang-switch').click()
      await page.getByTestId('figure-fairs.intents').filter({ hasText: name }).waitFor()
      await page.getByTestId('report-trend').locator('canvas').waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 0, `${lang}: the report page scrolls sideways by ${overflow}px at 360 px`)
      const text = await page.getByTestId('annual-report').innerText()
      assert(!/\b[a-z]+\.[a-z_]+\b/.test(text), `${lang}: a figure key is shown: ${text.match(/\b[a-z]+\.[a-z_]+\b/)}`)
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `reports-dashboard-360-${lang}.png`), fullPage: true })
    }
    // The summary settings and the summary itself fit a phone too, in the language last chosen (English).
    await page.goto('/reports/settings')
    await page.getByTestId('settings-template').waitFor()
    for (const lang of ['en', 'zh-CN']) {
      if (lang === 'zh-CN') await page.getByTestId('lang-switch').click()
      await page.getByTestId('settings-save').waitFor()
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert(overflow <= 0, `${lang}: the summary settings scroll sideways by ${overflow}px at 360 px`)
      const text = await page.getByTestId('report-settings').innerText()
      assert(!/reports\.|\bmore_than\b|\bcount_style\b/.test(text), `${lang}: a message key is shown: ${text.slice(0, 200)}`)
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, `report-settings-360-${lang}.png`), fullPage: true })
    }
    phone.assertNoPageErrors()
  } finally {
    await phone.close()
  }
}
