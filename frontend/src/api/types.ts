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
