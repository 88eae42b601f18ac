import type { FairMessages } from './fairs.zh-CN'

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The main message table with the job-fair messages added, two levels deep: new sections are
 * added, and shared sections (`menu`, `errors`, `fieldErrors`) gain keys without losing any.
 * Nested field tables (`fieldErrors.ticket_code`) are new keys, so two levels are enough.
 */
export function withFairs<M extends Record<string, unknown>>(base: M, fairs: FairMessages): M & FairMessages {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(fairs)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? { ...current, ...value } : value
  }
  return out as M & FairMessages
}
