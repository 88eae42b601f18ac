import { anonymousSession, createApi, type SessionBridge } from './http'

// The client is created before the auth store exists (and the store needs the client), so it
// talks to whichever session is installed at call time.
let current: SessionBridge = anonymousSession

export function installSession(session: SessionBridge): void {
  current = session
}

/** The installed session, for requests that cannot go through openapi-fetch (upload progress). */
export const sessionBridge: SessionBridge = {
  accessToken: () => current.accessToken(),
  refresh: () => current.refresh(),
  onSessionLost: () => current.onSessionLost(),
}

export const api = createApi(sessionBridge)
