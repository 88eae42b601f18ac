import type { InternshipMessages } from './internships.zh-CN'

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * The message table with the internship messages added, two levels deep like `withFairs`: new
 * sections are added, and shared sections (`menu`, `fieldErrors`) gain keys without losing any.
 */
export function withInternships<M extends Record<string, unknown>>(base: M, internships: InternshipMessages): M & InternshipMessages {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(internships)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? { ...current, ...value } : value
  }
  return out as M & InternshipMessages
}
