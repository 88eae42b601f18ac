import { call } from './http'
import type { ChangePasswordBody } from './operations'
import { api } from './session'
import type { User } from './types'

export function getMe(): Promise<User> {
  return call(api.GET('/api/v1/me'))
}

export async function changePassword(body: ChangePasswordBody): Promise<void> {
  await call(api.POST('/api/v1/me/password', { body }))
}
