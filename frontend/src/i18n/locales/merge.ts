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
 * The main message table with each domain's messages added in order, at any depth: new sections
 * are added, and shared sections (`menu`, `errors`, `fieldErrors.code`, `workspace.finance`) gain or
 * update keys without losing the others.
 */
export function mergeMessages<M extends Table>(base: M, ...domains: readonly Table[]): M {
  return domains.reduce<Table>((out, domain) => merge(out, domain), base) as M
}
