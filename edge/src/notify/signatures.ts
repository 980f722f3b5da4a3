// The webhook's two signatures, both HMAC-SHA256 with Web Crypto (the same on Node and Workers):
// - `X-Huike-Signature: sha256=<hex>` over `<timestamp>.<raw body>`, huike's own format from the start,
//   keyed by the first secret's text exactly as written, so receivers built for it keep verifying;
// - Standard Webhooks (https://www.standardwebhooks.com, spec "Signature scheme"):
//   `webhook-signature: v1,<base64>` over `<webhook-id>.<webhook-timestamp>.<raw body>`, one `v1,…`
//   per secret separated by spaces, so a receiver holding either the old or the new secret verifies
//   during a rotation. A `whsec_<base64>` secret is keyed by its decoded bytes (as the spec and every
//   `standardwebhooks` library read it); any other secret by its UTF-8 bytes (receivers pass it with
//   `{ format: 'raw' }`).

const encoder = new TextEncoder()
/** UTF-8 bytes in an ArrayBuffer of their own (what Web Crypto's types ask for). */
const utf8 = (text: string) => new Uint8Array(encoder.encode(text))

export const WHSEC_PREFIX = 'whsec_'

/**
 * HUIKE_WEBHOOK_SECRET may hold several secrets separated by spaces or commas (neither occurs in a
 * `whsec_` secret): during a rotation the new one first, the old one after it.
 */
export function webhookSecrets(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean)
}

/** The HMAC key a secret stands for in Standard Webhooks: whsec_ → its base64 decoded; else its UTF-8 bytes. */
export function standardKey(secret: string): Uint8Array<ArrayBuffer> {
  if (!secret.startsWith(WHSEC_PREFIX)) return utf8(secret)
  let binary: string
  try {
    binary = atob(secret.slice(WHSEC_PREFIX.length))
  } catch {
    throw new Error('a whsec_ webhook secret must be base64 after the prefix')
  }
  if (!binary) throw new Error('a whsec_ webhook secret must not be empty after the prefix')
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

async function hmacSha256(key: Uint8Array<ArrayBuffer>, message: string): Promise<Uint8Array> {
  const cryptoKey = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, utf8(message)))
}

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))

/** `sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<raw body>` keyed by the secret's text. */
export async function huikeSignature(secret: string, timestamp: string, body: string): Promise<string> {
  return `sha256=${hex(await hmacSha256(utf8(secret), `${timestamp}.${body}`))}`
}

/** The `webhook-signature` value: `v1,<base64>` for each secret, space-separated, in the secrets' order. */
export async function standardSignature(secrets: readonly string[], id: string, timestamp: string, body: string): Promise<string> {
  const signed = `${id}.${timestamp}.${body}`
  const each = await Promise.all(secrets.map(async (secret) => `v1,${base64(await hmacSha256(standardKey(secret), signed))}`))
  return each.join(' ')
}
