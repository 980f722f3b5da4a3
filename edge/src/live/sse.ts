// A long-lived SSE response for the live streams: events with their `id:` (for resume), a comment
// line every heartbeat, and one cleanup when the client goes away or the stream ends. Unlike the
// chat's stream (sse-response.ts), events are pushed as they happen, not pulled from a generator.
import { SSE_HEADERS } from '../sse-response.ts'

export interface LiveSseEvent {
  id?: number
  event: string
  data: unknown
}

export interface LiveSseSink {
  send(e: LiveSseEvent): void
  /** Ends the stream (the conversation is over). */
  end(): void
}

/** One event as SSE text; JSON holds no raw newline, so one `data:` line suffices. */
export function encodeLiveEvent(e: LiveSseEvent): string {
  return `${e.id !== undefined ? `id: ${e.id}\n` : ''}event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`
}

/**
 * `start` wires the stream up (it may send and end at once) and returns its cleanup, called exactly
 * once: on end, on cancel, or when `signal` aborts.
 */
export function liveSseResponse(start: (sink: LiveSseSink) => Promise<() => void>, o: { heartbeatMs: number; signal?: AbortSignal }): Response {
  const encoder = new TextEncoder()
  let done = false
  let cleanup: (() => void) | undefined
  let heartbeat: ReturnType<typeof setInterval> | undefined
  const finish = () => {
    if (done) return
    done = true
    if (heartbeat !== undefined) clearInterval(heartbeat) // the Workers types take no undefined
    o.signal?.removeEventListener('abort', onAbort)
    cleanup?.()
  }
  let close = () => {}
  const onAbort = () => close()

  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (text: string) => {
        if (!done) controller.enqueue(encoder.encode(text))
      }
      close = () => {
        if (done) return
        finish()
        controller.close()
      }
      o.signal?.addEventListener('abort', onAbort, { once: true })
      // A comment first: proxies and fetch() see the response begin before any event exists.
      write(': live\n\n')
      heartbeat = setInterval(() => write(': ping\n\n'), o.heartbeatMs)
      ;(heartbeat as { unref?: () => void }).unref?.() // an idle stream must not keep a test or a stopping process alive
      try {
        const stop = await start({ send: (e) => write(encodeLiveEvent(e)), end: () => close() })
        if (done) stop()
        else cleanup = stop
      } catch (err) {
        console.error('huike: live stream failed:', err)
        close()
      }
    },
    cancel() {
      finish()
    },
  })
  return new Response(body, { headers: SSE_HEADERS })
}
