import type { Criterion, CriterionType } from '@/api/subsidies'
import type { EducationLevel, TalentCategory } from '@/api/types'

// The eligibility criteria of a policy as the admin edits them: one row per criterion with a field
// for every parameter any type takes, so switching a row's type keeps what was typed. The API's
// tagged JSON is made only from the fields of the row's type, and read back the same way.

export const CRITERION_TYPES: readonly CriterionType[] = [
  'categories_any',
  'min_education',
  'age_between',
  'graduated_within_years',
  'id_region_prefix',
  'has_enterprise',
  'min_employment_intents_signed',
]

export interface CriterionRow {
  /** A local key for v-for; never sent. */
  key: number
  type: CriterionType
  categories: TalentCategory[]
  level: EducationLevel | ''
  min: number | null
  max: number | null
  years: number | null
  prefixes: string[]
  count: number | null
}

let nextKey = 1

export function emptyRow(type: CriterionType): CriterionRow {
  return { key: nextKey++, type, categories: [], level: '', min: null, max: null, years: null, prefixes: [], count: null }
}

/** The API's criterion for a row (only the parameters of its type). */
export function toCriterion(row: CriterionRow): Criterion {
  switch (row.type) {
    case 'categories_any':
      return { type: 'categories_any', categories: [...row.categories] }
    case 'min_education':
      return { type: 'min_education', level: (row.level || 'high_school') as EducationLevel }
    case 'age_between':
      return { type: 'age_between', min: row.min, max: row.max }
    case 'graduated_within_years':
      return { type: 'graduated_within_years', years: row.years ?? 0 }
    case 'id_region_prefix':
      return { type: 'id_region_prefix', prefixes: [...row.prefixes] }
    case 'has_enterprise':
      return { type: 'has_enterprise' }
    case 'min_employment_intents_signed':
      return { type: 'min_employment_intents_signed', count: row.count ?? 0 }
  }
}

/** A row for the API's criterion. */
export function fromCriterion(criterion: Criterion): CriterionRow {
  const row = emptyRow(criterion.type)
  switch (criterion.type) {
    case 'categories_any':
      row.categories = [...criterion.categories]
      break
    case 'min_education':
      row.level = criterion.level
      break
    case 'age_between':
      row.min = criterion.min ?? null
      row.max = criterion.max ?? null
      break
    case 'graduated_within_years':
      row.years = criterion.years
      break
    case 'id_region_prefix':
      row.prefixes = [...criterion.prefixes]
      break
    case 'min_employment_intents_signed':
      row.count = criterion.count
      break
    case 'has_enterprise':
      break
  }
  return row
}

export type CriterionCode = 'required' | 'out_of_range' | 'invalid_value' | 'duplicate'

const isRegionCode = (code: string) => /^\d{2,6}$/.test(code)

/** The checks the server makes on one criterion, as a field code (null = fine). */
export function checkRow(row: CriterionRow): CriterionCode | null {
  const inAge = (n: number | null) => n === null || (Number.isInteger(n) && n >= 16 && n <= 100)
  switch (row.type) {
    case 'categories_any':
      return row.categories.length ? null : 'required'
    case 'min_education':
      return row.level ? null : 'required'
    case 'age_between':
      if (row.min === null && row.max === null) return 'out_of_range'
      if (!inAge(row.min) || !inAge(row.max)) return 'out_of_range'
      return row.min !== null && row.max !== null && row.min > row.max ? 'out_of_range' : null
    case 'graduated_within_years':
      return row.years !== null && Number.isInteger(row.years) && row.years >= 1 && row.years <= 50 ? null : 'out_of_range'
    case 'id_region_prefix':
      if (!row.prefixes.length) return 'required'
      return row.prefixes.every(isRegionCode) ? null : 'invalid_value'
    case 'min_employment_intents_signed':
      return row.count !== null && Number.isInteger(row.count) && row.count >= 1 && row.count <= 1000 ? null : 'out_of_range'
    case 'has_enterprise':
      return null
  }
}

/** Codes per row index: each row's own check, then "listed twice" for a repeated type. */
export function checkRows(rows: readonly CriterionRow[]): (CriterionCode | null)[] {
  const seen = new Set<CriterionType>()
  return rows.map((row) => {
    const own = checkRow(row)
    const repeated = seen.has(row.type)
    seen.add(row.type)
    return own ?? (repeated ? 'duplicate' : null)
  })
}

/** A typed region code cleaned up ("4301 " → "4301"); null when it is not 2 to 6 digits. */
export function regionCode(input: string): string | null {
  const code = input.trim()
  return isRegionCode(code) ? code : null
}
