// Client for the WeChat Official Account API (api.weixin.qq.com): the access token and the customer
// service messages a chat channel sends back (text, one news card, the typing indicator), and the
// user's unionid. The token, retries, timeouts and scrubbing are weixin-client.ts's.
// Docs: developers.weixin.qq.com/doc/service/api/base/api_getaccesstoken (token),
// .../api/customer/message/api_sendcustommessage (custom/send), .../api/customer/message/api_typing.
// URLs carry the access token and the token request carries the app secret, so every message this
// module produces, error or log line, is scrubbed of both.
import { WeixinApiError, WeixinClient, type ApiFailure, type WeixinClientOptions } from './weixin-client.ts'

export const DEFAULT_WECHAT_API_BASE = 'https://api.weixin.qq.com'
/** Since 2018-10-12 a news message carries one article; more is refused with errcode 45008. */
export const MAX_NEWS_ARTICLES = 1

export interface WechatApiOptions extends WeixinClientOptions {
  /** HUIKE_WECHAT_API_BASE, or DEFAULT_WECHAT_API_BASE. */
  base: string
  appId: string
}

export interface NewsArticle {
  title: string
  description?: string
  url: string
  picurl?: string
}

export class WechatApiError extends WeixinApiError {
  override name = 'WechatApiError'
  constructor(operation: string, errcode: number, errmsg: string, failure: ApiFailure = 'errcode') {
    super('WeChat', operation, errcode, errmsg, failure)
  }
}

export class WechatApi extends WeixinClient {
  constructor(options: WechatApiOptions) {
    const query = `grant_type=client_credential&appid=${encodeURIComponent(options.appId)}&secret=${encodeURIComponent(options.secret)}`
    super(options, { product: 'WeChat', tokenPath: `/cgi-bin/token?${query}`, error: (...args) => new WechatApiError(...args) })
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
}
