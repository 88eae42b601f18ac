import { describe, expect, it } from 'vitest'
import type { FairStatus } from '@/api/fairs'
import { fairFormErrors } from '@/views/fairs/fairForm'
import {
  availableActions,
  FAIR_STATUSES,
  isCancellable,
  isEditable,
  isSignupOpen,
  signupOutcome,
  statusTone,
  transition,
} from '@/views/fairs/fairRules'

describe('fair status machine', () => {
  it('matches the server: draft → published → closed → finished, cancel until finished', () => {
    const allowed: Array<[FairStatus, string, FairStatus]> = [
      ['draft', 'publish', 'published'],
      ['published', 'close', 'closed'],
      ['closed', 'finish', 'finished'],
      ['draft', 'cancel', 'cancelled'],
      ['published', 'cancel', 'cancelled'],
      ['closed', 'cancel', 'cancelled'],
    ]
    for (const from of FAIR_STATUSES) {
      for (const action of ['publish', 'close', 'finish', 'cancel'] as const) {
        const expected = allowed.find(([f, a]) => f === from && a === action)?.[2] ?? null
        expect(transition(from, action), `${from} ${action}`).toBe(expected)
      }
    }
  })

  it('offers the forward step first and cancel last', () => {
    expect(availableActions('draft')).toEqual(['publish', 'cancel'])
    expect(availableActions('published')).toEqual(['close', 'cancel'])
    expect(availableActions('closed')).toEqual(['finish', 'cancel'])
    expect(availableActions('finished')).toEqual([])
    expect(availableActions('cancelled')).toEqual([])
  })

  it('lets HR edit only draft and published fairs', () => {
    expect(FAIR_STATUSES.filter(isEditable)).toEqual(['draft', 'published'])
  })
})

describe('sign-up', () => {
  const now = new Date('2025-06-01T00:00:00Z')
  const open = { status: 'published' as const, signup_deadline: '2025-06-10T00:00:00Z', remaining: 3 }

  it('is open while published and before the deadline', () => {
    expect(isSignupOpen(open, now)).toBe(true)
    expect(isSignupOpen({ ...open, signup_deadline: '2025-06-01T00:00:00Z' }, now)).toBe(false)
    expect(isSignupOpen({ ...open, status: 'draft' }, now)).toBe(false)
    expect(isSignupOpen({ ...open, status: 'closed' }, now)).toBe(false)
  })

  it('gives a ticket while places last, then the waiting list', () => {
    expect(signupOutcome(open, now)).toBe('ticket')
    expect(signupOutcome({ ...open, remaining: 0 }, now)).toBe('waitlist')
    expect(signupOutcome({ ...open, status: 'cancelled' }, now)).toBe('closed')
  })

  it('can be cancelled while registered or waiting', () => {
    expect(isCancellable('registered')).toBe(true)
    expect(isCancellable('waitlisted')).toBe(true)
    expect(isCancellable('checked_in')).toBe(false)
    expect(isCancellable('cancelled')).toBe(false)
  })
})

describe('statusTone', () => {
  it('colours good, waiting and bad states', () => {
    expect(statusTone('published')).toBe('success')
    expect(statusTone('checked_in')).toBe('success')
    expect(statusTone('waitlisted')).toBe('warning')
    expect(statusTone('pending')).toBe('warning')
    expect(statusTone('cancelled')).toBe('danger')
    expect(statusTone('finished')).toBe('info')
  })
})

describe('fair form time checks', () => {
  const start = new Date('2025-06-10T01:00:00Z')
  it('wants the end after the start and the deadline not after it', () => {
    expect(fairFormErrors({ starts_at: start, ends_at: new Date('2025-06-10T08:00:00Z'), signup_deadline: new Date('2025-06-09T00:00:00Z') })).toEqual({})
    expect(fairFormErrors({ starts_at: start, ends_at: start, signup_deadline: new Date('2025-06-11T00:00:00Z') })).toEqual({
      ends_at: 'before_start',
      signup_deadline: 'after_start',
    })
    expect(fairFormErrors({ starts_at: null, ends_at: start, signup_deadline: start })).toEqual({})
  })
})
