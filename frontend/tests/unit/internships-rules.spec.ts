import { describe, expect, it } from 'vitest'
import { APPLICATION_STATUSES, type ApplicationStatus } from '@/api/internships'
import {
  actionInput,
  applicationActions,
  applicationTransition,
  applicationWindow,
  asApplicationStatus,
  internshipTone,
  isActive,
  programActions,
  slotsLeft,
} from '@/views/internships/internshipRules'
import { programFormErrors } from '@/views/internships/programForm'

describe('application status machine', () => {
  it('matches the server table exactly (src/internships/rules.rs)', () => {
    const allowed: Array<[ApplicationStatus, string, ApplicationStatus]> = [
      ['submitted', 'accept', 'accepted'],
      ['submitted', 'reject', 'rejected'],
      ['submitted', 'withdraw', 'withdrawn'],
      ['accepted', 'withdraw', 'withdrawn'],
      ['accepted', 'start', 'in_progress'],
      ['in_progress', 'complete', 'completed'],
      ['in_progress', 'terminate', 'terminated'],
    ]
    for (const from of APPLICATION_STATUSES) {
      for (const action of ['accept', 'reject', 'withdraw', 'start', 'complete', 'terminate'] as const) {
        const expected = allowed.find(([f, a]) => f === from && a === action)?.[2] ?? null
        expect(applicationTransition(from, action), `${from} ${action}`).toBe(expected)
      }
    }
  })

  it('gives the employer and HR the forward step first, per status', () => {
    expect(applicationActions('submitted', 'organiser')).toEqual(['accept', 'reject'])
    expect(applicationActions('accepted', 'organiser')).toEqual(['start'])
    expect(applicationActions('in_progress', 'organiser')).toEqual(['complete', 'terminate'])
    for (const s of ['rejected', 'withdrawn', 'completed', 'terminated'] as const) expect(applicationActions(s, 'organiser')).toEqual([])
  })

  it('lets the applicant withdraw only while submitted or accepted', () => {
    expect(APPLICATION_STATUSES.filter((s) => applicationActions(s, 'applicant').includes('withdraw'))).toEqual(['submitted', 'accepted'])
    for (const s of APPLICATION_STATUSES) {
      expect(applicationActions(s, 'applicant').every((a) => a === 'withdraw')).toBe(true)
    }
  })

  it('asks for a reason, or an evaluation and hours, where the server needs them', () => {
    expect(actionInput('reject')).toBe('reason')
    expect(actionInput('terminate')).toBe('reason')
    expect(actionInput('complete')).toBe('completion')
    expect(actionInput('accept')).toBe('confirm')
    expect(actionInput('withdraw')).toBe('confirm')
    expect(actionInput('start')).toBe('confirm')
  })

  it('counts submitted, accepted and in-progress applications against the limit of three', () => {
    expect(APPLICATION_STATUSES.filter(isActive)).toEqual(['submitted', 'accepted', 'in_progress'])
  })

  it('offers nothing on a status this client does not know', () => {
    expect(applicationActions(asApplicationStatus('archived'), 'organiser')).toEqual([])
    expect(applicationActions(asApplicationStatus('archived'), 'applicant')).toEqual([])
    expect(asApplicationStatus('accepted')).toBe('accepted')
  })
})

describe('programmes and offers', () => {
  it('publishes drafts and closes published programmes', () => {
    expect(programActions('draft')).toEqual(['publish'])
    expect(programActions('published')).toEqual(['close'])
    expect(programActions('closed')).toEqual([])
  })

  it('takes applications while published and inside the window', () => {
    const now = new Date('2027-05-10T00:00:00Z')
    const p = { status: 'published' as const, application_opens_at: '2027-05-01T00:00:00Z', application_closes_at: '2027-05-20T00:00:00Z' }
    expect(applicationWindow(p, now)).toBe('open')
    expect(applicationWindow({ ...p, application_opens_at: '2027-05-11T00:00:00Z' }, now)).toBe('not_yet')
    expect(applicationWindow({ ...p, application_closes_at: '2027-05-10T00:00:00Z' }, now)).toBe('closed')
    expect(applicationWindow({ ...p, status: 'closed' as const }, now)).toBe('closed')
    expect(applicationWindow({ ...p, status: 'draft' as const }, now)).toBe('closed')
  })

  it('shows slots left, never below zero', () => {
    expect(slotsLeft({ slots: 3, filled: 1 })).toBe(2)
    expect(slotsLeft({ slots: 3, filled: 3 })).toBe(0)
    expect(slotsLeft({ slots: 1, filled: 2 })).toBe(0)
  })

  it('checks the order of the window and the period like the server', () => {
    const opens = new Date('2027-05-01T00:00:00Z')
    expect(programFormErrors({ application_opens_at: opens, application_closes_at: new Date('2027-05-20T00:00:00Z'), starts_on: '2027-07-01', ends_on: '2027-07-01' })).toEqual({})
    expect(programFormErrors({ application_opens_at: opens, application_closes_at: opens, starts_on: '2027-07-02', ends_on: '2027-07-01' })).toEqual({
      application_closes_at: 'before_start',
      ends_on: 'before_start',
    })
  })

  it('colours statuses', () => {
    expect(internshipTone('accepted')).toBe('success')
    expect(internshipTone('in_progress')).toBe('primary')
    expect(internshipTone('submitted')).toBe('warning')
    expect(internshipTone('terminated')).toBe('danger')
    expect(internshipTone('withdrawn')).toBe('info')
  })
})
