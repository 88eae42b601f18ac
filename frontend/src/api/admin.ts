import { call } from './http'
import type { AuditQuery, CreateUserBody, OutboxQuery, UpdateUserBody, UserQuery } from './operations'
import { api } from './session'
import type { AuditEventPage, OutboxMessage, OutboxPage, User, UserPage } from './types'

export function listUsers(query: UserQuery): Promise<UserPage> {
  return call(api.GET('/api/v1/users', { params: { query } }))
}

export function createUser(body: CreateUserBody): Promise<User> {
  return call(api.POST('/api/v1/users', { body }))
}

export function updateUser(id: string, body: UpdateUserBody): Promise<User> {
  return call(api.PATCH('/api/v1/users/{id}', { params: { path: { id } }, body }))
}

export function listAuditEvents(query: AuditQuery): Promise<AuditEventPage> {
  return call(api.GET('/api/v1/audit-events', { params: { query } }))
}

export function listOutbox(query: OutboxQuery): Promise<OutboxPage> {
  return call(api.GET('/api/v1/admin/outbox', { params: { query } }))
}

export function retryOutbox(id: string): Promise<OutboxMessage> {
  return call(api.POST('/api/v1/admin/outbox/{id}/retry', { params: { path: { id } } }))
}
