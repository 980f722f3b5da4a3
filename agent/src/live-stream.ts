// The console's one live connection: GET /v1/agent/stream read with fetch (EventSource cannot send
// the Authorization header). `id:` lines are remembered and sent back as Last-Event-ID on reconnect, so
// nothing is missed; a dropped or silent stream is retried with growing, jittered waits.
import { LIVE_HEARTBEAT_MS } from '../../shared/limits.ts'
import type { AgentLiveEvent } from '../../shared/live.ts'

export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'unauthorized'

export interface StreamOptions {
  url: string
  token: string
  onEvent: (e: AgentLiveEvent) => void
  onState: (state: StreamState) => void
  fetch?: typeof fetch
  /** Waits between attempts: first, then doubling up to max. */
  backoff?: { firstMs: number; maxMs: number }
  /** No bytes (not even a heartbeat) for this long: the connection is dead though nobody said so. */
  silenceMs?: number
}

/** AGENT_LIVE_EVENTS, spelled out: a value import from live.ts would bring zod into the page. */
const NAMES: ReadonlySet<string> = new Set<AgentLiveEvent['event']>(['conversation', 'message'])

/** Splits SSE text into events; comment lines (heartbeats) are skipped, `id:` is reported. */
export function sseBlocks(onBlock: (b: { id?: string; event: string; data: string }) => void) {
  let buffer = ''
  return (chunk: string) => {
    buffer += chunk
    const blocks = buffer.split(/\r?\n\r?\n/)
    buffer = blocks.pop() ?? ''
    for (const block of blocks) {
      let id: string | undefined
      let event = 'message'
      const data: string[] = []
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('id:')) id = line.slice(3).trim()
        else if (line.startsWith('event:')) event = line.slice(6).trim()
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''))
      }
      if (id !== undefined || data.length) onBlock({ id, event, data: data.join('\n') })
    }
  }
}

export function openAgentStream(options: StreamOptions): { close(): void } {
  const { firstMs, maxMs } = options.backoff ?? { firstMs: 1000, maxMs: 30_000 }
  const silenceMs = options.silenceMs ?? LIVE_HEARTBEAT_MS * 2.5
  const f = options.fetch ?? fetch.bind(globalThis)
  let lastId: string | undefined
  let closed = false
  let wait = firstMs
  let controller: AbortController | undefined
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const connect = async () => {
    controller = new AbortController()
    const abort = controller
    let watchdog: ReturnType<typeof setTimeout> | undefined
    const alive = () => {
      clearTimeout(watchdog)
      watchdog = setTimeout(() => abort.abort(), silenceMs)
    }
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${options.token}`, accept: 'text/event-stream' }
      if (lastId !== undefined) headers['last-event-id'] = lastId
      alive()
      const res = await f(options.url, { headers, signal: abort.signal, cache: 'no-store' })
      if (res.status === 401 || res.status === 403) {
        closed = true
        options.onState('unauthorized')
        return
      }
      if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`)
      options.onState('live')
      wait = firstMs
      const feed = sseBlocks(({ id, event, data }) => {
        if (id !== undefined) lastId = id
        if (!NAMES.has(event) || !data) return
        try {
          options.onEvent({ event, data: JSON.parse(data) } as AgentLiveEvent)
        } catch {
          // a line we cannot read is skipped, not fatal: newer edges may send more
        }
      })
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      for (;;) {
        const { done, value } = await reader.read()
        if (done) break
        alive()
        feed(value)
      }
    } catch {
      // dropped, refused or silent: retried below
    } finally {
      clearTimeout(watchdog)
    }
    if (closed) return
    options.onState('reconnecting')
    retryTimer = setTimeout(() => void connect(), wait * (0.75 + Math.random() * 0.5))
    wait = Math.min(wait * 2, maxMs)
  }

  options.onState('connecting')
  void connect()
  return {
    close() {
      closed = true
      clearTimeout(retryTimer)
      controller?.abort()
    },
  }
}
