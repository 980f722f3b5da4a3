// The visitor's own token for their data on the edge (CONTRACT §4: export and erase with it, nobody
// else can): asked for once per visitor id and kept in the store. A 409 means the id is not ours (claimed
// first, or an earlier page lost its token): the edge mints a new id with its token and the device moves
// to it (`moved`), so export and erase always cover what this device sends from then on.
import type { KV } from './storage.ts'
import { erase, postJson } from './transport.ts'

interface Stored {
  visitorId: string
  token: string
}

export function createVisitorToken(o: { endpoint: string; kv: KV; fetch: typeof fetch; moved: (visitorId: string) => void }) {
  let registering: Promise<Stored | undefined> | undefined
  const url = `${o.endpoint}/v1/visitors`
  const post = (body: object) => postJson<Partial<Stored>>(url, body, o.fetch)

  /** The token (and the id it is for) of `visitorId`; `current()` is checked again before storing (a forget may intervene). */
  function get(visitorId: string, current: () => string): Promise<Stored | undefined> {
    // Stored with a token for this id (a 409 from an older widget left none): ours, maybe from another tab.
    const mine = async () => {
      const s = await o.kv.get<Stored>('token')
      return s?.visitorId === visitorId && s.token ? s : undefined
    }
    return (registering ??= (async () => {
      let s = await mine()
      if (s) return s
      let r = await post({ visitorId })
      if (!r.ok && r.error.status === 409) {
        if ((s = await mine())) return s
        console.warn('[huike] visitor id taken')
        r = await post({})
      }
      s = r.ok && r.value?.token ? { visitorId: r.value.visitorId ?? visitorId, token: r.value.token } : undefined
      if (!s) registering = undefined // offline: try again next time
      else if (current() === visitorId) {
        if (s.visitorId !== visitorId) {
          await o.kv.set('visitorId', s.visitorId)
          o.moved(s.visitorId)
        }
        await o.kv.set('token', s)
      }
      return s
    })())
  }

  return {
    get,
    /** What the edge keeps about the visitor (for "download my data"), or null (no token, offline). */
    async exported(visitorId: string): Promise<unknown> {
      const s = await get(visitorId, () => visitorId)
      if (!s) return null
      try {
        const res = await o.fetch(`${url}/${encodeURIComponent(s.visitorId)}`, { headers: { authorization: `Bearer ${s.token}` } })
        return res.ok ? await res.json() : null
      } catch {
        return null // offline: the local part still downloads
      }
    },
    /** Erases the edge's copy (fire-and-forget, keepalive); `drop` then forgets the token. */
    async erase(): Promise<void> {
      const stored = await o.kv.get<Stored>('token')
      if (stored?.token) erase(o.endpoint, stored.visitorId, stored.token, o.fetch)
    },
    /** Forgets the token here (the caller clears the store): the next visitor asks afresh. */
    drop() {
      registering = undefined
    },
  }
}
