// HTTP to the edge. `streamChat` POSTs /v1/chat and feeds the SSE body through the shared parser; it never
// throws: every failure (HTTP error JSON, network, a stream `error` event, a stream cut short, abort)
// comes back as a typed ChatError. `postJson` is for /v1/greet; `sendEvents` is fire-and-forget.
import { createEventParser } from '../../../shared/sse.ts'
import type { ChatError, ChatEvent, TrackedEvent } from './types.ts'

type Fetch = typeof fetch

const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

const aborted = (): ChatError => ({ code: 'aborted', message: 'aborted' })
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
 */
export async function streamChat(
  endpoint: string,
  body: unknown,
  signal: AbortSignal,
  onEvent: (e: Exclude<ChatEvent, { event: 'error' }>) => void,
  fetchImpl: Fetch = fetch,
): Promise<ChatError | null> {
  let res: Response
  try {
    res = await fetchImpl(`${endpoint}/v1/chat`, { ...json(body), signal })
  } catch (err) {
    return signal.aborted ? aborted() : network(err)
  }
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
      const reader = res.body.getReader()
      const decoder = new TextDecoder()
      while (outcome === undefined) {
        const { done, value } = await reader.read()
        if (done) break
        parser.feed(decoder.decode(value, { stream: true }))
      }
      if (outcome === undefined) parser.feed(decoder.decode())
      else reader.cancel().catch(() => {})
    }
    parser.end()
  } catch (err) {
    return signal.aborted ? aborted() : network(err)
  }
  if (signal.aborted) return aborted()
  return outcome === undefined ? { code: 'incomplete', message: 'the reply ended early' } : outcome
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
