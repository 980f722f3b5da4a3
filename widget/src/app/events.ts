// Analytics events, batched: a queue sent to /v1/events every ~2 s or at 20 events, by sendBeacon when the
// page is hidden or left, retried with backoff on failure. Every event has its own `id` (the edge drops
// repeats), the unsent ones (at most 200) wait in the KV store for the next page view, and each one is
// also pushed to `window.dataLayer` as `{event: 'huike_' + type, …props}` for GA / GTM.
import { json } from './post.ts'
import { rid, type KV } from './storage.ts'
import type { TrackedEvent } from './types.ts'

const BATCH = 20
const MAX_QUEUED = 200
const KEY = 'outbox'
/** Clicks that usually lead off the page go at once, in a request of their own, not with the next batch. */
const NOW = /^(product_click|purchase|coupon_copied)$/

export interface EventQueueOptions {
  endpoint: string
  kv: KV
  fetch: typeof fetch
  /** Wait before sending a batch; 0 sends each event at once (tests). */
  flushMs?: number
}

export function createEventQueue(o: EventQueueOptions) {
  const delay = o.flushMs ?? 2000
  const url = `${o.endpoint}/v1/events`
  let queue: TrackedEvent[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let failures = 0
  const inflight = new Set<TrackedEvent>()
  const save = () => void o.kv.set(KEY, queue)
  const schedule = (ms: number) => {
    if (!timer) timer = setTimeout(() => ((timer = undefined), void flush()), ms)
  }

  async function flush(): Promise<void> {
    const batch = queue.filter((e) => !inflight.has(e)).slice(0, BATCH)
    if (!batch.length) return
    for (const e of batch) inflight.add(e)
    let ok = false
    try {
      const { status } = await o.fetch(url, { ...json({ events: batch }), keepalive: true })
      // Accepted, or refused for good (400, 413): either way it goes, so one bad batch never blocks the rest.
      ok = status < 500 && status !== 408 && status !== 429
    } catch {
      // offline: kept for later
    }
    for (const e of batch) inflight.delete(e)
    if (ok) {
      failures = 0
      queue = queue.filter((e) => !batch.includes(e))
      save()
      if (queue.length) schedule(delay)
    } else schedule(Math.min(60_000, 2000 * 2 ** failures++))
  }

  /** The page is going away: whatever is queued goes by sendBeacon (which outlives the page). */
  function beacon() {
    clearTimeout(timer)
    timer = undefined
    while (queue.length) {
      const batch = queue.slice(0, BATCH)
      const blob = new Blob([JSON.stringify({ events: batch })], { type: 'text/plain' })
      if (!navigator.sendBeacon?.(url, blob)) return
      queue = queue.slice(batch.length)
    }
    save()
  }

  const onHide = () => document.visibilityState === 'hidden' && beacon()
  addEventListener('pagehide', beacon)
  document.addEventListener('visibilitychange', onHide)

  // Events left over from an earlier page view (offline, or closed before they went).
  void o.kv.get<TrackedEvent[]>(KEY).then((old) => {
    if (!Array.isArray(old) || !old.length) return
    const ids = new Set(queue.map((e) => e.id))
    queue = [...old.filter((e) => !ids.has(e.id)), ...queue].slice(-MAX_QUEUED)
    schedule(delay)
  })

  return {
    push(e: Omit<TrackedEvent, 'id'>) {
      const ev = { id: rid('e_'), ...e } as TrackedEvent
      try {
        const w = window as unknown as { dataLayer?: unknown[] }
        ;(w.dataLayer ||= []).push({ event: `huike_${ev.type}`, ...ev.props })
      } catch {
        // a host page's odd dataLayer must not stop the event
      }
      const now = NOW.test(ev.type)
      if (now) void flush()
      queue = [...queue, ev].slice(-MAX_QUEUED)
      save()
      if (now || !delay || (queue.length >= BATCH && !failures)) {
        clearTimeout(timer)
        timer = undefined
        void flush()
      } else schedule(delay)
    },
    flush,
    beacon,
    /** `forget`: nothing more goes out about the old visitor. */
    clear() {
      queue = []
    },
    get size() {
      return queue.length
    },
    dispose() {
      clearTimeout(timer)
      removeEventListener('pagehide', beacon)
      document.removeEventListener('visibilitychange', onHide)
    },
  }
}
