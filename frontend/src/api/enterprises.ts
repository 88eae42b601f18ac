import { call } from './http'
import type { EnterpriseQuery } from './operations'
import { ApiError } from './problem'
import { api } from './session'
import type { Enterprise, EnterpriseInput, EnterprisePage, EnterpriseUpdate } from './types'

/** My enterprise, or null before I registered one (the server answers 404). */
export async function getMyEnterprise(): Promise<Enterprise | null> {
  try {
    return await call(api.GET('/api/v1/me/enterprise'))
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

export function createEnterprise(body: EnterpriseInput): Promise<Enterprise> {
  return call(api.POST('/api/v1/enterprises', { body }))
}

/** Correct a pending or returned enterprise; saving puts it (back) in HR's queue. */
export function updateEnterprise(id: string, body: EnterpriseUpdate): Promise<Enterprise> {
  return call(api.PATCH('/api/v1/enterprises/{id}', { params: { path: { id } }, body }))
}

export function listEnterprises(query: EnterpriseQuery): Promise<EnterprisePage> {
  return call(api.GET('/api/v1/enterprises', { params: { query } }))
}

export function verifyEnterprise(id: string): Promise<Enterprise> {
  return call(api.POST('/api/v1/enterprises/{id}/verify', { params: { path: { id } } }))
}

export function rejectEnterprise(id: string, reason: string): Promise<Enterprise> {
  return call(api.POST('/api/v1/enterprises/{id}/reject', { params: { path: { id } }, body: { reason } }))
}
