// What the two WeChat clients share (the Official Account's, wechat/api.ts, and WeCom's, wecom/api.ts):
// JSON over fetch with a timeout (WeChat answers HTTP 200 with an errcode), the access token cached and
// refreshed once when refused, and every error and log line scrubbed of the secret and the tokens
// (URLs carry the token, the token request carries the secret). Runtime-neutral: the global fetch,
// injectable, so the same code runs on Node and Workers.
import { STALE_TOKEN_ERRCODES, TokenCache, type IssuedToken } from './token-cache.ts'

/** How a call failed: an errcode from WeChat, or no usable answer at all (those carry errcode -1, WeChat's "busy, retry later"). */
export type ApiFailure = 'errcode' | 'http' | 'network' | 'timeout' | 'format'

/** What callWeixin needs besides the request: how to fetch, how long to wait, what to hide, and the error to throw. */
export interface WeixinCall {
  fetch: typeof fetch
  timeoutMs: number
  scrub: (text: string) => string
  fail: (errcode: number, errmsg: string, failure: ApiFailure) => Error
}

/** A text with the given secrets, and the values of credential query parameters, replaced by `***`. */
export function scrubber(secrets: () => readonly string[]): (text: string) => string {
  return (text) => {
    let out = text.replace(/\b(access_token|secret|corpsecret)=[^&\s"'<>]*/gi, '$1=***')
    for (const secret of secrets()) {
      if (!secret) continue
      for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***')
    }
    return out
  }
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err)
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : ''
  return `${err.message}${cause}`
}

/**
 * GETs `url` (no body) or POSTs `body` as JSON; the parsed answer when its errcode is 0 or absent (the
 * Official Account token answer has none). Anything else is thrown through `call.fail`, scrubbed.
 */
export async function callWeixin(url: string, body: unknown, call: WeixinCall): Promise<Record<string, unknown>> {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(), call.timeoutMs)
  let status: number
  let text: string
  // Called unbound: Workers throw "Illegal invocation" when fetch runs with another object as `this`.
  const doFetch = call.fetch
  try {
    const res = await doFetch(url, {
      signal: controller.signal,
      ...(body !== undefined && { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) }),
    })
    status = res.status
    text = await res.text()
  } catch (err) {
    if (controller.signal.aborted) throw call.fail(-1, `no answer within ${call.timeoutMs} ms`, 'timeout')
    throw call.fail(-1, call.scrub(describe(err)), 'network')
  } finally {
    clearTimeout(timer)
  }
  if (status < 200 || status > 299) throw call.fail(-1, `HTTP ${status}`, 'http')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    throw call.fail(-1, 'the answer is not JSON', 'format')
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw call.fail(-1, 'the answer is not a JSON object', 'format')
  const answer = data as Record<string, unknown>
  const errcode = typeof answer.errcode === 'number' ? answer.errcode : 0
  if (errcode !== 0) throw call.fail(errcode, call.scrub(String(answer.errmsg ?? '')), 'errcode')
  return answer
}

/** A failed call: its operation, WeChat's errcode (-1 when no usable answer came) and the scrubbed message. */
export class WeixinApiError extends Error {
  constructor(
    readonly product: string,
    readonly operation: string,
    readonly errcode: number,
    readonly errmsg: string,
    readonly failure: ApiFailure = 'errcode',
  ) {
    super(`${product} ${operation} failed: ${failure === 'errcode' ? `errcode ${errcode}: ` : ''}${errmsg}`)
  }
}

export interface WeixinClientOptions {
  /** The API's origin. */
  base: string
  secret: string
  /** Default: the global fetch. */
  fetch?: typeof fetch
  /** The clock the token's expiry is measured with; default Date.now. */
  now?: () => number
  /** Operator log (token retries); default console.warn. Lines are scrubbed of the secret and tokens. */
  log?: (message: string) => void
  /** Per request, including reading the answer; default 10 s. */
  timeoutMs?: number
}

export interface WeixinKind {
  /** "WeChat" or "WeCom", in messages. */
  product: string
  /** The token request's path and query (it carries the secret). */
  tokenPath: string
  /** The error the client throws. */
  error: (operation: string, errcode: number, errmsg: string, failure: ApiFailure) => WeixinApiError
}

export const DEFAULT_WEIXIN_TIMEOUT_MS = 10_000

export class WeixinClient {
  protected readonly base: string
  private readonly tokens: TokenCache
  private readonly scrub: (text: string) => string
  private readonly log: (message: string) => void

  constructor(
    private readonly options: WeixinClientOptions,
    private readonly kind: WeixinKind,
  ) {
    this.base = options.base.replace(/\/+$/, '')
    this.tokens = new TokenCache(() => this.fetchToken(), options.now)
    this.scrub = scrubber(() => [options.secret, ...this.tokens.recentTokens()])
    const log = options.log ?? ((message: string) => console.warn(message))
    this.log = (message) => log(this.scrub(message))
  }

  /** The access token, cached until 5 minutes before it expires. */
  accessToken(): Promise<string> {
    return this.tokens.get()
  }

  /** A POST with `body`, or a GET with `query` (after the access token) when there is no body; one retry with a new token when refused. */
  protected post(operation: string, path: string, body: object | undefined, query = ''): Promise<Record<string, unknown>> {
    return this.tokens.withToken(
      (token) => callWeixin(`${this.base}${path}?access_token=${encodeURIComponent(token)}${query}`, body, this.call(operation)),
      (err) => err instanceof WeixinApiError && err.failure === 'errcode' && STALE_TOKEN_ERRCODES.has(err.errcode),
      (err) => this.log(`${this.kind.product} ${operation}: access token refused (${(err as Error).message}); fetching a new one and retrying once`),
    )
  }

  private call(operation: string): WeixinCall {
    return {
      fetch: this.options.fetch ?? fetch,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_WEIXIN_TIMEOUT_MS,
      scrub: this.scrub,
      fail: (errcode, errmsg, failure) => this.kind.error(operation, errcode, this.scrub(errmsg), failure),
    }
  }

  private async fetchToken(): Promise<IssuedToken> {
    const call = this.call('accessToken')
    const answer = await callWeixin(`${this.base}${this.kind.tokenPath}`, undefined, call)
    if (typeof answer.access_token !== 'string' || !answer.access_token) throw call.fail(-1, 'the answer has no access_token', 'format')
    return { token: answer.access_token, expiresInS: typeof answer.expires_in === 'number' ? answer.expires_in : 7200 }
  }
}
