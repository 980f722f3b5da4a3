// Is this webhook from the shop's Chatwoot? Two proofs, either or both configured:
// - the signature Chatwoot ≥ 4.13 puts on API-inbox webhooks with the inbox's webhook secret
//   (chatwoot/chatwoot PR #13573 "add per-webhook secret", PR #13892 "sign webhooks for API channel
//   and agentbots"; lib/webhooks/trigger.rb): `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256(secret,
//   "<X-Chatwoot-Timestamp>.<raw body>")>`. The timestamp is signed, so an old capture is refused.
//   This is the same scheme our own webhooks use (notify/webhook.ts), so its signer is reused.
// - a random token at the end of the webhook URL, for older Chatwoot versions that send unsigned
//   webhooks (chatwoot/chatwoot issue #9354) or installations where the shown secret does not verify
//   (issue #13809).
// Missing proof → 401, wrong proof → 403. Comparisons run in constant time.
import { ApiError } from '../errors.ts'
import { signBody } from '../notify/webhook.ts'
import { hashToken, sameDigest } from '../store/token.ts'

export const CHATWOOT_SIGNATURE_HEADER = 'x-chatwoot-signature'
export const CHATWOOT_TIMESTAMP_HEADER = 'x-chatwoot-timestamp'
/** Chatwoot's advice: refuse timestamps more than about five minutes away. */
export const DEFAULT_MAX_SKEW_SECONDS = 300

export interface WebhookAuthOptions {
  /** The API inbox's webhook secret (Chatwoot ≥ 4.13). */
  secret?: string
  /** The token the inbox's webhook URL ends with (…/chatwoot/<token>). */
  pathToken?: string
  maxSkewSeconds?: number
  /** Epoch ms; tests set it. */
  now?: () => number
}

export interface WebhookProof {
  signature?: string
  timestamp?: string
  pathToken?: string
}

export function checkAuthConfigured(options: WebhookAuthOptions): void {
  if (!options.secret && !options.pathToken) {
    throw new Error('chatwootWebhookRoute needs the inbox webhook secret or a URL token: an open webhook would let anyone write to visitors as an agent')
  }
}

export async function verifyWebhook(options: WebhookAuthOptions, proof: WebhookProof, rawBody: string): Promise<void> {
  if (options.pathToken) {
    if (!proof.pathToken) throw new ApiError(401, 'unauthorized', 'The webhook URL lacks its token')
    if (!sameDigest(await hashToken(proof.pathToken), await hashToken(options.pathToken))) throw new ApiError(403, 'forbidden', 'Wrong webhook token')
  }
  if (options.secret) {
    if (!proof.signature || !proof.timestamp) {
      throw new ApiError(401, 'unauthorized', `Unsigned webhook: ${CHATWOOT_SIGNATURE_HEADER} and ${CHATWOOT_TIMESTAMP_HEADER} are required`)
    }
    const sentAt = Number(proof.timestamp)
    const skew = Math.abs((options.now ?? Date.now)() / 1000 - sentAt)
    if (!Number.isFinite(sentAt) || skew > (options.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS)) {
      throw new ApiError(403, 'forbidden', 'Webhook timestamp too old or in the future')
    }
    const expected = await signBody(options.secret, proof.timestamp, rawBody)
    if (!sameDigest(expected, proof.signature.trim().toLowerCase())) throw new ApiError(403, 'forbidden', 'Bad webhook signature')
  }
}
