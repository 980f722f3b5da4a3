// A web-standard streaming Response of server-sent events, the same on Node and Workers. Events are
// pulled one at a time as the client reads (natural back-pressure), and the producer's signal aborts
// as soon as the client goes away, whichever notices first: the request signal or the stream cancel.
import { encodeEvent } from '../../shared/sse.ts'
import type { ChatEvent } from '../../shared/protocol.ts'

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  // Tells nginx-style proxies not to buffer, or the visitor sees the answer all at once.
  'x-accel-buffering': 'no',
}

export function sseResponse(
  produce: (signal: AbortSignal) => AsyncIterable<ChatEvent>,
  requestSignal?: AbortSignal,
): Response {
  const left = new AbortController()
  const onLeave = () => left.abort(new Error('client disconnected'))
  requestSignal?.addEventListener('abort', onLeave, { once: true })
  const events = produce(left.signal)[Symbol.asyncIterator]()
  const encoder = new TextEncoder()
  const finish = () => requestSignal?.removeEventListener('abort', onLeave)
  // Set by cancel(): a pull still awaiting its event must then drop it instead of enqueuing.
  let cancelled = false

  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await events.next()
        if (cancelled) return
        if (next.done) {
          finish()
          controller.close()
        } else {
          controller.enqueue(encoder.encode(encodeEvent(next.value)))
        }
      } catch (err) {
        if (cancelled) return
        // The producer is meant to end with its own `error` event; this is the last line of defence.
        console.error('huike: chat stream failed:', err)
        finish()
        controller.enqueue(encoder.encode(encodeEvent({ event: 'error', data: { code: 'internal', message: 'Something went wrong.' } })))
        controller.close()
      }
    },
    cancel() {
      cancelled = true
      finish()
      left.abort(new Error('client disconnected'))
      void events.return?.()
    },
  })
  return new Response(body, { headers: SSE_HEADERS })
}
