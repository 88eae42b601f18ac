// Every screen of every role, in both languages, on a 360 px phone: no text that looks like a code
// meant for programmers (`fair.signed_up`, `checked_in`, a bare UUID) and no page that scrolls
// sideways. The list of screens is the router's own, read from the running app, so a route added
// tomorrow is walked tomorrow; a route with an id needs an entry in ID_SOURCES (it fails until it
// has one), and is walked with the first record its list answers.
import { newSession, PHONE } from '../lib/browser.mjs'
import { sleep } from '../lib/env.mjs'
import { ADMIN_EMAIL, ADMIN_PASSWORD } from '../lib/server.mjs'
import { login, uniqueEmail } from './helpers.mjs'

const ROLES = ['applicant', 'employer', 'hr', 'finance', 'admin']
const PASSWORD = 'Walker-Pass-2025'

/**
 * Where a route's id comes from: the list the role `as` reads, and the field of its first item.
 * `as: 'self'` reads the list as the role walking the route (records of their own); `to` builds the
 * path from that item when the route has more than one id.
 */
const ID_SOURCES = {
  '/talents/:userId': { as: 'admin', list: '/api/v1/talents', field: 'user_id' },
  '/positions/:id': { as: 'admin', list: '/api/v1/positions' },
  '/fairs/:id': { as: 'admin', list: '/api/v1/job-fairs' },
  '/hr/fairs/:id': { as: 'admin', list: '/api/v1/job-fairs' },
  '/hr/fairs/:id/check-in': { as: 'admin', list: '/api/v1/job-fairs' },
  '/internships/:id': { as: 'admin', list: '/api/v1/internship-programs' },
  '/hr/internships/:id': { as: 'admin', list: '/api/v1/internship-programs' },
  '/finance/payout-batches/:id': { as: 'finance', list: '/api/v1/payout-batches' },
  '/recruitments/:id': { as: 'admin', list: '/api/v1/recruitments' },
  '/hr/recruitments/:id': { as: 'admin', list: '/api/v1/recruitments' },
  '/my/recruitments/:id': { as: 'self', list: '/api/v1/me/recruitment-applications' },
  '/my/recruitments/:id/ticket': { as: 'self', list: '/api/v1/me/recruitment-applications' },
  '/hr/allowances/:id': { as: 'admin', list: '/api/v1/allowance-batches' },
  '/subsidies/:id': { as: 'admin', list: '/api/v1/subsidy-policies' },
  '/my/subsidies/:id': { as: 'self', list: '/api/v1/subsidy-applications' },
  '/hr/subsidies/:id': { as: 'hr', list: '/api/v1/subsidy-applications' },
  '/finance/subsidies/:id': { as: 'finance', list: '/api/v1/subsidy-applications' },
  '/notices/:id': { as: 'admin', list: '/api/v1/subsidy-notices' },
  '/hr/symposiums/:id': { as: 'admin', list: '/api/v1/symposiums' },
  '/hr/trainings/:id': { as: 'admin', list: '/api/v1/trainings' },
  '/hr/trainings/:id/sessions/:sessionId/check-in': {
    as: 'admin',
    list: '/api/v1/trainings',
    to: (item) => item.sessions[0] && `/hr/trainings/${item.id}/sessions/${item.sessions[0].id}/check-in`,
  },
}

// Text a person may legitimately read that has dots or underscores: addresses, links, file names,
// and the braced placeholders an administrator writes into the annual summary's template.
const ALLOWED = [
  /\{[a-z0-9_.]+\}/g,
  /\be\.g\./g,
  /[\w.+-]+@[\w-]+(\.[\w-]+)+/g,
  /https?:\/\/\S+/g,
  /[\w\u4e00-\u9fa5()（）-]+\.(pdf|png|jpe?g|xlsx|csv|txt|eml)\b/gi,
]
const CODE_LIKE = [
  ['word.word', /\b[a-z][a-z0-9]*(_[a-z0-9]+)*\.[a-z][a-z0-9]*(_[a-z0-9]+)*\b/g],
  ['snake_case', /\b[a-z][a-z0-9]*_[a-z0-9_]+\b/g],
  ['UUID', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi],
]

/** The code-like bits of a page's text (exported for the walker's own unit check below). */
export function codeLike(text) {
  let rest = text
  for (const re of ALLOWED) rest = rest.replace(re, ' ')
  const found = []
  for (const [kind, re] of CODE_LIKE) {
    for (const m of rest.matchAll(re)) found.push(`${kind}: ${m[0]}`)
  }
  return found
}

async function api(server, method, path, { token, body } = {}) {
  const res = await fetch(new URL(path, server.baseUrl), {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`)
  return text ? JSON.parse(text) : null
}

async function tokenOf(server, { email, password }) {
  return (await api(server, 'POST', '/api/v1/auth/login', { body: { email, password } })).access_token
}

/** The accounts the walk uses: those earlier flows left (they hold records), else new ones. */
async function accounts({ server, smtp, shared }) {
  const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }
  const adminToken = await tokenOf(server, admin)
  const out = { admin }
  for (const role of ['applicant', 'employer']) {
    const known = role === 'applicant' ? (shared.talent ?? shared.applicant) : shared.employer
    if (known) {
      out[role] = known
      continue
    }
    const email = uniqueEmail(`walker-${role}`)
    const notice = await api(server, 'GET', '/api/v1/privacy-notice')
    await api(server, 'POST', '/api/v1/auth/register', {
      body: { email, password: PASSWORD, display_name: '巡检', role, privacy_notice_version: notice.version },
    })
    const link = await smtp.waitForLink(email, '/verify-email')
    await api(server, 'POST', '/api/v1/auth/verify-email', { body: { token: new URL(link).searchParams.get('token') } })
    out[role] = { email, password: PASSWORD }
  }
  for (const role of ['hr', 'finance']) {
    if (role === 'hr' && shared.hr) {
      out.hr = shared.hr
      continue
    }
    const email = uniqueEmail(`walker-${role}`)
    await api(server, 'POST', '/api/v1/users', { token: adminToken, body: { email, display_name: '巡检', role } })
    const link = await smtp.waitForLink(email, '/reset-password')
    await api(server, 'POST', '/api/v1/auth/password-reset/confirm', {
      body: { token: new URL(link).searchParams.get('token'), new_password: PASSWORD },
    })
    out[role] = { email, password: PASSWORD }
  }
  return out
}

/** The router's routes, as the built app has them. */
async function appRoutes(page) {
  await page.goto('/')
  await page.locator('main h1').first().waitFor()
  return page.evaluate(() =>
    document
      .querySelector('#app')
      .__vue_app__.config.globalProperties.$router.getRoutes()
      .map((r) => ({ path: r.path, roles: r.meta.roles ?? null, guestOnly: Boolean(r.meta.guestOnly) })),
  )
}

/** The concrete path of a route for a role, or why it cannot be walked. */
async function concretePath(server, route, tokens, role) {
  // Optional parameters (`/:code?`) are walked without them.
  const bare = route.path.replace(/\/:[A-Za-z]+\?/g, '') || '/'
  if (!bare.includes(':')) return { path: bare }
  const source = ID_SOURCES[route.path]
  if (!source) return { missing: `no ID_SOURCES entry for ${route.path}` }
  const token = tokens[source.as === 'self' ? role : source.as]
  let page
  try {
    page = await api(server, 'GET', source.list, { token })
  } catch (error) {
    return { unwalked: `${route.path} as ${role}: ${error.message.split(':').slice(0, 2).join(':')}` }
  }
  const first = (page.items ?? page)[0]
  if (!first) return { unwalked: `${route.path} as ${role}: no record in ${source.list}` }
  if (source.to) {
    const path = source.to(first)
    return path ? { path } : { unwalked: `${route.path} as ${role}: the record has nothing to open` }
  }
  const id = first[source.field ?? 'id']
  return { path: route.path.replace(/:[A-Za-z]+(\([^)]*\))?\*?/, encodeURIComponent(id)) }
}

/** Open `path` inside the app (no reload: the session stays) and check what a person sees. */
async function check(page, path) {
  await page.evaluate((p) => document.querySelector('#app').__vue_app__.config.globalProperties.$router.push(p), path)
  await page.locator('main h1').first().waitFor({ timeout: 10_000 }).catch(() => undefined)
  await page.waitForLoadState('networkidle')
  await sleep(250)
  return page.evaluate(() => ({
    url: location.pathname,
    text: document.body.innerText,
    placeholders: Array.from(document.querySelectorAll('input[placeholder], textarea[placeholder]'))
      .filter((el) => el.offsetParent !== null)
      .map((el) => el.getAttribute('placeholder'))
      .join('\n'),
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }))
}

/** (14) Every route of every role, both languages, 360 px: no code-like text, no sideways scroll. */
export async function everyScreenEveryRole({ browser, server, smtp, shared }) {
  const who = await accounts({ server, smtp, shared })
  const tokens = {}
  for (const role of ROLES) tokens[role] = await tokenOf(server, who[role])
  const problems = []
  const walked = new Set()
  const unwalked = []
  const missing = new Set()
  let routes
  for (const role of [null, ...ROLES]) {
    for (const lang of ['zh-CN', 'en']) {
      const s = await newSession(browser, server.baseUrl, PHONE)
      try {
        if (role) {
          await login(s.page, who[role].email, who[role].password)
          await s.page.waitForURL(new RegExp(`/${role}$`))
        }
        // From the next load on (logging in is done in Chinese, the default).
        if (lang === 'en') await s.page.addInitScript(() => localStorage.setItem('juxian.locale', 'en'))
        routes ??= await appRoutes(s.page)
        // Reload once so the language applies; the session comes back from its cookie.
        await s.page.goto('/')
        await s.page.locator('main h1').first().waitFor()
        const mine = routes.filter((r) => {
          if (r.path.startsWith('/:')) return false
          if (r.guestOnly) return role === null
          return r.roles === null || (role !== null && r.roles.includes(role))
        })
        for (const route of [...mine, { path: '/no/such/page' }]) {
          const target = await concretePath(server, route, tokens, role)
          if (target.missing) {
            missing.add(target.missing)
            continue
          }
          if (target.unwalked) {
            if (lang === 'zh-CN') unwalked.push(target.unwalked)
            continue
          }
          const seen = await check(s.page, target.path)
          walked.add(`${role ?? 'guest'} ${route.path}`)
          const where = `${role ?? 'guest'} ${lang} ${target.path}`
          for (const bit of codeLike(`${seen.text}\n${seen.placeholders}`)) problems.push(`${where}: code-like text ${bit}`)
          if (seen.scrollWidth > seen.innerWidth) problems.push(`${where}: scrolls sideways (${seen.scrollWidth} px > ${seen.innerWidth} px)`)
        }
        s.assertNoPageErrors()
      } finally {
        await s.close()
      }
    }
  }
  console.log(`     walked ${walked.size} role × route pairs: ${[...walked].sort().join(', ')}`)
  if (unwalked.length) console.log(`     not walked (no record to open): ${unwalked.join('; ')}`)
  if (missing.size) problems.unshift(...missing)
  if (problems.length) throw new Error(`${problems.length} problems:\n${[...new Set(problems)].join('\n')}`)
}
