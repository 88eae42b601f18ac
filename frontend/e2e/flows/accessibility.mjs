import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { newSession } from '../lib/browser.mjs'
import { sleep } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { login } from './helpers.mjs'

const require = createRequire(import.meta.url)
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')
const PUBLIC_PAGES = ['/', '/login', '/register', '/forgot-password', '/positions', '/subsidies', '/notices']
const ADMIN_PAGES = ['/admin', '/admin/users', '/admin/subsidy-policies', '/hr/subsidies', '/admin/outbox', '/admin/audit', '/talents', '/enterprises/review', '/account', '/account/password', '/forbidden', '/no/such/page']
const APPLICANT_PAGES = ['/applicant', '/applicant/profile', '/files', '/my/subsidies']
const EMPLOYER_PAGES = ['/employer', '/employer/enterprise', '/employer/positions', '/files']

async function scan(page) {
  await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async () => {
    const result = await axe.run(document, { resultTypes: ['violations'] })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }))
  })
}

/** (4) axe-core finds no serious or critical violation on the public pages, in both languages. */
export async function publicPagesAccessible({ browser, server, shared }) {
  const problems = []
  // The subsidy flow leaves a policy and a published notice to look at.
  const pages = shared.subsidy ? [...PUBLIC_PAGES, `/subsidies/${shared.subsidy.policyId}`, shared.subsidy.noticePath] : PUBLIC_PAGES
  for (const lang of ['zh-CN', 'en']) {
    for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
      const s = await newSession(browser, server.baseUrl, viewport, { bypassCSP: true })
      try {
        await s.page.addInitScript((l) => localStorage.setItem('juxian.locale', l), lang)
        for (const path of pages) {
          await s.page.goto(path)
          await s.page.locator('main h1').first().waitFor()
          // Lists load after the heading; a loading mask over them would skew the contrast check.
          await s.page.waitForLoadState('networkidle')
          await sleep(300)
          for (const v of await scan(s.page)) {
            if (v.impact === 'serious' || v.impact === 'critical') problems.push({ page: path, lang, width: viewport.width, ...v })
          }
        }
        s.assertNoPageErrors()
      } finally {
        await s.close()
      }
    }
  }
  if (problems.length) throw new Error(`accessibility violations:\n${JSON.stringify(problems, null, 2)}`)
}

/** The applicant's and the employer's pages, filled in by their flows, at both widths. */
export async function applicantPagesAccessible({ browser, server, shared }) {
  if (!shared.talent) throw new Error('needs the applicant of applicantProfileAndTalentPool')
  const problems = []
  const who = [[shared.talent, 'applicant', APPLICANT_PAGES]]
  if (shared.employer) who.push([shared.employer, 'employer', EMPLOYER_PAGES])
  for (const viewport of [{ width: 1280, height: 800 }, { width: 360, height: 740 }]) {
    for (const [account, role, pages] of who) {
    const s = await newSession(browser, server.baseUrl, viewport, { bypassCSP: true })
    try {
      await login(s.page, account.email, account.password)
      await s.page.waitForURL(new RegExp(`/${role}$`))
      for (const path of pages) {
        await s.page.goto(path)
        await s.page.locator('main h1').first().waitFor()
        await s.page.waitForLoadState('networkidle')
        for (const v of await scan(s.page)) {
          if (v.impact === 'serious' || v.impact === 'critical') problems.push({ page: path, width: viewport.width, ...v })
        }
      }
      s.assertNoPageErrors()
    } finally {
      await s.close()
    }
    }
  }
  if (problems.length) throw new Error(`accessibility violations:\n${JSON.stringify(problems, null, 2)}`)
}

/** The same bar for the administrator's pages, which hold most of the tables, filters and dialogs. */
export async function adminPagesAccessible({ browser, server }) {
  const problems = []
  const s = await newSession(browser, server.baseUrl, undefined, { bypassCSP: true })
  try {
    await login(s.page, ADMIN_EMAIL, ADMIN_PASSWORD)
    await s.page.waitForURL(/\/admin$/)
    for (const path of ADMIN_PAGES) {
      await s.page.goto(path)
      await s.page.locator('main h1').first().waitFor()
      await s.page.waitForLoadState('networkidle')
      for (const v of await scan(s.page)) {
        if (v.impact === 'serious' || v.impact === 'critical') problems.push({ page: path, ...v })
      }
    }
    s.assertNoPageErrors()
  } finally {
    await s.close()
  }
  if (problems.length) throw new Error(`accessibility violations:\n${JSON.stringify(problems, null, 2)}`)
}
