import type { Position } from '@/api/types'

type T = (key: string, params?: Record<string, unknown>) => string

/** "5000–8000 元/月", or "面议" when no range is given. */
export function salaryText(t: T, position: Pick<Position, 'salary_min' | 'salary_max'>): string {
  if (!position.salary_min && !position.salary_max) return t('positions.salaryOpen')
  return t('positions.salaryRange', { min: position.salary_min, max: position.salary_max })
}
