// POSTs a JSON body to the site's webhook: signed twice (signatures.ts), huike's own
// `X-Huike-Signature` and Standard Webhooks' `webhook-signature`, both over the timestamp and the raw
// body (the timestamp is signed so a captured request cannot be replayed later: receivers reject old
// timestamps); each attempt bounded by a timeout, retried with backoff on network errors, timeouts,
// 408/429 and 5xx. Never throws: the result says what happened, and the caller logs failures for
// the operator (never for the visitor).
import { huikeSignature, standardSignature, webhookSecrets } from './signatures.ts'

export interface WebhookOptions {
  /**
   * HUIKE_WEBHOOK_SECRET: one secret, or several separated by spaces or commas for a rotation (the
   * first signs X-Huike-Signature; each adds a `v1,…` to webhook-signature). Unset: unsigned.
   */
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
export const EVENT_HEADER = 'x-huike-event'
export const DELIVERY_HEADER = 'x-huike-delivery'
/** Standard Webhooks' three headers. */
export const STANDARD_ID_HEADER = 'webhook-id'
export const STANDARD_TIMESTAMP_HEADER = 'webhook-timestamp'
export const STANDARD_SIGNATURE_HEADER = 'webhook-signature'

/** What one delivery is: the same on every attempt. */
export interface Delivery {
  /** The payload's id: X-Huike-Delivery and webhook-id, so receivers drop a retried duplicate by it. Default: a new UUID. */
  id?: string
  /** X-Huike-Event: the payload's type. */
  event?: string
}

/** `sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<raw body>` with the secret. Receivers compute the same and compare. */
export const signBody = huikeSignature

/** The signature headers of one delivery; none without a secret. */
async function signatureHeaders(secret: string | undefined, id: string, timestamp: string, body: string): Promise<Record<string, string>> {
  const secrets = webhookSecrets(secret)
  if (secrets.length === 0) return {}
  return {
    [SIGNATURE_HEADER]: await huikeSignature(secrets[0]!, timestamp, body),
    [STANDARD_SIGNATURE_HEADER]: await standardSignature(secrets, id, timestamp, body),
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const retryable = (status: number) => status === 408 || status === 429 || status >= 500

export async function postWebhook(url: string, body: string, options: WebhookOptions = {}, delivery: Delivery = {}): Promise<DeliveryResult> {
  const attempts = Math.max(1, options.attempts ?? DEFAULT_WEBHOOK_ATTEMPTS)
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS
  const backoffMs = options.backoffMs ?? DEFAULT_WEBHOOK_BACKOFF_MS
  const doFetch = options.fetch ?? fetch
  // One id, timestamp and signature for every attempt: a retry is the same delivery.
  const timestamp = String(Math.floor(Date.now() / 1000))
  const id = delivery.id ?? crypto.randomUUID()
  let signatures: Record<string, string>
  try {
    signatures = await signatureHeaders(options.secret, id, timestamp, body)
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
          [DELIVERY_HEADER]: id,
          ...(delivery.event && { [EVENT_HEADER]: delivery.event }),
          [STANDARD_ID_HEADER]: id,
          [STANDARD_TIMESTAMP_HEADER]: timestamp,
          ...signatures,
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
