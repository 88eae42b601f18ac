import { describe, expect, it } from 'vitest'
import { isTicketCode, normalizeTicketCode, TICKET_ALPHABET } from '@/utils/ticket'

describe('normalizeTicketCode', () => {
  it('upper-cases and regroups a typed code like the server does', () => {
    expect(normalizeTicketCode('7kq2 m9xa-hb3p z4tc')).toBe('7KQ2-M9XA-HB3P-Z4TC')
    expect(normalizeTicketCode('7KQ2M9XAHB3PZ4TC')).toBe('7KQ2-M9XA-HB3P-Z4TC')
    expect(normalizeTicketCode('  7KQ2-M9XA-HB3P-Z4TC\n')).toBe('7KQ2-M9XA-HB3P-Z4TC')
  })

  it('accepts full-width characters from a Chinese input method', () => {
    expect(normalizeTicketCode('７ＫＱ２－ｍ９ＸＡ　ＨＢ３Ｐ－Ｚ４ＴＣ')).toBe('7KQ2-M9XA-HB3P-Z4TC')
  })

  it('keeps a partial code readable while it is typed', () => {
    expect(normalizeTicketCode('7kq2m')).toBe('7KQ2-M')
    expect(normalizeTicketCode('')).toBe('')
    expect(normalizeTicketCode('--  ')).toBe('')
  })
})

describe('isTicketCode', () => {
  it('wants 16 characters of the ticket alphabet', () => {
    expect(isTicketCode('7KQ2-M9XA-HB3P-Z4TC')).toBe(true)
    expect(isTicketCode('7kq2m9xahb3pz4tc')).toBe(true)
    expect(isTicketCode('7KQ2-M9XA-HB3P')).toBe(false)
    expect(isTicketCode('7KQ2-M9XA-HB3P-Z4TCX')).toBe(false)
  })

  it('refuses the look-alikes the server never issues (0, O, 1, I, L)', () => {
    for (const c of ['0', 'O', '1', 'I', 'L']) {
      expect(TICKET_ALPHABET.includes(c)).toBe(false)
      expect(isTicketCode(`${c}KQ2-M9XA-HB3P-Z4TC`)).toBe(false)
    }
  })
})
