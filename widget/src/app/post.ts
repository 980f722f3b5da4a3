// The plain requests to the edge, apart from the chat stream (transport.ts) because the bubble chunk needs
// them on every page view and the chat stream only once the panel is used: they sit in the chunk the two share.
// `postJson` is for /v1/greet and the other small POSTs; `sendEvents` and `erase` are fire-and-forget.
import type { ChatError, TrackedEvent } from './types.ts'

export type Fetch = typeof fetch

export const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
})

export const network = (err: unknown): ChatError => ({ code: 'network', message: String((err as Error)?.message ?? err) })

/** A non-2xx answer as a ChatError, using the edge's `{error: {code, message}}` body when there is one. */
export async function httpError(res: Response): Promise<ChatError> {
  const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: unknown } } | null
  const e = body?.error
  return {
    code: typeof e?.code === 'string' ? e.code : 'http',
    message: typeof e?.message === 'string' ? e.message : `HTTP ${res.status}`,
    status: res.status,
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
