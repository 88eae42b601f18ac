import { copyFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { DESKTOP, newSession, PHONE } from '../lib/browser.mjs'
import { ARTIFACTS_DIR, README_SHOT, sleep } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { assert, login } from './helpers.mjs'

const PUBLIC = [
  ['home', '/'],
  ['login', '/login'],
  ['register', '/register'],
  ['forgot-password', '/forgot-password'],
  ['position-search', '/positions'],
]
const ADMIN = [
  ['admin-home', '/admin'],
  ['admin-users', '/admin/users'],
  ['admin-outbox', '/admin/outbox'],
  ['admin-audit', '/admin/audit'],
  ['talent-pool', '/talents'],
  ['enterprise-review', '/enterprises/review'],
  ['account', '/account'],
]

async function settle(page) {
  await page.locator('main h1').first().waitFor()
  await page.waitForLoadState('networkidle')
  // Let Element Plus finish its transitions (table layout, loading masks).
  await sleep(300)
}

async function shoot(page, name, viewport) {
  const file = path.join(ARTIFACTS_DIR, `${name}-${viewport.width}x${viewport.height}.png`)
  await page.screenshot({ path: file, fullPage: true })
  // At phone width nothing may stick out sideways (tables scroll inside their own box).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert(overflow <= 0, `${name} at ${viewport.width}px is ${overflow}px wider than the screen`)
  return file
}

/** (5) Screenshots of the main pages at phone and desktop size; the desktop home also goes to the README. */
export async function screenshots({ browser, server, shared }) {
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  for (const viewport of [PHONE, DESKTOP]) {
    const s = await newSession(browser, server.baseUrl, viewport)
    const { page } = s
    try {
      for (const [name, url] of PUBLIC) {
        await page.goto(url)
        await settle(page)
        const file = await shoot(page, name, viewport)
        if (name === 'home' && viewport === DESKTOP) {
          mkdirSync(path.dirname(README_SHOT), { recursive: true })
          copyFileSync(file, README_SHOT)
        }
      }
      await login(page, ADMIN_EMAIL, ADMIN_PASSWORD)
      await page.waitForURL(/\/admin$/)
      for (const [name, url] of ADMIN) {
        await page.goto(url)
        await settle(page)
        await shoot(page, name, viewport)
      }
      if (viewport === PHONE) {
        await page.getByTestId('menu-toggle').click()
        await page.getByRole('dialog').getByText('用户管理').waitFor()
        await sleep(400)
        await shoot(page, 'admin-menu-drawer', viewport)
      }
      if (shared.talent) {
        await page.context().clearCookies()
        await login(page, shared.talent.email, shared.talent.password)
        await page.waitForURL(/\/applicant$/)
        for (const [name, url] of [['applicant-profile', '/applicant/profile'], ['applicant-files', '/files']]) {
          await page.goto(url)
          await settle(page)
          await shoot(page, name, viewport)
        }
      }
      if (shared.employer) {
        await page.context().clearCookies()
        await login(page, shared.employer.email, shared.employer.password)
        await page.waitForURL(/\/employer$/)
        for (const [name, url] of [['employer-enterprise', '/employer/enterprise'], ['employer-positions', '/employer/positions']]) {
          await page.goto(url)
          await settle(page)
          await shoot(page, name, viewport)
        }
      }
      if (shared.applicant) {
        await page.context().clearCookies()
        await login(page, shared.applicant.email, shared.applicant.password)
        await page.waitForURL(/\/applicant$/)
        await settle(page)
        await shoot(page, 'applicant-home', viewport)
      }
      s.assertNoPageErrors()
    } finally {
      await s.close()
    }
  }
}
