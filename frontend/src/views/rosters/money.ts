// Money on the roster screens: integer fen on the wire, shown as yuan with two decimals. Kept
// here on purpose (a few lines, no floating point) so this feature does not depend on where the
// other screens keep theirs.

/** Integer fen → yuan with exactly two decimals ("1234.56", "-0.05"). */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`not a whole number of fen: ${fen}`)
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(fen)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** Integer fen → "1,234.56" with thousands separators, for display. */
export function formatYuan(fen: number): string {
  const [whole = '', cents = '00'] = fenToYuan(fen).split('.')
  return `${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}
