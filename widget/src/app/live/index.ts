// The live channel to a person (CONTRACT §6), loaded lazily as /huike-live.js (vite.config.ts mode
// `lazy`) only while a live conversation is open. The leading tab holds GET /v1/live, applies what
// arrives (the chat stores it and tells the other tabs), resumes after a drop with Last-Event-ID and a
// growing backoff, and lets go once the conversation closed. Sending and leaving are plain POSTs.
import { LIVE_HEARTBEAT_MS } from '../../../../shared/limits.ts'
import { applyEvent } from './apply.ts'
import { whileLeading } from './leader.ts'
import { openStream } from './stream.ts'
import type { LiveChannel, LiveHost, LiveState } from './types.ts'

/** Three missed heartbeats: the connection is dead. */
export const DEAD_MS = 3 * LIVE_HEARTBEAT_MS
/** Settings tests may shorten. */
export const liveTimings = { deadMs: DEAD_MS, firstRetryMs: 1000, maxRetryMs: 30_000, typingMs: 10_000 }
/** Where the leading tab keeps the id of the last event applied (cleared when the conversation ends). */
export const CURSOR_KEY = 'liveCursor'

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true })
  })

export function startLive(host: LiveHost): LiveChannel {
  const ctrl = new AbortController()
  const { signal } = ctrl
  const base = host.endpoint
  // A "typing" whose end got lost must not stay on screen.
  let typingTimer: ReturnType<typeof setTimeout> | undefined
  const typing = (name: string) => {
    clearTimeout(typingTimer)
    host.typing(name)
    if (name) typingTimer = setTimeout(() => host.typing(''), liveTimings.typingMs)
  }
  const h: LiveHost = { ...host, typing }

  async function lead() {
    let wait = liveTimings.firstRetryMs
    // Last-Event-ID only saves resending: the edge's full state (status, the person's messages, filed here
    // by id) is as good. A proxy or a CORS setup that refuses the header must not keep the visitor from
    // the person, so after a try that got no answer at all the next one goes without it.
    let resume = true
    while (!signal.aborted) {
      let opened = false
      const [token, lastId, stored] = await Promise.all([host.token(), host.kv.get<string>(CURSOR_KEY), host.kv.get<LiveState>('live')])
      // The tab that led before may have seen the end just now (the store is ahead of its message to us).
      if (signal.aborted || (stored && stored.status === 'closed')) return
      // No token yet (offline when the widget registered): nothing to show the edge, try again later.
      const end = !token ? 'retry' : await openStream({
        url: `${base}/v1/live?visitorId=${encodeURIComponent(host.visitorId())}`,
        token,
        lastId: resume && typeof lastId === 'string' && lastId ? lastId : undefined,
        fetch: host.fetch,
        deadMs: liveTimings.deadMs,
        signal,
        onOpen() {
          opened = true
          wait = liveTimings.firstRetryMs
        },
        onEvent(e, id) {
          if (signal.aborted) return true
          const over = applyEvent(h, e, Date.now())
          // Over: the next conversation starts from its beginning, not from this one's last id.
          if (over || id) void host.kv.set(CURSOR_KEY, over ? null : id)
          return over
        },
      })
      if (signal.aborted) return
      if (end !== 'retry') {
        // The edge has no open conversation for us: back to the assistant, quietly.
        if (end === 'gone' && host.state.value?.status !== 'closed') host.update({ ...host.state.value, status: 'closed' })
        void host.kv.set(CURSOR_KEY, null)
        return ctrl.abort()
      }
      resume = opened || !resume
      await sleep(wait * (0.75 + Math.random() / 2), signal)
      wait = Math.min(wait * 2, liveTimings.maxRetryMs)
    }
  }
  void whileLeading(host.visitorId(), signal, lead)

  const post = async (path: string, body: object) => {
    const token = await host.token()
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (token) headers.authorization = `Bearer ${token}`
    try {
      const res = await host.fetch(`${base}/v1/live/${path}`, { method: 'POST', headers, body: JSON.stringify(body) })
      return res.ok
    } catch {
      return false
    }
  }

  return {
    send: (text) => post('messages', { visitorId: host.visitorId(), text }),
    async leave() {
      const s = host.state.value
      ctrl.abort()
      clearTimeout(typingTimer)
      host.typing('')
      if (s && s.status !== 'closed') host.update({ ...s, status: 'closed', outcome: 'released' })
      void host.kv.set(CURSOR_KEY, null)
      await post('leave', { visitorId: host.visitorId() })
    },
    stop() {
      ctrl.abort()
      clearTimeout(typingTimer)
    },
  }
}
