import type { components } from './schema'

type Schemas = components['schemas']

export type User = Schemas['User']
export type Role = User['role']
export type UserStatus = User['status']
export type Locale = User['locale']
export type TokenResponse = Schemas['TokenResponse']
export type UserPage = Schemas['UserPage']
export type AuditEvent = Schemas['AuditEvent']
export type AuditEventPage = Schemas['AuditEventPage']
export type OutboxMessage = Schemas['OutboxMessage']
export type OutboxStatus = OutboxMessage['status']
export type OutboxPage = Schemas['OutboxPage']

export const ROLES: readonly Role[] = ['applicant', 'employer', 'hr', 'finance', 'admin']
export const USER_STATUSES: readonly UserStatus[] = ['pending', 'active', 'disabled']
export const OUTBOX_STATUSES: readonly OutboxStatus[] = ['pending', 'sending', 'sent', 'dead']

export type Profile = Schemas['Profile']
export type EducationRecord = Schemas['EducationRecord']
export type EducationLevel = Schemas['EducationLevel']
export type TalentCategory = Schemas['TalentCategory']
export type Gender = Schemas['GenderView']
export type Attachment = Schemas['Attachment']
export type AttachmentKind = Schemas['AttachmentKind']
export type TalentSummary = Schemas['TalentSummary']
export type TalentPage = Schemas['TalentPage']
export type TalentDetail = Schemas['TalentDetail']
export type TimelineEntry = Schemas['TimelineEntry']
export type RevealedPersonalData = Schemas['RevealedPersonalData']
export type RevealRecord = Schemas['RevealRecord']

export const EDUCATION_LEVELS: readonly EducationLevel[] = ['high_school', 'associate', 'bachelor', 'master', 'doctorate']
export const TALENT_CATEGORIES: readonly TalentCategory[] = [
  'college_student',
  'graduate',
  'skilled_worker',
  'high_level',
  'medical_staff',
  'entrepreneur',
  'returnee',
]
export const ATTACHMENT_KINDS: readonly AttachmentKind[] = ['resume', 'diploma', 'id_card', 'certificate', 'other']

/**
 * Sort orders of the talent pool. Written here because the server's document references
 * `TalentSort` without defining it (see scripts/gen-api.mjs); the server accepts exactly these.
 */
export const TALENT_SORTS = ['-updated_at', 'updated_at', 'full_name', '-full_name', '-birth_date', 'birth_date'] as const
export type TalentSort = (typeof TALENT_SORTS)[number]
export type ExportFormat = 'xlsx' | 'csv'

export type Enterprise = Schemas['Enterprise']
export type EnterpriseInput = Schemas['EnterpriseInput']
export type EnterpriseUpdate = Schemas['EnterpriseUpdate']
export type EnterprisePage = Schemas['EnterprisePage']
export type EnterpriseStatus = Schemas['EnterpriseStatus']
export type EnterpriseSize = Schemas['EnterpriseSize']
export type Industry = Schemas['Industry']
export type Position = Schemas['Position']
export type PositionInput = Schemas['PositionInput']
export type PositionUpdate = Schemas['PositionUpdate']
export type PositionPage = Schemas['PositionPage']
export type PositionKind = Schemas['PositionKind']
export type PositionStatus = Schemas['PositionStatus']
export type EducationRequirement = Schemas['EducationRequirement']

/** Industry sections of GB/T 4754-2017 (门类 A–T), in that order. */
export const INDUSTRIES: readonly Industry[] = [
  'agriculture',
  'mining',
  'manufacturing',
  'utilities',
  'construction',
  'wholesale_retail',
  'transport_logistics',
  'hospitality_catering',
  'information_technology',
  'finance',
  'real_estate',
  'business_services',
  'research_technology',
  'environment_public_facilities',
  'resident_services',
  'education',
  'health_social_work',
  'culture_sports_entertainment',
  'public_administration',
  'international_organizations',
]
/** The statistics bureau's enterprise sizes (大中小微型企业划分), smallest first. */
export const ENTERPRISE_SIZES: readonly EnterpriseSize[] = ['micro', 'small', 'medium', 'large']
export const ENTERPRISE_STATUSES: readonly EnterpriseStatus[] = ['pending', 'verified', 'rejected']
export const POSITION_KINDS: readonly PositionKind[] = ['job', 'internship']
export const POSITION_STATUSES: readonly PositionStatus[] = ['open', 'closed']
export const EDUCATION_REQUIREMENTS: readonly EducationRequirement[] = ['none', ...EDUCATION_LEVELS]
