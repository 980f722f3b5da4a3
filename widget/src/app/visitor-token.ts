// The visitor's own token for their data on the edge (CONTRACT §4: export and erase with it, nobody
// else can): asked for once per visitor id and kept in the store. A 409 means an earlier page already
// got it (and lost it): nothing more to ask.
import type { KV } from './storage.ts'
import { erase, postJson } from './transport.ts'

interface Stored {
  visitorId: string
  token?: string
}

export function createVisitorToken(o: { endpoint: string; kv: KV; fetch: typeof fetch }) {
  let registering: Promise<string | undefined> | undefined

  /** The token of `visitorId`; `current()` is checked again before storing (a forget may intervene). */
  function get(visitorId: string, current: () => string): Promise<string | undefined> {
    return (registering ??= (async () => {
      const stored = await o.kv.get<Stored>('token')
      if (stored?.visitorId === visitorId) return stored.token
      const r = await postJson<{ token?: unknown }>(`${o.endpoint}/v1/visitors`, { visitorId }, o.fetch)
      const token = r.ok && typeof r.value?.token === 'string' ? r.value.token : undefined
      if (token || (!r.ok && r.error.status === 409)) {
        if (current() === visitorId) await o.kv.set('token', { visitorId, token })
      } else registering = undefined // a network failure: try again next time
      return token
    })())
  }

  return {
    get,
    /** What the edge keeps about the visitor (for "download my data"), or null (no token, offline). */
    async exported(visitorId: string): Promise<unknown> {
      const token = await get(visitorId, () => visitorId)
      if (!token) return null
      try {
        const res = await o.fetch(`${o.endpoint}/v1/visitors/${encodeURIComponent(visitorId)}`, { headers: { authorization: `Bearer ${token}` } })
        return res.ok ? await res.json() : null
      } catch {
        return null // offline: the local part still downloads
      }
    },
    /** Erases the edge's copy (fire-and-forget, keepalive) and forgets the token: the next visitor asks afresh. */
    async erase(): Promise<void> {
      const stored = await o.kv.get<Stored>('token')
      if (stored?.token) erase(o.endpoint, stored.visitorId, stored.token, o.fetch)
      registering = undefined
    },
  }
}
