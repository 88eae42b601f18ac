import { call } from './http'
import type { MyPositionQuery, PositionQuery } from './operations'
import { api } from './session'
import type { Position, PositionInput, PositionPage, PositionUpdate } from './types'

/** Public: no session needed. */
export function searchPositions(query: PositionQuery): Promise<PositionPage> {
  return call(api.GET('/api/v1/positions', { params: { query } }))
}

export function getPosition(id: string): Promise<Position> {
  return call(api.GET('/api/v1/positions/{id}', { params: { path: { id } } }))
}

export function listMyPositions(query: MyPositionQuery): Promise<PositionPage> {
  return call(api.GET('/api/v1/me/positions', { params: { query } }))
}

export function createPosition(body: PositionInput): Promise<Position> {
  return call(api.POST('/api/v1/positions', { body }))
}

/** Every field but the enterprise, which cannot change. */
export function updatePosition(id: string, body: PositionUpdate): Promise<Position> {
  return call(api.PATCH('/api/v1/positions/{id}', { params: { path: { id } }, body }))
}
