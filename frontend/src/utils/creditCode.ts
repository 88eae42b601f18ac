// Unified social credit codes of organisations (GB 32100-2015): 18 characters over
// 0-9 A-H J-N P-R T-U W-Y (no I, O, S, V, Z), the last one a MOD 31 check character.

export type CreditCodeCode = 'required' | 'invalid_length' | 'invalid_value' | 'invalid_checksum'

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character of the first 17 characters (which must be in the alphabet). */
export function creditCheckChar(first17: string): string {
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * CREDIT_CODE_ALPHABET.indexOf(first17[i] ?? ''), 0)
  const check = (31 - (sum % 31)) % 31
  return CREDIT_CODE_ALPHABET[check] ?? ''
}

/** Why `raw` is not a valid credit code, or null. Lowercase letters are taken as uppercase. */
export function checkCreditCode(raw: string): CreditCodeCode | null {
  const value = raw.trim().toUpperCase()
  if (!value) return 'required'
  if ([...value].length !== 18) return 'invalid_length'
  if (![...value].every((c) => CREDIT_CODE_ALPHABET.includes(c))) return 'invalid_value'
  return creditCheckChar(value.slice(0, 17)) === value[17] ? null : 'invalid_checksum'
}
