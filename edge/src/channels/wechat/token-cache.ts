// The access token of one WeChat or WeCom app, shared by every call the edge makes with it. Both APIs
// hand out 7200 s tokens and throttle the token endpoint (and on the Official Account API each new
// token soon retires the previous one), so a token is fetched once, reused until 5 minutes before it
// expires (a call must not set out with a token that dies on the way), fetched by one request however
// many callers are waiting, and fetched again, once, when the server says it is no good any more.
// Runtime-neutral: no I/O of its own, the client passes the function that asks for a token.

export interface IssuedToken {
  token: string
  /** expires_in from the answer, seconds. */
  expiresInS: number
}

export const REFRESH_MARGIN_MS = 5 * 60_000

/**
 * Errcodes that mean the access token a call carried is no longer accepted: 40001 (Official Account:
 * "invalid credential, access_token is invalid or not latest"), 40014 (invalid access_token) and 42001
 * (access_token expired), the same numbers on both APIs. On WeCom's gettoken 40001 means a wrong
 * corpsecret instead; that answer comes from the token fetch itself, which is never retried here.
 */
export const STALE_TOKEN_ERRCODES: ReadonlySet<number> = new Set([40001, 40014, 42001])

/** How many recently issued tokens are remembered for scrubbing them out of messages. */
const REMEMBERED_TOKENS = 4

export class TokenCache {
  private current?: { token: string; refreshAt: number }
  private pending?: Promise<string>
  private recent: string[] = []

  constructor(
    private readonly issue: () => Promise<IssuedToken>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached token, or a fresh one; concurrent callers share one fetch, and a failed fetch is not cached. */
  get(): Promise<string> {
    if (this.current && this.now() < this.current.refreshAt) return Promise.resolve(this.current.token)
    if (!this.pending) {
      const fetching = this.fetchOnce()
      this.pending = fetching
      // Cleared by identity once settled, so even a fetcher that throws synchronously cannot leave a rejected promise cached.
      const clear = () => {
        if (this.pending === fetching) this.pending = undefined
      }
      fetching.then(clear, clear)
    }
    return this.pending
  }

  /** Drops `token` if it is still the cached one: callers that all saw the same stale token cause one fetch, not one each. */
  invalidate(token: string): void {
    if (this.current?.token === token) this.current = undefined
  }

  /**
   * Runs `use` with the token; when it fails in a way `isStale` recognises, drops that token and runs
   * `use` once more with a fresh one. A second failure is the caller's.
   */
  async withToken<T>(use: (token: string) => Promise<T>, isStale: (err: unknown) => boolean, onRetry?: (err: unknown) => void): Promise<T> {
    const token = await this.get()
    try {
      return await use(token)
    } catch (err) {
      if (!isStale(err)) throw err
      onRetry?.(err)
      this.invalidate(token)
      return use(await this.get())
    }
  }

  /** The last few tokens issued, newest first, for scrubbing them out of error messages and logs. */
  recentTokens(): readonly string[] {
    return this.recent
  }

  private async fetchOnce(): Promise<string> {
    const { token, expiresInS } = await this.issue()
    const lifetimeMs = Math.max(0, expiresInS) * 1000
    // A lifetime shorter than twice the margin (never from WeChat, but a test server may) is used for half of it rather than not at all.
    const keepMs = lifetimeMs > 2 * REFRESH_MARGIN_MS ? lifetimeMs - REFRESH_MARGIN_MS : lifetimeMs / 2
    this.current = { token, refreshAt: this.now() + keepMs }
    this.recent = [token, ...this.recent.filter((t) => t !== token)].slice(0, REMEMBERED_TOKENS)
    return token
  }
}
