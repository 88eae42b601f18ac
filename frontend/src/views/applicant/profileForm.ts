import type { ProfileBody } from '@/api/operations'
import type { EducationLevel, Profile, TalentCategory } from '@/api/types'

export const MAX_EDUCATION = 10
export const MAX_SKILLS = 30
export const SKILL_MAX = 30
export const FULL_NAME_MAX = 50
export const SCHOOL_MAX = 100
export const MAJOR_MAX = 100
export const EMPLOYER_MAX = 100
export const BANK_NAME_MAX = 50

export interface EducationDraft {
  level: EducationLevel
  school: string
  major: string
  graduation_year: number | undefined
}

export interface ProfileForm {
  full_name: string
  /** Empty with a profile on file means "keep the stored number". */
  id_number: string
  phone: string
  education: EducationDraft[]
  categories: TalentCategory[]
  skills: string[]
  current_employer: string
  bank_name: string
  /** Empty means "keep" (or nothing), unless removeBank is set. */
  bank_account: string
  removeBank: boolean
  /** The home village (村/社区) id, or '' for none. */
  home_village_id: string
}

const EDUCATION_PARTS = ['level', 'school', 'major', 'graduation_year'] as const

/** Every field a server error may name, so each one lands under its own input. */
export const PROFILE_FIELDS: readonly string[] = [
  'full_name',
  'id_number',
  'phone',
  'education',
  'categories',
  'skills',
  'current_employer',
  'bank_name',
  'bank_account',
  'home_village_id',
  ...Array.from({ length: MAX_EDUCATION }, (_, i) => EDUCATION_PARTS.map((p) => `education.${i}.${p}`)).flat(),
  ...Array.from({ length: MAX_SKILLS }, (_, i) => `skills.${i}`),
]

export function blankEducation(): EducationDraft {
  return { level: 'bachelor', school: '', major: '', graduation_year: undefined }
}

export function formFromProfile(profile: Profile | null): ProfileForm {
  return {
    full_name: profile?.full_name ?? '',
    id_number: '',
    phone: profile?.phone ?? '',
    education: (profile?.education ?? []).map((e) => ({ ...e, major: e.major ?? '' })),
    categories: [...(profile?.categories ?? [])],
    skills: [...(profile?.skills ?? [])],
    current_employer: profile?.current_employer ?? '',
    bank_name: profile?.bank_name ?? '',
    bank_account: '',
    removeBank: false,
    home_village_id: profile?.home_village_id ?? '',
  }
}

function optional(value: string): string | null {
  const trimmed = value.trim()
  return trimmed ? trimmed : null
}

/**
 * The PUT body. The ID and bank numbers are only ever shown masked, so they are sent only when
 * typed anew: left out, the server keeps what it has; an empty bank_account removes it.
 */
export function bodyFromForm(form: ProfileForm): ProfileBody {
  const body: ProfileBody = {
    full_name: form.full_name.trim(),
    phone: form.phone.trim(),
    education: form.education.map((e) => ({
      level: e.level,
      school: e.school.trim(),
      major: optional(e.major),
      graduation_year: e.graduation_year ?? 0,
    })),
    categories: form.categories,
    skills: form.skills.map((s) => s.trim()).filter(Boolean),
    current_employer: optional(form.current_employer),
    bank_name: optional(form.bank_name),
    home_village_id: form.home_village_id || null,
  }
  const id = form.id_number.trim()
  if (id) body.id_number = id
  if (form.removeBank) body.bank_account = ''
  else if (form.bank_account.trim()) body.bank_account = form.bank_account.trim()
  return body
}
