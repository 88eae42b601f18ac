import type { paths } from './schema'

// Request shapes are taken from the operations, not from schema names, so they follow the
// OpenAPI document whatever the server calls its request types.
type JsonBody<Op> = Op extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never
type Query<Op> = Op extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never

export type RegisterBody = JsonBody<paths['/api/v1/auth/register']['post']>
export type LoginBody = JsonBody<paths['/api/v1/auth/login']['post']>
export type ResetConfirmBody = JsonBody<paths['/api/v1/auth/password-reset/confirm']['post']>
export type ChangePasswordBody = JsonBody<paths['/api/v1/me/password']['post']>
export type CreateUserBody = JsonBody<paths['/api/v1/users']['post']>
export type UpdateUserBody = JsonBody<paths['/api/v1/users/{id}']['patch']>
export type UserQuery = Query<paths['/api/v1/users']['get']>
export type AuditQuery = Query<paths['/api/v1/audit-events']['get']>
export type OutboxQuery = Query<paths['/api/v1/admin/outbox']['get']>
export type ProfileBody = JsonBody<paths['/api/v1/me/profile']['put']>
export type TalentQuery = Query<paths['/api/v1/talents']['get']>
export type EnterpriseQuery = Query<paths['/api/v1/enterprises']['get']>
export type PositionQuery = Query<paths['/api/v1/positions']['get']>
export type MyPositionQuery = Query<paths['/api/v1/me/positions']['get']>
