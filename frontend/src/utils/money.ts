// Money is integer fen on the wire (1 yuan = 100 fen); people read and type yuan. Both directions
// work on the decimal digits as text, so no binary floating point ever touches an amount:
// 1234.56 yuan is 123456 fen, never 123455.99999.

/** Why a typed yuan amount is refused. */
export type YuanCode = 'required' | 'invalid_value' | 'too_many_decimals' | 'out_of_range'

export type YuanResult = { ok: true; fen: number } | { ok: false; code: YuanCode }

/** The server's limit for a monthly stipend: 0 to 100 000 yuan. */
export const MAX_STIPEND_FEN = 10_000_000

const AMOUNT = /^(\d+)(?:\.(\d*))?$/

/**
 * A yuan amount as typed ("1234.56", "1,234.5", "  800 ", "￥300") → integer fen. More than two
 * decimals is refused rather than rounded: a stipend must be exact.
 */
export function yuanToFen(input: string, maxFen: number = MAX_STIPEND_FEN): YuanResult {
  const text = input.trim().replace(/^[¥￥]\s*/, '').replace(/[,，]/g, '')
  if (text === '') return { ok: false, code: 'required' }
  const match = AMOUNT.exec(text)
  if (!match) return { ok: false, code: 'invalid_value' }
  const whole = match[1] ?? ''
  const decimals = match[2] ?? ''
  if (decimals.length > 2) return { ok: false, code: 'too_many_decimals' }
  // Strip leading zeros; anything longer than the limit's digits is out of range before any maths.
  const digits = (whole.replace(/^0+(?=\d)/, '') + decimals.padEnd(2, '0')).replace(/^0+(?=\d)/, '')
  if (digits.length > 15) return { ok: false, code: 'out_of_range' }
  const fen = Number.parseInt(digits, 10)
  if (!Number.isSafeInteger(fen) || fen < 0 || fen > maxFen) return { ok: false, code: 'out_of_range' }
  return { ok: true, fen }
}

/** Integer fen → yuan with exactly two decimals ("1234.56", "-0.05"). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  const yuan = Math.floor(abs / 100)
  const cents = abs % 100
  return `${sign}${yuan}.${String(cents).padStart(2, '0')}`
}

/** Integer fen → "1,234.56" with thousands separators, for display. */
export function formatYuan(fen: number): string {
  const [whole = '', cents = '00'] = fenToYuan(fen).split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}
