import type { RouteLocationNormalized, RouteLocationRaw } from 'vue-router'
import type { Role } from '@/api/types'
import { HOME_ROUTE } from '@/navigation/menus'

export interface SessionView {
  isAuthenticated: boolean
  role: Role | null
}

type Target = Pick<RouteLocationNormalized, 'name' | 'meta' | 'fullPath'>

/**
 * Where a navigation may go: `true` to proceed, or where to send the user instead.
 * A logged-in user on a page their role may not use gets the "no access" page, never a blank one.
 */
export function decideNavigation(to: Target, session: SessionView): true | RouteLocationRaw {
  const { roles, guestOnly } = to.meta
  const role = session.isAuthenticated ? session.role : null
  if (roles && !role) return { name: 'login', query: { redirect: to.fullPath } }
  if (role && to.name === 'workspace') return { name: HOME_ROUTE[role] }
  if (role && roles && !roles.includes(role)) return { name: 'forbidden', query: { from: to.fullPath } }
  if (role && guestOnly) return { name: HOME_ROUTE[role] }
  return true
}

/** A post-login redirect is honoured only for paths inside this app (no open redirect). */
export function safeRedirect(value: unknown): string | null {
  if (typeof value !== 'string') return null
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null
  return value
}
