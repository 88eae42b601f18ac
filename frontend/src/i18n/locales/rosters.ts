import type { RosterMessages } from './rosters.zh-CN'

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Merge two tables at every depth: `rosters` wins on leaves, nothing of `base` is lost. */
function deepMerge(base: Table, extra: Table): Table {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? deepMerge(current, value) : value
  }
  return out
}

/**
 * The message table with the roster messages added. Unlike `withFairs` this merges at every depth,
 * because `fieldErrors.<field>` tables (batch_no, period, policy_id) may already exist in `base`.
 */
export function withRosters<M extends Record<string, unknown>>(base: M, rosters: RosterMessages): M & RosterMessages {
  return deepMerge(base, rosters) as M & RosterMessages
}
