import type { SubsidyMessages } from './subsidies.zh-CN'

type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function merge(base: Table, extra: Table): Table {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(extra)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? merge(current, value) : value
  }
  return out
}

/**
 * The message table with the subsidy messages added, at any depth: new sections are added, and
 * shared sections (`menu`, `errors`, `fieldErrors.code`, `workspace.finance`) gain or update keys
 * without losing the others.
 */
export function withSubsidies<M extends Record<string, unknown>>(base: M, subsidies: SubsidyMessages): M & SubsidyMessages {
  return merge(base, subsidies) as M & SubsidyMessages
}
