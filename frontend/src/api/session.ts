import { anonymousSession, createApi, type SessionBridge } from './http'

// The client is created before the auth store exists (and the store needs the client), so it
// talks to whichever session is installed at call time.
let current: SessionBridge = anonymousSession

export function installSession(session: SessionBridge): void {
  current = session
}

export const api = createApi({
  accessToken: () => current.accessToken(),
  refresh: () => current.refresh(),
  onSessionLost: () => current.onSessionLost(),
})
