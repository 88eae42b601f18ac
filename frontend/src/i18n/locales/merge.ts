type Table = Record<string, unknown>

function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A message table with a domain's messages added, two levels deep: new sections are added, and
 * shared sections (`menu`, `errors`, `fieldErrors`) gain keys without losing any.
 */
export function mergeMessages<M extends Record<string, unknown>, D extends Record<string, unknown>>(base: M, domain: D): M & D {
  const out: Table = { ...base }
  for (const [key, value] of Object.entries(domain)) {
    const current = out[key]
    out[key] = isTable(current) && isTable(value) ? { ...current, ...value } : value
  }
  return out as M & D
}
