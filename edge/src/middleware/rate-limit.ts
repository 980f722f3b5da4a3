// Per-client rate limit for the API: a token bucket per client key (the visitor's IP), refilled
// continuously, so a burst is allowed and a steady flood is not. Over the limit: 429 with
// Retry-After, the one error shape (CONTRACT §4). The buckets live in memory, per process: on Node
// that is the whole edge. On Workers each isolate would have its own, so there the edge uses
// Cloudflare's Rate Limiting binding instead (sharedRateLimit, worker.ts), and the buckets only where
// the binding is not declared. The same buckets limit /v1/events by events rather than requests
// (events-route.ts spends a batch's size).
//
// Who the client is: on Node the socket's address, or with HUIKE_TRUST_PROXY=<hops> the address that
// many hops back in X-Forwarded-For (clientAddress); on Workers cf-connecting-ip, which Cloudflare
// sets and a client cannot (cloudflareClient). A header nobody vouches for is never read: a forged
// one would give a flood a fresh bucket per request.
import type { Context, MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.ts'

export interface RateLimitOptions {
  /** Requests allowed per minute per client, and the burst. */
  perMinute: number
  /** Who the client is: the runtime's remote address, or a CDN header. */
  clientKey: (c: Context) => string
  /** Buckets kept at most (oldest forgotten first), so many clients cannot exhaust memory. */
  maxClients?: number
  now?: () => number
}

interface Bucket {
  tokens: number
  at: number
}

/** Per-client token buckets: `take(key, cost)` spends `cost` tokens, or says how long to wait. */
export interface TokenBuckets {
  /** Undefined when the tokens were spent; else the seconds until there would be enough (nothing spent). */
  take(key: string, cost?: number): number | undefined
  /** Tokens a bucket holds when full (the per-minute rate): no single take can cost more. */
  readonly capacity: number
}

export function tokenBuckets(options: Omit<RateLimitOptions, 'clientKey'>): TokenBuckets {
  const { perMinute } = options
  const maxClients = options.maxClients ?? 10_000
  const now = options.now ?? Date.now
  const perMs = perMinute / 60_000
  const buckets = new Map<string, Bucket>()
  return {
    capacity: perMinute,
    take(key, cost = 1) {
      const need = Math.min(Math.max(cost, 1), perMinute)
      const t = now()
      const old = buckets.get(key)
      const tokens = old ? Math.min(perMinute, old.tokens + (t - old.at) * perMs) : perMinute
      if (tokens < need) return Math.max(1, Math.ceil((need - tokens) / perMs / 1000))
      // Re-inserted last: the Map's first key is then the least recently seen client.
      buckets.delete(key)
      buckets.set(key, { tokens: tokens - need, at: t })
      if (buckets.size > maxClients) buckets.delete(buckets.keys().next().value!)
      return undefined
    },
  }
}

/** The one 429 (CONTRACT §4), with Retry-After. */
export function rateLimited(limit: string, retryAfter: number): ApiError {
  return new ApiError(429, 'rate_limited', `Too many ${limit}. Try again in ${retryAfter} s.`, { 'Retry-After': String(retryAfter) })
}

export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { perMinute, clientKey } = options
  const buckets = tokenBuckets(options)

  return async function limitRate(c, next) {
    if (c.req.method === 'OPTIONS') return next()
    const retryAfter = buckets.take(clientKey(c))
    if (retryAfter !== undefined) throw rateLimited(`requests: at most ${perMinute} a minute`, retryAfter)
    return next()
  }
}

/** The client as Cloudflare states it (Workers; the default where no socket is known, as in tests). */
export function cloudflareClient(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? 'unknown'
}

export interface ClientAddressOptions {
  /** HUIKE_TRUST_PROXY: reverse proxies in front (each appends the address it saw); 0: none trusted. */
  trustProxy: number
  /** The connection's peer (on Node, @hono/node-server's getConnInfo). */
  socketAddress: (c: Context) => string | undefined
}

/**
 * The client's address on Node. With no trusted proxy: the socket's, X-Forwarded-For ignored. With n:
 * the proxies' list plus the socket, read n hops back from the socket — the address the first
 * trusted proxy saw; whatever a client wrote further left is never reached. (A shorter list than n
 * gives its leftmost entry.)
 */
export function clientAddress(options: ClientAddressOptions): (c: Context) => string {
  const { trustProxy, socketAddress } = options
  return function client(c) {
    const socket = socketAddress(c) ?? 'unknown'
    if (trustProxy <= 0) return socket
    const forwarded = (c.req.header('x-forwarded-for') ?? '').split(',').map((a) => a.trim()).filter(Boolean)
    const chain = [...forwarded, socket]
    return chain[Math.max(0, chain.length - 1 - trustProxy)]!
  }
}

/** A limiter shared by every isolate: Cloudflare's Rate Limiting binding has this shape. */
export interface SharedLimiter {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

/** Shared limiters by route: /v1/chat, /v1/events (per batch), /v1/handoff/message. */
export interface SharedLimits {
  chat?: SharedLimiter
  events?: SharedLimiter
  message?: SharedLimiter
}

export interface SharedRateLimitOptions {
  limiter: SharedLimiter
  clientKey: (c: Context) => string
  /** What is limited, for the message ("chat requests"). */
  what: string
  /** The binding's period in seconds (10 or 60, wrangler.jsonc): it says no more, so Retry-After is the whole period. */
  periodSeconds?: number
}

/** One call per request to a shared limiter, keyed by client; over it: the same 429 as the buckets'. */
export function sharedRateLimit(options: SharedRateLimitOptions): MiddlewareHandler {
  const { limiter, clientKey, what } = options
  const period = options.periodSeconds ?? 60
  return async function limitShared(c, next) {
    if (c.req.method === 'OPTIONS') return next()
    const { success } = await limiter.limit({ key: clientKey(c) })
    if (!success) throw rateLimited(`${what} from this address`, period)
    return next()
  }
}
