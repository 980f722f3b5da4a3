// One GET /v1/live connection: the fetch-streamed SSE body parsed into events with their `id:`s.
// Heartbeat comment lines carry no event but count as life: nothing at all for `deadMs` means the
// connection is dead (a proxy or a sleeping laptop dropped it without closing), and it is given up.
import type { VisitorLiveEvent } from './types.ts'

const NAMES: ReadonlySet<string> = new Set(['status', 'message', 'typing'])

/** How a connection ended: the conversation closed (`end`), the edge has none for us (`gone`), or try again. */
export type StreamEnd = 'end' | 'gone' | 'retry'

export interface StreamOptions {
  url: string
  token: string
  /** The last event id this device applied: the edge resends what came after it. */
  lastId?: string
  fetch: typeof fetch
  deadMs: number
  signal: AbortSignal
  /** Called for every event in order; return true once the conversation is over (the stream ends). */
  onEvent(e: VisitorLiveEvent, id: string | undefined): boolean
  /** The edge answered: a reconnect may start its backoff again. */
  onOpen(): void
}

/** An SSE parser for the live events, keeping each event's `id:` (the stream's resume point). */
export function liveParser(onEvent: (e: VisitorLiveEvent, id: string | undefined) => void) {
  let buffer = ''
  const dispatch = (block: string) => {
    let name = 'message'
    let id: string | undefined
    const data: string[] = []
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) name = line.slice(6).trim()
      else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      else if (line.startsWith('id:')) id = line.slice(3).trim()
    }
    if (!data.length || !NAMES.has(name)) return
    try {
      const parsed: unknown = JSON.parse(data.join('\n'))
      if (parsed && typeof parsed === 'object') onEvent({ event: name, data: parsed } as VisitorLiveEvent, id)
    } catch {
      // a broken event is skipped; the next one may be fine
    }
  }
  return (chunk: string) => {
    buffer += chunk
    const blocks = buffer.split(/\r?\n\r?\n/)
    buffer = blocks.pop() ?? ''
    for (const block of blocks) dispatch(block)
  }
}

export async function openStream(o: StreamOptions): Promise<StreamEnd> {
  const ctrl = new AbortController()
  const stop = () => ctrl.abort()
  o.signal.addEventListener('abort', stop)
  let timer: ReturnType<typeof setTimeout> | undefined
  const alive = () => {
    clearTimeout(timer)
    timer = setTimeout(stop, o.deadMs)
  }
  const headers: Record<string, string> = { accept: 'text/event-stream', authorization: `Bearer ${o.token}` }
  if (o.lastId) headers['last-event-id'] = o.lastId
  let over = false
  const feed = liveParser((e, id) => (over ||= o.onEvent(e, id)))
  try {
    alive()
    const res = await o.fetch(o.url, { headers, signal: ctrl.signal, cache: 'no-store' })
    // No live conversation for this visitor (or not theirs): nothing to wait for.
    if ([403, 404, 410].includes(res.status)) return 'gone'
    if (!res.ok || !res.body) return 'retry'
    o.onOpen()
    alive()
    const reader = res.body.getReader()
    // A fetch that ignores its signal once the body streams must still end: the read races the abort.
    const aborted = new Promise<never>((_, reject) => ctrl.signal.addEventListener('abort', () => reject(new Error('dead'))))
    aborted.catch(() => {})
    const decoder = new TextDecoder()
    try {
      while (!over) {
        const { done, value } = await Promise.race([reader.read(), aborted])
        if (done) break
        alive()
        feed(decoder.decode(value, { stream: true }))
      }
    } finally {
      reader.cancel().catch(() => {})
    }
    return over ? 'end' : 'retry'
  } catch {
    return 'retry'
  } finally {
    clearTimeout(timer)
    o.signal.removeEventListener('abort', stop)
  }
}
