import { describe, expect, it } from 'vitest'
import type { RouteMeta } from 'vue-router'
import { decideNavigation, safeRedirect } from '@/router/guard'

const to = (name: string, meta: RouteMeta = {}, fullPath = `/${name}`) => ({ name, meta, fullPath })
const guest = { isAuthenticated: false, role: null }
const applicant = { isAuthenticated: true, role: 'applicant' as const }
const admin = { isAuthenticated: true, role: 'admin' as const }

describe('decideNavigation', () => {
  it('lets anyone see public pages', () => {
    expect(decideNavigation(to('home'), guest)).toBe(true)
    expect(decideNavigation(to('home'), applicant)).toBe(true)
  })

  it('sends visitors to log in, remembering where they wanted to go', () => {
    expect(decideNavigation(to('admin-users', { roles: ['admin'] }, '/admin/users?page=2'), guest)).toEqual({
      name: 'login',
      query: { redirect: '/admin/users?page=2' },
    })
  })

  it('shows "no access" for a role that may not use the page', () => {
    expect(decideNavigation(to('admin-users', { roles: ['admin'] }, '/admin/users'), applicant)).toEqual({
      name: 'forbidden',
      query: { from: '/admin/users' },
    })
    expect(decideNavigation(to('admin-users', { roles: ['admin'] }), admin)).toBe(true)
  })

  it("resolves /workspace to the role's own home and keeps logged-in users off the log-in page", () => {
    expect(decideNavigation(to('workspace', { roles: ['admin', 'applicant'] }), applicant)).toEqual({ name: 'applicant-home' })
    expect(decideNavigation(to('login', { guestOnly: true }), admin)).toEqual({ name: 'admin-home' })
  })
})

describe('safeRedirect', () => {
  it('accepts only paths inside the app', () => {
    expect(safeRedirect('/admin/users')).toBe('/admin/users')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect('/\\evil.example')).toBeNull()
    expect(safeRedirect(undefined)).toBeNull()
  })
})
