import type { FieldCode } from '@/utils/validation'

export interface FairForm {
  title: string
  description: string
  venue: string
  starts_at: Date | null
  ends_at: Date | null
  signup_deadline: Date | null
  capacity: number
  booth_capacity: number
}

export type FairFormCode = FieldCode | 'before_start' | 'after_start' | 'in_past'

/** The ordering checks the server makes on a fair's times, as field codes (absent = fine). */
export function fairFormErrors(
  form: Pick<FairForm, 'starts_at' | 'ends_at' | 'signup_deadline'>,
): Partial<Record<'ends_at' | 'signup_deadline', FairFormCode>> {
  const out: Partial<Record<'ends_at' | 'signup_deadline', FairFormCode>> = {}
  const start = form.starts_at?.getTime()
  if (start === undefined) return out
  if (form.ends_at && form.ends_at.getTime() <= start) out.ends_at = 'before_start'
  if (form.signup_deadline && form.signup_deadline.getTime() > start) out.signup_deadline = 'after_start'
  return out
}
