// Local storage of the conversation and the profile: IndexedDB database `huike` (store `kv`) through
// idb-keyval, mirrored in memory. If IndexedDB is missing, throws, or hangs (private mode, blocked,
// quota), the store quietly becomes memory-only and the widget keeps working for this page view.
import { clear, createStore, get, set, type UseStore } from 'idb-keyval'

export interface KV {
  get<T>(key: string): Promise<T | undefined>
  set(key: string, value: unknown): Promise<void>
  /** Removes every key (the `forget` command). */
  clear(): Promise<void>
  /** False once IndexedDB failed and only memory is left. */
  readonly persistent: boolean
}

export const DB_NAME = 'huike'
const TIMEOUT_MS = 3000

export function openStore(name = DB_NAME): KV {
  const mem = new Map<string, unknown>()
  let db: UseStore | undefined
  try {
    db = createStore(name, 'kv')
  } catch {
    db = undefined
  }
  // Runs an IndexedDB operation; on any failure (or no answer in time) switches to memory for good.
  const tryDb = async <T>(op: (store: UseStore) => Promise<T>): Promise<{ ok: boolean; value?: T }> => {
    if (!db) return { ok: false }
    let timer: ReturnType<typeof setTimeout> | undefined
    try {
      const value = await Promise.race([
        op(db),
        new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), TIMEOUT_MS))),
      ])
      return { ok: true, value }
    } catch {
      db = undefined
      return { ok: false }
    } finally {
      clearTimeout(timer)
    }
  }
  return {
    get persistent() {
      return !!db
    },
    async get<T>(key: string) {
      const r = await tryDb((s) => get<T>(key, s))
      if (!r.ok) return mem.get(key) as T | undefined
      if (r.value === undefined) mem.delete(key)
      else mem.set(key, r.value)
      return r.value
    },
    async set(key, value) {
      mem.set(key, value)
      await tryDb((s) => set(key, value, s))
    },
    async clear() {
      mem.clear()
      await tryDb((s) => clear(s))
    },
  }
}

/** A random id with a prefix: `v_…` visitor, `s_…` session, `m_…` message. Works outside secure contexts. */
export function rid(prefix: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12))
  return prefix + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A session ends after this long without activity; the next message starts a new one. */
export const SESSION_IDLE_MS = 30 * 60 * 1000

export interface Identity {
  visitorId: string
  sessionId: string
}

/**
 * Records activity (a page view, a message) and returns who is talking: the stored visitor (or a new
 * stable one), and the stored session unless it has been idle too long, in which case a new one starts.
 * Re-read every time, so tabs agree on both. A new session is a new visit: the stored profile gets
 * `visits` + 1 and `lastVisit` = the previous visit's last activity, so the edge can tell "returning
 * after 30 days" (done here, by whoever touches first — the bubble chunk or the app — so exactly once).
 */
export async function touchIdentity(kv: KV, now: number): Promise<Identity> {
  const [visitorId, sessionId, last] = await Promise.all([
    kv.get<string>('visitorId'),
    kv.get<string>('sessionId'),
    kv.get<number>('lastActive'),
  ])
  const fresh = typeof sessionId === 'string' && sessionId && typeof last === 'number' && now - last <= SESSION_IDLE_MS
  const id: Identity = {
    visitorId: typeof visitorId === 'string' && visitorId ? visitorId : rid('v_'),
    sessionId: fresh ? sessionId : rid('s_'),
  }
  await Promise.all([kv.set('visitorId', id.visitorId), kv.set('sessionId', id.sessionId), kv.set('lastActive', now)])
  if (!fresh) {
    const p = (await kv.get<Record<string, unknown>>('profile')) ?? {}
    const visits = typeof p.visits === 'number' ? p.visits + 1 : 1
    await kv.set('profile', typeof last === 'number' ? { ...p, visits, lastVisit: last } : { ...p, visits })
  }
  return id
}
