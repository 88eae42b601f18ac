import { describe, expect, it } from 'vitest'
import openapi from '@/api/openapi.json'
import { createAppI18n } from '@/i18n'

// The server's closed list of problem codes, as its API document states it.
const SERVER_CODES: string[] = [...openapi.components.schemas.Problem.properties.code.enum]

describe('problem codes', () => {
  it('the API document lists the codes', () => {
    expect(SERVER_CODES).toContain('validation_failed')
    expect(SERVER_CODES).toContain('internal_error')
  })

  for (const locale of ['zh-CN', 'en'] as const) {
    it(`every code the server can send has its own ${locale} message`, () => {
      const i18n = createAppI18n(locale)
      const missing = SERVER_CODES.filter((code) => !i18n.global.te(`errors.${code}`, locale))
      expect(missing).toEqual([])
    })
  }
})
