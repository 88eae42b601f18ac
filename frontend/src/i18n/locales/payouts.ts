import type { PayoutMessages } from './payouts.zh-CN'

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The message table with the payout messages added, two levels deep like `withFairs`: new
 * sections are added, and shared sections (`menu`, `errors`, `fieldErrors`) gain keys without
 * losing any.
 */
export function withPayouts<M extends Record<string, unknown>>(base: M, payouts: PayoutMessages): M & PayoutMessages {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(payouts)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? { ...current, ...value } : value
  }
  return out as M & PayoutMessages
}
