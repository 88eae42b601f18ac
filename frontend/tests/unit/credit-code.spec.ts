import { describe, expect, it } from 'vitest'
import { checkCreditCode, CREDIT_CODE_ALPHABET, creditCheckChar } from '@/utils/creditCode'

// Published codes of well-known organisations (their check characters are part of the code).
const VALID = ['91350100M000100Y43', '91110000600037341L', '914403001922038216']
const withCheck = (first17: string) => first17 + creditCheckChar(first17)

describe('unified social credit codes (GB 32100)', () => {
  it('accepts valid codes, also typed in lowercase', () => {
    for (const code of VALID) expect(checkCreditCode(code)).toBeNull()
    expect(checkCreditCode('91350100m000100y43')).toBeNull()
    expect(checkCreditCode(withCheck('12100000400010398'))).toBeNull()
  })

  it('maps a check value of 31 to 0 and never uses I, O, S, V, Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31)
    for (const letter of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(letter)
    // Find a prefix whose weighted sum is a multiple of 31: its check character is 0.
    let prefix = '9135010000000000'
    for (const c of CREDIT_CODE_ALPHABET) {
      const candidate = prefix + c
      if (creditCheckChar(candidate) === '0') {
        prefix = candidate
        break
      }
    }
    expect(prefix).toHaveLength(17)
    expect(checkCreditCode(`${prefix}0`)).toBeNull()
  })

  it('refuses wrong lengths, letters outside the alphabet and a wrong check character', () => {
    expect(checkCreditCode('')).toBe('required')
    expect(checkCreditCode('91350100M000100Y4')).toBe('invalid_length')
    expect(checkCreditCode('91350100M000100Y431')).toBe('invalid_length')
    expect(checkCreditCode('91350100I000100Y43')).toBe('invalid_value')
    expect(checkCreditCode('91350100M000100Y4-')).toBe('invalid_value')
    expect(checkCreditCode('91350100M000100Y44')).toBe('invalid_checksum')
  })

  it('refuses every change of a single character (property)', () => {
    for (const code of VALID) {
      for (let i = 0; i < 18; i++) {
        for (const c of CREDIT_CODE_ALPHABET) {
          if (c === code[i]) continue
          const changed = code.slice(0, i) + c + code.slice(i + 1)
          expect(checkCreditCode(changed), changed).not.toBeNull()
        }
      }
    }
  })
})
