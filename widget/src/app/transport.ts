// The chat stream to the edge. `streamChat` POSTs /v1/chat and feeds the SSE body through the shared parser;
// it never throws: every failure (HTTP error JSON, network, a stream `error` event, a stream cut short, a
// stream that stalls, abort) comes back as a typed ChatError. The plain requests live in post.ts.
import { createEventParser } from '../../../shared/sse.ts'
import { httpError, json, network, type Fetch } from './post.ts'
import type { ChatError, ChatEvent } from './types.ts'

export { erase, postJson, sendEvents } from './post.ts'

/** A reply that sends nothing (not a byte, heartbeats included) for this long is given up: the edge's own idle timeout is 20 s. */
export const STALL_TIMEOUT_MS = 30_000

/** Settings tests may shorten. */
export const transportTimeouts = { stallMs: STALL_TIMEOUT_MS }

const aborted = (): ChatError => ({ code: 'aborted', message: 'aborted' })
const STALLED: ChatError = { code: 'stalled', message: '' }

/**
 * Streams one chat reply. `onEvent` gets meta/status/delta/card/suggest/profile/done in order; an `error`
 * event ends the stream and is returned instead. Resolves to null when the stream ended with `done`.
 * Nothing from the edge for `stallMs` (no response, or not a byte of the body): the request is
 * aborted and the reply ends as `stalled`, which the view offers to retry like any other error.
 */
export async function streamChat(
  endpoint: string,
  body: unknown,
  signal: AbortSignal,
  onEvent: (e: Exclude<ChatEvent, { event: 'error' }>) => void,
  fetchImpl: Fetch = fetch,
  stallMs: number = transportTimeouts.stallMs,
): Promise<ChatError | null> {
  // Our own controller: the visitor's `signal` or the stall timer ends the request.
  const ctrl = new AbortController()
  const req = ctrl.signal
  const stop = () => ctrl.abort()
  if (signal.aborted) stop()
  else signal.addEventListener('abort', stop)
  let timer: ReturnType<typeof setTimeout> | undefined
  /** Something arrived: the stall timer starts again. */
  const alive = () => {
    clearTimeout(timer)
    timer = setTimeout(stop, stallMs)
  }
  const failed = (err: unknown): ChatError => (signal.aborted ? aborted() : req.aborted ? STALLED : network(err))
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  try {
    alive()
    let res: Response
    try {
      res = await fetchImpl(`${endpoint}/v1/chat`, { ...json(body), signal: req })
    } catch (err) {
      return failed(err)
    }
    alive()
    if (!res.ok) return httpError(res)

    let outcome: ChatError | null | undefined // undefined: neither done nor error yet
    const parser = createEventParser((e) => {
      if (outcome !== undefined) return
      if (e.event === 'error') {
        outcome = { code: String(e.data.code || 'stream'), message: String(e.data.message || '') }
        return
      }
      if (e.event === 'done') outcome = null
      onEvent(e)
    })
    try {
      if (!res.body) {
        parser.feed(await res.text())
      } else {
        reader = res.body.getReader()
        const decoder = new TextDecoder()
        // A fetch that ignores its signal once the body streams still ends: the read races the abort.
        const abortedRead = new Promise<never>((_, reject) => {
          if (req.aborted) reject(req.reason)
          req.addEventListener('abort', () => reject(req.reason))
        })
        abortedRead.catch(() => {})
        while (outcome === undefined) {
          const { done, value } = await Promise.race([reader.read(), abortedRead])
          if (done) break
          alive()
          parser.feed(decoder.decode(value, { stream: true }))
        }
        if (outcome === undefined) parser.feed(decoder.decode())
        else reader.cancel().catch(() => {})
      }
      parser.end()
    } catch (err) {
      reader?.cancel().catch(() => {}) // the request is over: let go of the connection
      return failed(err)
    }
    if (signal.aborted) return aborted()
    return outcome === undefined ? { code: 'incomplete', message: 'cut short' } : outcome
  } finally {
    clearTimeout(timer)
    signal.removeEventListener('abort', stop)
  }
}
