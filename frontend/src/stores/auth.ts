import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as authApi from '@/api/auth'
import { ApiError } from '@/api/problem'
import { acrossTabs } from '@/api/refreshLock'
import { installSession } from '@/api/session'
import type { LoginBody } from '@/api/operations'
import type { Role, TokenResponse, User } from '@/api/types'

/** The Web Lock every tab of the portal takes to refresh. */
const REFRESH_LOCK = 'juxian.refresh'

/** How long before expiry the access token is renewed, at most (and never before half its life). */
const RENEW_MARGIN_MS = 60_000

/**
 * A hint (never a token) that this browser may hold a refresh cookie. Without it a page load does
 * not call /auth/refresh: anonymous visitors then cost the server nothing, and people sharing one
 * IP (a school, an office behind NAT) do not use up the per-IP auth rate limit just by browsing.
 */
const SESSION_HINT_KEY = 'juxian.session'

function readHint(): boolean {
  try {
    return window.localStorage.getItem(SESSION_HINT_KEY) === '1'
  } catch {
    return true // storage blocked: just try the refresh
  }
}

function writeHint(present: boolean): void {
  try {
    if (present) window.localStorage.setItem(SESSION_HINT_KEY, '1')
    else window.localStorage.removeItem(SESSION_HINT_KEY)
  } catch {
    // Storage blocked: readHint() then always answers true, which is safe.
  }
}

export function renewDelayMs(expiresInSeconds: number): number {
  const lifetime = Math.max(0, expiresInSeconds) * 1000
  return Math.max(lifetime / 2, lifetime - RENEW_MARGIN_MS)
}

/**
 * The session. The access token lives only in this store's memory (never in web storage, so a
 * script injected into the page cannot lift it from there); the HttpOnly refresh cookie brings
 * the session back after a reload through POST /auth/refresh.
 */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null)
  const user = ref<User | null>(null)
  const restored = ref(false)
  /** Set when a live session was lost (refresh refused); the router then sends the user to log in. */
  const expired = ref(false)
  let renewTimer: ReturnType<typeof setTimeout> | undefined
  let refreshing: Promise<boolean> | null = null
  let restoring: Promise<void> | null = null

  const isAuthenticated = computed(() => accessToken.value !== null && user.value !== null)
  const role = computed<Role | null>(() => user.value?.role ?? null)

  function stopTimer() {
    if (renewTimer !== undefined) clearTimeout(renewTimer)
    renewTimer = undefined
  }

  function setSession(tokens: TokenResponse) {
    accessToken.value = tokens.access_token
    user.value = tokens.user
    writeHint(true)
    stopTimer()
    renewTimer = setTimeout(() => void refresh(), renewDelayMs(tokens.expires_in))
  }

  function clear() {
    stopTimer()
    accessToken.value = null
    user.value = null
    writeHint(false)
  }

  async function doRefresh(): Promise<boolean> {
    try {
      // The refresh cookie is shared by every tab: one tab at a time rotates it.
      setSession(await acrossTabs(REFRESH_LOCK, () => authApi.refresh()))
      return true
    } catch (error) {
      // 401/403: the cookie is missing, expired or revoked; the session is over. Anything else
      // (network, 503) leaves the current token alone: it may still be valid for a while.
      if (error instanceof ApiError && (error.status === 401 || error.status === 403)) sessionLost()
      return false
    }
  }

  /**
   * One refresh at a time: parallel 401s and the renew timer of this tab all wait for the same
   * answer, and other tabs wait for the lock (the server also answers a token sent twice within
   * 30 s with the same successor, for browsers without Web Locks).
   */
  function refresh(): Promise<boolean> {
    refreshing ??= doRefresh().finally(() => {
      refreshing = null
    })
    return refreshing
  }

  /** On start-up: bring back the session from the refresh cookie, if there is one. */
  function restore(): Promise<void> {
    restoring ??= (readHint() ? refresh() : Promise.resolve(false)).then(() => {
      restored.value = true
    })
    return restoring
  }

  async function login(credentials: LoginBody): Promise<User> {
    const tokens = await authApi.login(credentials)
    setSession(tokens)
    return tokens.user
  }

  async function logout(): Promise<void> {
    try {
      await authApi.logout()
    } catch {
      // Logging out must always succeed locally, even if the server cannot be reached.
    } finally {
      clear()
    }
  }

  function sessionLost() {
    if (isAuthenticated.value) expired.value = true
    clear()
  }

  function setUser(next: User) {
    user.value = next
  }

  installSession({
    accessToken: () => accessToken.value,
    refresh,
    onSessionLost: sessionLost,
  })

  return { accessToken, user, restored, expired, isAuthenticated, role, login, logout, refresh, restore, clear, setUser }
})
