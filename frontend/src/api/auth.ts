import { call } from './http'
import type { LoginBody, RegisterBody, ResetConfirmBody } from './operations'
import { api } from './session'
import type { TokenResponse, User } from './types'

export function register(body: RegisterBody): Promise<User> {
  return call(api.POST('/api/v1/auth/register', { body }))
}

export function verifyEmail(token: string): Promise<User> {
  return call(api.POST('/api/v1/auth/verify-email', { body: { token } }))
}

export async function resendVerification(email: string): Promise<void> {
  await call(api.POST('/api/v1/auth/resend-verification', { body: { email } }))
}

export function login(body: LoginBody): Promise<TokenResponse> {
  return call(api.POST('/api/v1/auth/login', { body }))
}

/** Uses the HttpOnly refresh cookie; the client adds the X-Requested-With header. */
export function refresh(): Promise<TokenResponse> {
  return call(api.POST('/api/v1/auth/refresh'))
}

export async function logout(): Promise<void> {
  await call(api.POST('/api/v1/auth/logout'))
}

export async function requestPasswordReset(email: string): Promise<void> {
  await call(api.POST('/api/v1/auth/password-reset', { body: { email } }))
}

export async function confirmPasswordReset(body: ResetConfirmBody): Promise<void> {
  await call(api.POST('/api/v1/auth/password-reset/confirm', { body }))
}
