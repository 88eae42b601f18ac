// End-to-end check of the built frontend against the real server, a real SMTP server and
// Debian's headless Chromium. Usage: npm run build && npm run e2e
// Env: JUXIAN_BIN (default ../target/debug/juxian, or $CARGO_TARGET_DIR/debug/juxian),
//      CHROMIUM_PATH (default /usr/bin/chromium), E2E_ONLY=name,name to run some flows.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { launchBrowser } from './lib/browser.mjs'
import { ARTIFACTS_DIR, freePort } from './lib/env.mjs'
import { startJuxian } from './lib/server.mjs'
import { startSmtpCatcher } from './lib/smtp.mjs'
import { adminPagesAccessible, applicantPagesAccessible, publicPagesAccessible } from './flows/accessibility.mjs'
import { applicantJourney } from './flows/applicant.mjs'
import { notFoundPage, wrongPasswordBothLanguages } from './flows/language.mjs'
import { outboxDeadLetterRetry } from './flows/outbox.mjs'
import { screenshots } from './flows/screenshots.mjs'
import { adminManagesAccount } from './flows/users.mjs'
import { staffInvitation } from './flows/staff.mjs'
import { applicantProfileAndTalentPool } from './flows/talents.mjs'
import { enterprisePositionJourney } from './flows/positions.mjs'
import { jobFairJourney } from './flows/fairs.mjs'
import { internshipJourney } from './flows/internships.mjs'
import { subsidyJourney } from './flows/subsidies.mjs'
import { payoutJourney } from './flows/payouts.mjs'
import { rosterJourney } from './flows/rosters.mjs'
import { annualReportDashboard } from './flows/reports.mjs'
import { villagePlanJourney } from './flows/villages.mjs'
import { recruitmentJourney } from './flows/recruitments.mjs'
import { symposiumJourney } from './flows/symposiums.mjs'
import { privacyJourney } from './flows/privacy.mjs'
import { everyScreenEveryRole } from './flows/walker.mjs'

const FLOWS = [
  ['applicant registers, verifies, logs in, reloads and logs out', applicantJourney],
  ['admin invites HR; HR sets a password and sees the HR menu', staffInvitation],
  ['wrong password is explained in Chinese, then English', wrongPasswordBothLanguages],
  ['unknown route shows the not-found page', notFoundPage],
  ['admin sees a dead letter in the outbox and retries it', outboxDeadLetterRetry],
  ['admin searches, disables, enables and re-roles an account', adminManagesAccount],
  ['applicant fixes a bad ID, saves the profile and uploads a résumé; HR finds them', applicantProfileAndTalentPool],
  ['employer registers, HR verifies, employer posts a position, a visitor finds it', enterprisePositionJourney],
  ['HR runs a job fair: booth, sign-up with QR ticket, check-in on a phone, intent, statistics', jobFairJourney],
  ['HR runs an internship programme: offer, approval, application, acceptance, statistics', internshipJourney],
  ['subsidy: admin policy, eligibility, apply, return, resubmit, HR and finance approval, public notice', subsidyJourney],
  ['finance builds a payout batch, a second finance user approves and exports it, results with a failure, the failure paid in a new batch', payoutJourney],
  ['HR imports an allowance roster (a bad file refused whole, then the fixed one), submits; finance approves; pending payouts', rosterJourney],
  ['admin opens the annual report: cards as the API says, a chart, a quarter, the workbook', annualReportDashboard],
  ['recruitment: HR publishes, an applicant pre-checks and signs up, HR approves and issues tickets, the applicant opens the ticket', recruitmentJourney],
  ['public pages have no serious or critical axe violations', publicPagesAccessible],
  ['admin pages have no serious or critical axe violations', adminPagesAccessible],
  ['applicant and employer pages have no serious or critical axe violations', applicantPagesAccessible],
  ['screenshots at 360x740 and 1280x800', screenshots],
  ['admin imports villages (a bad file refused whole), HR opens a round, an applicant applies, HR recommends and admits, coverage shows it', villagePlanJourney],
  ['HR invites a talent to a symposium by filter, the talent accepts from the mail link, HR records attendance and the summary', symposiumJourney],
  ['an applicant consents to the privacy notice at registration, downloads their data and asks to close the account; HR approves (browsers in UTC)', privacyJourney],
  ['every route of every role in both languages at 360 px: no code-like text, no sideways scroll', everyScreenEveryRole],
]

async function main() {
  const only = process.env.E2E_ONLY?.split(',').map((s) => s.trim()).filter(Boolean)
  const selected = only ? FLOWS.filter(([, fn]) => only.includes(fn.name)) : FLOWS
  mkdirSync(ARTIFACTS_DIR, { recursive: true })
  let passed = 0
  let failed = 0
  let skipped = 0
  let smtp
  let server
  let browser
  try {
    const smtpPort = await freePort()
    smtp = await startSmtpCatcher(smtpPort)
    server = await startJuxian({ smtpPort })
    console.log(`server at ${server.baseUrl} (data ${server.dataDir})`)
    browser = await launchBrowser()
    const shared = {}
    for (const [title, flow] of selected) {
      const started = Date.now()
      try {
        await flow({ browser, server, smtp, shared })
        passed += 1
        console.log(`ok   ${title} (${Date.now() - started} ms)`)
      } catch (error) {
        if (error?.skipped) {
          skipped += 1
          console.log(`skip ${title}: ${error.message}`)
          continue
        }
        failed += 1
        console.log(`FAIL ${title} (${Date.now() - started} ms)\n     ${String(error?.stack ?? error).split('\n').join('\n     ')}`)
      }
    }
    if (failed) console.log(`--- server log (last lines) ---\n${server.log()}`)
  } catch (error) {
    failed += 1
    console.log(`FAIL setup\n     ${String(error?.stack ?? error).split('\n').join('\n     ')}`)
  } finally {
    await browser?.close().catch(() => undefined)
    if (server) {
      await server.stop()
      writeFileSync(path.join(ARTIFACTS_DIR, 'server.log'), server.log())
      rmSync(server.dataDir, { recursive: true, force: true })
    }
    await smtp?.close()
  }
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
  process.exitCode = failed ? 1 : 0
}

await main()
