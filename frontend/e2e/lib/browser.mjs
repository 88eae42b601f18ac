// Debian's Chromium driven by playwright-core; no browser is ever downloaded.
import { chromium } from 'playwright-core'
import { chromiumPath } from './env.mjs'

export const DESKTOP = { width: 1280, height: 800 }
export const PHONE = { width: 360, height: 740 }

export function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * A fresh browser profile (own cookies and storage). Uncaught page errors are collected so a
 * flow fails on a script error even when the page still looks fine.
 */
export async function newSession(browser, baseUrl, viewport = DESKTOP, { bypassCSP = false, timezoneId = 'Asia/Shanghai' } = {}) {
  // bypassCSP only for the axe scan, which injects its script into the page.
  const context = await browser.newContext({ baseURL: baseUrl, viewport, locale: 'zh-CN', timezoneId, bypassCSP })
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const errors = []
  page.on('pageerror', (error) => errors.push(error.message))
  return {
    context,
    page,
    assertNoPageErrors() {
      if (errors.length) throw new Error(`uncaught errors in the page:\n${errors.join('\n')}`)
    },
    close: () => context.close(),
  }
}
