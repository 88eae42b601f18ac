// Chinese resident ID numbers (GB 11643-1999), checked exactly as the server does, in the same
// order (length, characters, check character, birth date), so both report the same code.

export type IdNumberCode = 'required' | 'invalid_length' | 'invalid_value' | 'invalid_checksum' | 'invalid_date'

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'

/** The check character (ISO 7064 MOD 11-2) of the first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(first17[i]), 0)
  return CHECK_CHARS[sum % 11] ?? ''
}

export interface IdNumberFacts {
  /** YYYY-MM-DD */
  birthDate: string
  gender: 'male' | 'female'
}

function realDate(yyyymmdd: string, today: Date): string | null {
  const year = Number(yyyymmdd.slice(0, 4))
  const month = Number(yyyymmdd.slice(4, 6))
  const day = Number(yyyymmdd.slice(6, 8))
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null
  if (year < 1900) return null
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())
  if (date.getTime() > todayUtc) return null
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`
}

/** Why `raw` is not a valid ID number, or null. A lowercase x is accepted as X. */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCode | null {
  const value = raw.trim().toUpperCase()
  if (!value) return 'required'
  if ([...value].length !== 18) return 'invalid_length'
  if (!/^\d{17}[\dX]$/.test(value)) return 'invalid_value'
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return 'invalid_checksum'
  if (!realDate(value.slice(6, 14), today)) return 'invalid_date'
  return null
}

/** Birth date and gender of a valid number (null when it is not valid). */
export function idNumberFacts(raw: string, today: Date = new Date()): IdNumberFacts | null {
  if (checkIdNumber(raw, today)) return null
  const value = raw.trim()
  return {
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  }
}
