import type { ProgramInput } from '@/api/internships'

export interface ProgramForm {
  title: string
  season: string
  description: string
  application_opens_at: Date | null
  application_closes_at: Date | null
  /** YYYY-MM-DD, as the date picker's value-format gives it. */
  starts_on: string
  ends_on: string
}

/** The order checks the server makes on a programme, as field codes (absent = fine). */
export function programFormErrors(
  form: Pick<ProgramForm, 'application_opens_at' | 'application_closes_at' | 'starts_on' | 'ends_on'>,
): Partial<Record<'application_closes_at' | 'ends_on', 'before_start'>> {
  const out: Partial<Record<'application_closes_at' | 'ends_on', 'before_start'>> = {}
  if (form.application_opens_at && form.application_closes_at && form.application_closes_at.getTime() <= form.application_opens_at.getTime()) {
    out.application_closes_at = 'before_start'
  }
  // ISO dates compare correctly as text.
  if (form.starts_on && form.ends_on && form.ends_on < form.starts_on) out.ends_on = 'before_start'
  return out
}

export function programInput(form: ProgramForm): ProgramInput {
  return {
    title: form.title.trim(),
    season: form.season.trim(),
    description: form.description.trim() || null,
    application_opens_at: form.application_opens_at?.toISOString() ?? '',
    application_closes_at: form.application_closes_at?.toISOString() ?? '',
    starts_on: form.starts_on,
    ends_on: form.ends_on,
  }
}
