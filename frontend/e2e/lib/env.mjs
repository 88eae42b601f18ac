// Where things are, and small process helpers shared by the e2e runner.
import { createServer } from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const FRONTEND_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const REPO_DIR = path.resolve(FRONTEND_DIR, '..')
export const DIST_DIR = path.join(FRONTEND_DIR, 'dist')
export const ARTIFACTS_DIR = path.join(FRONTEND_DIR, 'e2e-artifacts')
export const README_SHOT = path.join(FRONTEND_DIR, 'public-readme', 'portal-home.png')

/** $JUXIAN_BIN, else <target>/debug/juxian where <target> is $CARGO_TARGET_DIR or ../target. */
export function juxianBin() {
  if (process.env.JUXIAN_BIN) return path.resolve(FRONTEND_DIR, process.env.JUXIAN_BIN)
  // A relative CARGO_TARGET_DIR is relative to where cargo ran: the repository root.
  const target = process.env.CARGO_TARGET_DIR ? path.resolve(REPO_DIR, process.env.CARGO_TARGET_DIR) : path.join(REPO_DIR, 'target')
  return path.join(target, 'debug', 'juxian')
}

export function chromiumPath() {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium'
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** Poll `probe` until it returns a truthy value or `timeoutMs` passes. */
export async function waitUntil(what, probe, timeoutMs = 30_000, everyMs = 200) {
  const deadline = Date.now() + timeoutMs
  let lastError
  while (Date.now() < deadline) {
    try {
      const value = await probe()
      if (value) return value
    } catch (error) {
      lastError = error
    }
    await sleep(everyMs)
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`)
}
