// HTTP to the edge. `streamChat` POSTs /v1/chat and feeds the SSE body through the shared parser; it never
// throws: every failure (HTTP error JSON, network, a stream `error` event, a stream cut short, a
// stream that stalls, abort) comes back as a typed ChatError. `postJson` is for /v1/greet; `sendEvents` is fire-and-forget.
import { createEventParser } from '../../../shared/sse.ts'
import type { ChatError, ChatEvent, TrackedEvent } from './types.ts'

type Fetch = typeof fetch

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

/** A reply that sends nothing (not a byte, heartbeats included) for this long is given up: the edge's own idle timeout is 20 s. */
export const STALL_TIMEOUT_MS = 30_000

/** Settings tests may shorten. */
export const transportTimeouts = { stallMs: STALL_TIMEOUT_MS }

const aborted = (): ChatError => ({ code: 'aborted', message: 'aborted' })
const STALLED: ChatError = { code: 'stalled', message: '' }
const network = (err: unknown): ChatError => ({ code: 'network', message: String((err as Error)?.message ?? err) })

/** A non-2xx answer as a ChatError, using the edge's `{error: {code, message}}` body when there is one. */
async function httpError(res: Response): Promise<ChatError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null
  const e = body?.error
  return {
    code: typeof e?.code === 'string' ? e.code : 'http',
    message: typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
    status: res.status,
  }
}

/**
 * Streams one chat reply. `onEvent` gets meta/delta/card/suggest/profile/done in order; an `error`
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

/** POSTs JSON; the JSON answer, or a ChatError. */
export async function postJson<T>(
  url: string,
  body: unknown,
  fetchImpl: Fetch = fetch,
): Promise<{ ok: true; value: T } | { ok: false; error: ChatError }> {
  try {
    const res = await fetchImpl(url, json(body))
    if (!res.ok) return { ok: false, error: await httpError(res) }
    return { ok: true, value: (await res.json()) as T }
  } catch (err) {
    return { ok: false, error: network(err) }
  }
}

/** POST /v1/events, fire-and-forget; `keepalive` lets it outlive a page unload (e.g. `purchase` then navigate). */
export function sendEvents(endpoint: string, events: TrackedEvent[], fetchImpl: Fetch = fetch): void {
  try {
    fetchImpl(`${endpoint}/v1/events`, { ...json({ events }), keepalive: true }).catch(() => {})
  } catch {
    // never let analytics break the page
  }
}

/** DELETE /v1/visitors/:id with the visitor's token, fire-and-forget (`forget` wipes locally regardless). */
export function erase(endpoint: string, visitorId: string, token: string, fetchImpl: Fetch = fetch): void {
  try {
    fetchImpl(`${endpoint}/v1/visitors/${encodeURIComponent(visitorId)}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
      keepalive: true,
    }).catch(() => {})
  } catch {
    // the local wipe goes on
  }
}
