// Per-client rate limit for the API: a token bucket per client key (the visitor's IP), refilled
// continuously, so a burst is allowed and a steady flood is not. Over the limit: 429 with
// Retry-After, the one error shape (CONTRACT §4). The buckets live in memory: per process on Node,
// per isolate on Workers (a best-effort shield against one client hammering the LLM bill; a
// global limit belongs in the CDN's rate-limiting rules). The same buckets limit /v1/events by
// events rather than requests (events-route.ts spends a batch's size).
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

/** The client's address as a CDN or proxy states it (Cloudflare, nginx), for runtimes without a socket. */
export function forwardedClient(c: Context): string {
  return c.req.header('cf-connecting-ip') ?? c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ?? 'unknown'
}
