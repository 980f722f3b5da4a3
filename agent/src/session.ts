// Who is at the console: the token and display name live in sessionStorage (gone with the tab, never
// in localStorage), and an agent id made once per tab session tells two people named 小王 apart.
import type { Agent } from '../../shared/live.ts'

export interface Session {
  token: string
  agent: Agent
}

const SESSION_KEY = 'huike-agent-session'
const ID_KEY = 'huike-agent-id'

function agentId(storage: Storage): string {
  let id = storage.getItem(ID_KEY)
  if (!id) {
    id = `ag_${crypto.randomUUID()}`
    storage.setItem(ID_KEY, id)
  }
  return id
}

export function loadSession(storage: Storage = sessionStorage): Session | null {
  try {
    const saved = JSON.parse(storage.getItem(SESSION_KEY) ?? 'null') as { token?: unknown; name?: unknown } | null
    if (typeof saved?.token !== 'string' || typeof saved.name !== 'string') return null
    return { token: saved.token, agent: { id: agentId(storage), name: saved.name } }
  } catch {
    return null
  }
}

export function saveSession(token: string, name: string, storage: Storage = sessionStorage): Session {
  storage.setItem(SESSION_KEY, JSON.stringify({ token, name }))
  return { token, agent: { id: agentId(storage), name } }
}

/** Signing out forgets the token; the agent id stays, so the same person keeps one id for the tab's life. */
export function clearSession(storage: Storage = sessionStorage): void {
  storage.removeItem(SESSION_KEY)
}
