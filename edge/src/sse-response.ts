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

const LATER = Symbol('later')
let turnEnd: Promise<typeof LATER> | undefined
/** One encoder for every stream (it holds no state between calls). */
const encoder = new TextEncoder()

/**
 * Resolves once the current turn of the event loop is over (everything already under way in
 * promises has run); one timer shared by every stream waiting in this turn. setTimeout(0) where
 * there is no setImmediate (Workers).
 */
function endOfTurn(): Promise<typeof LATER> {
  turnEnd ??= new Promise((resolve) => {
    const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate
    const done = () => {
      turnEnd = undefined
      resolve(LATER)
    }
    if (immediate) immediate(done)
    else setTimeout(done, 0)
  })
  return turnEnd
}

export function sseResponse(
  produce: (signal: AbortSignal) => AsyncIterable<ChatEvent>,
  requestSignal?: AbortSignal,
): Response {
  const left = new AbortController()
  const onLeave = () => left.abort(new Error('client disconnected'))
  requestSignal?.addEventListener('abort', onLeave, { once: true })
  const events = produce(left.signal)[Symbol.asyncIterator]()
  const finish = () => requestSignal?.removeEventListener('abort', onLeave)
  // Set by cancel(): a pull still awaiting its event must then drop it instead of enqueuing.
  let cancelled = false

  // The producer's next event when a pull stopped waiting for it (it comes in a later turn of the loop).
  let pending: Promise<IteratorResult<ChatEvent>> | undefined

  const body = new ReadableStream<Uint8Array>({
    // Events that are ready within one turn of the event loop go out in one chunk: a burst (an
    // unpaced answer, an LLM's buffered tokens, the cards and `done` at the end) costs one socket
    // write instead of one per event. An event that takes longer (a paced piece, the model's next
    // token) is not waited for: what is ready is sent, and the next pull picks the event up.
    async pull(controller) {
      let text = ''
      try {
        let next = await (pending ?? events.next())
        pending = undefined
        for (;;) {
          if (cancelled) return
          if (next.done) {
            finish()
            if (text) controller.enqueue(encoder.encode(text))
            controller.close()
            return
          }
          text += encodeEvent(next.value)
          const following = events.next()
          const ready = await Promise.race([following, endOfTurn()])
          if (ready === LATER) {
            pending = following
            break
          }
          next = ready
        }
        if (!cancelled) controller.enqueue(encoder.encode(text))
      } catch (err) {
        if (cancelled) return
        // The producer is meant to end with its own `error` event; this is the last line of defence.
        console.error('huike: chat stream failed:', err)
        finish()
        controller.enqueue(encoder.encode(text + encodeEvent({ event: 'error', data: { code: 'internal', message: 'Something went wrong.' } })))
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
