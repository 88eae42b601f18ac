import { describe, expect, it } from 'vitest'
import { checkIdNumber, idCheckChar, idNumberFacts } from '@/utils/idNumber'

const TODAY = new Date(2025, 5, 1)
const VALID = ['11010519491231002X', '440524198001010013']

/** A number with a correct check character for the given first 17 digits. */
const withCheck = (first17: string) => first17 + idCheckChar(first17)

describe('resident ID numbers (GB 11643)', () => {
  it('accepts valid numbers, lowercase x included, and surrounding spaces', () => {
    for (const id of VALID) expect(checkIdNumber(id, TODAY)).toBeNull()
    expect(checkIdNumber('11010519491231002x', TODAY)).toBeNull()
    expect(checkIdNumber(' 440524198001010013 ', TODAY)).toBeNull()
  })

  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X')
    expect(idCheckChar('44052419800101001')).toBe('3')
  })

  it('refuses a wrong check character', () => {
    expect(checkIdNumber('110105194912310021', TODAY)).toBe('invalid_checksum')
    expect(checkIdNumber('440524198001010012', TODAY)).toBe('invalid_checksum')
  })

  it('refuses an impossible birth date even with a correct check character', () => {
    const feb30 = withCheck('44052419990230001')
    expect(feb30.slice(6, 14)).toBe('19990230')
    expect(checkIdNumber(feb30, TODAY)).toBe('invalid_date')
    expect(checkIdNumber(withCheck('44052419991301001'), TODAY)).toBe('invalid_date')
    expect(checkIdNumber(withCheck('44052418991231001'), TODAY)).toBe('invalid_date') // before 1900
    expect(checkIdNumber(withCheck('44052420250602001'), TODAY)).toBe('invalid_date') // tomorrow
    expect(checkIdNumber(withCheck('44052420250601001'), TODAY)).toBeNull() // today
    expect(checkIdNumber(withCheck('44052420000229001'), TODAY)).toBeNull() // leap day
  })

  it('refuses 17 and 19 characters, letters, and empty input', () => {
    expect(checkIdNumber('', TODAY)).toBe('required')
    expect(checkIdNumber('   ', TODAY)).toBe('required')
    expect(checkIdNumber('11010519491231002', TODAY)).toBe('invalid_length')
    expect(checkIdNumber('11010519491231002X1', TODAY)).toBe('invalid_length')
    expect(checkIdNumber('1101051949123100AX', TODAY)).toBe('invalid_value')
    expect(checkIdNumber('X10105194912310021', TODAY)).toBe('invalid_value')
    expect(checkIdNumber('11010519491231002Y', TODAY)).toBe('invalid_value')
    expect(checkIdNumber('１１０１０５１９４９１２３１００２X', TODAY)).toBe('invalid_value') // full-width digits
  })

  it('refuses every change of a single digit of a valid number (property)', () => {
    for (const id of VALID) {
      for (let i = 0; i < 18; i++) {
        const digit = id[i]
        if (digit === undefined || !/\d/.test(digit)) continue
        for (let d = 0; d <= 9; d++) {
          if (String(d) === digit) continue
          const changed = id.slice(0, i) + String(d) + id.slice(i + 1)
          expect(checkIdNumber(changed, TODAY), changed).not.toBeNull()
        }
      }
    }
  })

  it('derives birth date and gender (odd 17th digit is male)', () => {
    expect(idNumberFacts('11010519491231002X', TODAY)).toEqual({ birthDate: '1949-12-31', gender: 'female' })
    expect(idNumberFacts('440524198001010013', TODAY)).toEqual({ birthDate: '1980-01-01', gender: 'male' })
    expect(idNumberFacts('440524198001010012', TODAY)).toBeNull()
  })
})
