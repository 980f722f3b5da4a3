// POSTs a JSON body to the site's webhook: signed with HMAC-SHA256 over `<timestamp>.<raw body>` (Web
// Crypto, so the same on Node and Workers; the timestamp is signed so a captured request cannot be
// replayed later: receivers reject old timestamps), each attempt bounded by a timeout, retried with backoff on network
// errors, timeouts, 408/429 and 5xx. Never throws: the result says what happened, and the caller
// logs failures for the operator (never for the visitor).

export interface WebhookOptions {
  /** HUIKE_WEBHOOK_SECRET; unset: the request is sent unsigned. */
  secret?: string
  /** Per attempt; default 5 s. */
  timeoutMs?: number
  /** Default 3. */
  attempts?: number
  /** Wait before the second attempt, doubled for each further one; default 500 ms. */
  backoffMs?: number
  /** Default: the global fetch. */
  fetch?: typeof fetch
}

export interface DeliveryResult {
  ok: boolean
  attempts: number
  /** The last HTTP status, if any answer came. */
  status?: number
  /** Why the last attempt failed. */
  error?: string
}

export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000
export const DEFAULT_WEBHOOK_ATTEMPTS = 3
export const DEFAULT_WEBHOOK_BACKOFF_MS = 500

export const SIGNATURE_HEADER = 'x-huike-signature'
export const TIMESTAMP_HEADER = 'x-huike-timestamp'

const encoder = new TextEncoder()

function hex(bytes: ArrayBuffer): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** `sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<raw body>` with the secret. Receivers compute the same and compare. */
export async function signBody(secret: string, timestamp: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return `sha256=${hex(await crypto.subtle.sign('HMAC', key, encoder.encode(`${timestamp}.${body}`)))}`
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const retryable = (status: number) => status === 408 || status === 429 || status >= 500

export async function postWebhook(url: string, body: string, options: WebhookOptions = {}, headers: Record<string, string> = {}): Promise<DeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_WEBHOOK_ATTEMPTS)
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS
  const backoffMs = options.backoffMs ?? DEFAULT_WEBHOOK_BACKOFF_MS
  const doFetch = options.fetch ?? fetch
  // One timestamp and signature for every attempt: a retry is the same delivery.
  const timestamp = String(Math.floor(Date.now() / 1000))
  let signature: string | undefined
  try {
    signature = options.secret ? await signBody(options.secret, timestamp, body) : undefined
  } catch (err) {
    return { ok: false, attempts: 0, error: `cannot sign: ${err instanceof Error ? err.message : String(err)}` }
  }
  let result: DeliveryResult = { ok: false, attempts: 0 }
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2))
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
    try {
      const res = await doFetch(url, {
        method: 'POST',
        body,
        signal: controller.signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'huike-webhook/1',
          [TIMESTAMP_HEADER]: timestamp,
          ...(signature && { [SIGNATURE_HEADER]: signature }),
          ...headers,
        },
      })
      await res.body?.cancel().catch(() => {})
      if (res.ok) return { ok: true, attempts: attempt, status: res.status }
      result = { ok: false, attempts: attempt, status: res.status, error: `HTTP ${res.status}` }
      if (!retryable(res.status)) return result
    } catch (err) {
      const reason = controller.signal.aborted ? `timed out after ${timeoutMs} ms` : err instanceof Error ? err.message : String(err)
      result = { ok: false, attempts: attempt, error: reason }
    } finally {
      clearTimeout(timer)
    }
  }
  return result
}
