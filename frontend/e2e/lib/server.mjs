// Starts the real Juxian binary on a fresh SQLite database in a temporary directory.
import { spawn } from 'node:child_process'
import { createWriteStream, existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { DIST_DIR, freePort, juxianBin, sleep, waitUntil } from './env.mjs'

export const ADMIN_EMAIL = 'admin@example.test'
export const ADMIN_PASSWORD = 'Juxian-Admin-Pass-2025'

function run(bin, args, env, input) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(bin)} ${args.join(' ')} exited ${code}:\n${output}`))))
    child.stdin.end(input)
  })
}

export async function startJuxian({ smtpPort }) {
  const bin = juxianBin()
  if (!existsSync(bin)) throw new Error(`server binary not found at ${bin} (build it with cargo, or set JUXIAN_BIN)`)
  if (!existsSync(path.join(DIST_DIR, 'index.html'))) throw new Error(`${DIST_DIR}/index.html missing: run npm run build first`)
  const dataDir = mkdtempSync(path.join(tmpdir(), 'juxian-e2e-'))
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const env = {
    ...process.env,
    JUXIAN_ADDR: `127.0.0.1:${port}`,
    JUXIAN_DATA_DIR: dataDir,
    DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
    JUXIAN_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    JUXIAN_PUBLIC_URL: baseUrl,
    JUXIAN_FRONTEND_DIR: DIST_DIR,
    // Test pacing: mail picked up quickly, and the many page loads (each one refreshes the
    // session) stay under the per-IP limit for auth endpoints.
    JUXIAN_MAIL_POLL_MS: process.env.JUXIAN_MAIL_POLL_MS ?? '200',
    JUXIAN_AUTH_RATE_PER_MIN: process.env.JUXIAN_AUTH_RATE_PER_MIN ?? '1000',
    // A refused mail turns into a dead letter within a second instead of hours.
    JUXIAN_MAIL_MAX_ATTEMPTS: process.env.JUXIAN_MAIL_MAX_ATTEMPTS ?? '2',
    JUXIAN_MAIL_RETRY_BASE_MS: process.env.JUXIAN_MAIL_RETRY_BASE_MS ?? '200',
    RUST_LOG: process.env.RUST_LOG ?? 'info',
    NO_COLOR: '1',
  }

  await run(bin, ['create-admin', '--email', ADMIN_EMAIL], env, `${ADMIN_PASSWORD}\n`)

  const logFile = path.join(dataDir, 'server.log')
  const log = createWriteStream(logFile)
  const child = spawn(bin, ['serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout.pipe(log)
  child.stderr.pipe(log)
  let exited = null
  child.on('exit', (code, signal) => (exited = { code, signal }))

  try {
    await waitUntil(
      `${baseUrl}/readyz`,
      async () => {
        if (exited) throw new Error(`server exited early (${JSON.stringify(exited)})`)
        const res = await fetch(`${baseUrl}/readyz`)
        return res.status === 200
      },
      60_000,
    )
  } catch (error) {
    child.kill('SIGKILL')
    throw new Error(`${error.message}\n--- server log ---\n${readLog(logFile)}`)
  }

  return {
    baseUrl,
    dataDir,
    logFile,
    log: () => readLog(logFile),
    async stop() {
      if (exited) return
      child.kill('SIGTERM')
      for (let i = 0; i < 50 && !exited; i++) await sleep(100)
      if (!exited) child.kill('SIGKILL')
    },
  }
}

// Colour codes, in case the server ignores NO_COLOR; built at run time to keep the regex printable.
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g')

function readLog(file) {
  try {
    return readFileSync(file, 'utf8').replace(ANSI_COLOUR, '').split('\n').slice(-40).join('\n')
  } catch {
    return '(no log)'
  }
}
