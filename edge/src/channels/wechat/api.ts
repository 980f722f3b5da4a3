// Client for the WeChat Official Account API (api.weixin.qq.com): the access token and the customer
// service messages a chat channel sends back (text, one news card, the typing indicator). Runtime-neutral
// (the global fetch, injectable), so the same code runs on Node and Workers. Also the JSON-over-fetch
// call both WeChat clients share (wecom/api.ts uses it too): WeChat answers HTTP 200 with an errcode.
// Docs: developers.weixin.qq.com/doc/service/api/base/api_getaccesstoken (token),
// .../api/customer/message/api_sendcustommessage (custom/send), .../api/customer/message/api_typing.
// URLs carry the access token and the token request carries the app secret, so every message this
// module produces, error or log line, is scrubbed of both.
import { STALE_TOKEN_ERRCODES, TokenCache, type IssuedToken } from './token-cache.ts'

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'
export const DEFAULT_WECHAT_TIMEOUT_MS = 10_000
/** Since 2018-10-12 a news message carries one article; more is refused with errcode 45008. */
export const MAX_NEWS_ARTICLES = 1

export interface WechatApiOptions {
  /** HUIKE_WECHAT_API_BASE, or DEFAULT_WECHAT_API_BASE. */
  base: string
  appId: string
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

export interface NewsArticle {
  title: string
  description?: string
  url: string
  picurl?: string
}

/** How a call failed: an errcode from WeChat, or no usable answer at all (those carry errcode -1, WeChat's "busy, retry later"). */
export type ApiFailure = 'errcode' | 'http' | 'network' | 'timeout' | 'format'

export class WechatApiError extends Error {
  override name = 'WechatApiError'
  constructor(
    readonly operation: string,
    readonly errcode: number,
    readonly errmsg: string,
    readonly failure: ApiFailure = 'errcode',
  ) {
    super(`WeChat ${operation} failed: ${failure === 'errcode' ? `errcode ${errcode}: ` : ''}${errmsg}`)
  }
}

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

const isStaleToken = (err: unknown) => err instanceof WechatApiError && err.failure === 'errcode' && STALE_TOKEN_ERRCODES.has(err.errcode)

export class WechatApi {
  private readonly base: string
  private readonly tokens: TokenCache
  private readonly scrub: (text: string) => string
  private readonly log: (message: string) => void

  constructor(private readonly options: WechatApiOptions) {
    this.base = options.base.replace(/\/+$/, '')
    this.tokens = new TokenCache(() => this.fetchToken(), options.now)
    this.scrub = scrubber(() => [options.secret, ...this.tokens.recentTokens()])
    const log = options.log ?? ((message: string) => console.warn(message))
    this.log = (message) => log(this.scrub(message))
  }

  /** GET /cgi-bin/token, cached until 5 minutes before it expires. */
  accessToken(): Promise<string> {
    return this.tokens.get()
  }

  /** A customer service text message (within 48 h of the user's last message). */
  async sendText(openid: string, text: string): Promise<void> {
    await this.post('sendText', '/cgi-bin/message/custom/send', { touser: openid, msgtype: 'text', text: { content: text } })
  }

  /** A news card linking out; only the first MAX_NEWS_ARTICLES articles are sent. */
  async sendNews(openid: string, articles: readonly NewsArticle[]): Promise<void> {
    if (articles.length === 0) throw new RangeError('sendNews needs at least one article')
    const sent = articles.slice(0, MAX_NEWS_ARTICLES).map(({ title, description, url, picurl }) => ({ title, description, url, picurl }))
    await this.post('sendNews', '/cgi-bin/message/custom/send', { touser: openid, msgtype: 'news', news: { articles: sent } })
  }

  /**
   * The user's unionid (the same person across the shop's accounts and apps), when the account is
   * bound to a WeChat Open Platform account; undefined otherwise. GET /cgi-bin/user/info.
   */
  async unionId(openid: string): Promise<string | undefined> {
    const info = await this.post('userInfo', '/cgi-bin/user/info', undefined, `&openid=${encodeURIComponent(openid)}&lang=zh_CN`)
    return typeof info.unionid === 'string' && info.unionid ? info.unionid : undefined
  }

  /** Shows or hides "typing…" to the user (lasts 15 s; WeChat refuses a second Typing meanwhile with 45081). */
  async sendTyping(openid: string, command: 'Typing' | 'CancelTyping'): Promise<void> {
    await this.post('sendTyping', '/cgi-bin/message/custom/typing', { touser: openid, command })
  }

  private call(operation: string): WeixinCall {
    return {
      fetch: this.options.fetch ?? fetch,
      timeoutMs: this.options.timeoutMs ?? DEFAULT_WECHAT_TIMEOUT_MS,
      scrub: this.scrub,
      fail: (errcode, errmsg, failure) => new WechatApiError(operation, errcode, this.scrub(errmsg), failure),
    }
  }

  private async fetchToken(): Promise<IssuedToken> {
    const { appId, secret } = this.options
    const query = `grant_type=client_credential&appid=${encodeURIComponent(appId)}&secret=${encodeURIComponent(secret)}`
    const call = this.call('accessToken')
    const answer = await callWeixin(`${this.base}/cgi-bin/token?${query}`, undefined, call)
    if (typeof answer.access_token !== 'string' || !answer.access_token) throw call.fail(-1, 'the answer has no access_token', 'format')
    return { token: answer.access_token, expiresInS: typeof answer.expires_in === 'number' ? answer.expires_in : 7200 }
  }

  /** A POST with `body`, or a GET with `query` (after the access token) when there is no body. */
  private post(operation: string, path: string, body: object | undefined, query = ''): Promise<Record<string, unknown>> {
    return this.tokens.withToken(
      (token) => callWeixin(`${this.base}${path}?access_token=${encodeURIComponent(token)}${query}`, body, this.call(operation)),
      isStaleToken,
      (err) => this.log(`WeChat ${operation}: access token refused (${(err as Error).message}); fetching a new one and retrying once`),
    )
  }
}
