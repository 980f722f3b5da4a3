// The channels' environment (CONTRACT §2 and §7): all or nothing per channel, so half a setup fails at
// start-up naming what is missing, not at WeChat's first message.
//   HUIKE_CHANNEL_API_KEYS            keys of the API channel for apps, comma-separated (rotation)
//   HUIKE_WECHAT_TOKEN                the Official Account's server token: the channel is on
//   HUIKE_WECHAT_APPID, _SECRET       the customer-service message API (late and long answers, a person's replies)
//   HUIKE_WECHAT_AES_KEY              the EncodingAESKey: safe mode (needs HUIKE_WECHAT_APPID)
//   HUIKE_WECHAT_API_BASE             default https://api.weixin.qq.com
//   HUIKE_WECHAT_REPLY_WITHIN_MS      how long the passive reply waits for the answer (default 4000; WeChat waits 5 s)
//   HUIKE_WECOM_CORP_ID, _SECRET, _TOKEN, _AES_KEY   WeChat customer service (微信客服) through WeCom
//   HUIKE_WECOM_API_BASE              default https://qyapi.weixin.qq.com
import { httpUrl, text, type EnvVars } from '../env.ts'

export interface WechatSettings {
  token: string
  appId?: string
  secret?: string
  aesKey?: string
  apiBase: string
  replyWithinMs?: number
}

export interface WecomSettings {
  corpId: string
  secret: string
  token: string
  aesKey: string
  apiBase: string
}

export interface ChannelSettings {
  apiKeys?: string[]
  wechat?: WechatSettings
  wecom?: WecomSettings
}

/** 43 characters of base64: WeChat's EncodingAESKey (the 32-byte AES key without its "="). */
const AES_KEY = /^[A-Za-z0-9+/]{43}$/
const API_KEY = /^[\x21-\x7e]{16,}$/

function aesKey(name: string, raw: string | undefined): string | undefined {
  if (raw !== undefined && !AES_KEY.test(raw)) throw new Error(`${name} must be the 43-character EncodingAESKey from the WeChat settings page`)
  return raw
}

function apiKeys(env: EnvVars): string[] | undefined {
  const keys = text(env, 'HUIKE_CHANNEL_API_KEYS')?.split(',').map((k) => k.trim()).filter(Boolean)
  if (!keys?.length) return undefined
  if (!keys.every((k) => API_KEY.test(k))) throw new Error('HUIKE_CHANNEL_API_KEYS: each key must be at least 16 printable characters without spaces (e.g. the output of `openssl rand -hex 24`)')
  return keys
}

function wechat(env: EnvVars): WechatSettings | undefined {
  const token = text(env, 'HUIKE_WECHAT_TOKEN')
  const appId = text(env, 'HUIKE_WECHAT_APPID')
  const secret = text(env, 'HUIKE_WECHAT_SECRET')
  const key = aesKey('HUIKE_WECHAT_AES_KEY', text(env, 'HUIKE_WECHAT_AES_KEY'))
  if (!token) {
    const stray = ['HUIKE_WECHAT_APPID', 'HUIKE_WECHAT_SECRET', 'HUIKE_WECHAT_AES_KEY'].filter((n) => text(env, n) !== undefined)
    if (stray.length) throw new Error(`${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but HUIKE_WECHAT_TOKEN is not: set it to the Token of the Official Account's server configuration`)
    return undefined
  }
  if ((secret || key) && !appId) throw new Error('HUIKE_WECHAT_SECRET and HUIKE_WECHAT_AES_KEY need HUIKE_WECHAT_APPID (the Official Account\'s AppID)')
  const apiBase = httpUrl('HUIKE_WECHAT_API_BASE', text(env, 'HUIKE_WECHAT_API_BASE') ?? 'https://api.weixin.qq.com')
  const within = text(env, 'HUIKE_WECHAT_REPLY_WITHIN_MS')
  const replyWithinMs = within === undefined ? undefined : Number(within)
  if (replyWithinMs !== undefined && !(Number.isInteger(replyWithinMs) && replyWithinMs > 0 && replyWithinMs < 5000)) {
    throw new Error(`HUIKE_WECHAT_REPLY_WITHIN_MS must be whole milliseconds between 1 and 4999 (WeChat waits 5 s), got "${within}"`)
  }
  return { token, apiBase, ...(appId && { appId }), ...(secret && { secret }), ...(key && { aesKey: key }), ...(replyWithinMs && { replyWithinMs }) }
}

function wecom(env: EnvVars): WecomSettings | undefined {
  const names = ['HUIKE_WECOM_CORP_ID', 'HUIKE_WECOM_SECRET', 'HUIKE_WECOM_TOKEN', 'HUIKE_WECOM_AES_KEY'] as const
  const [corpId, secret, token, key] = names.map((n) => text(env, n))
  const missing = names.filter((n) => text(env, n) === undefined)
  if (missing.length === names.length) return undefined
  if (missing.length) throw new Error(`WeChat customer service needs ${missing.join(', ')} as well (set all four of ${names.join(', ')}, or none)`)
  const apiBase = httpUrl('HUIKE_WECOM_API_BASE', text(env, 'HUIKE_WECOM_API_BASE') ?? 'https://qyapi.weixin.qq.com')
  return { corpId: corpId!, secret: secret!, token: token!, aesKey: aesKey('HUIKE_WECOM_AES_KEY', key)!, apiBase }
}

export function readChannelSettings(env: EnvVars): ChannelSettings {
  const keys = apiKeys(env)
  const mp = wechat(env)
  const kf = wecom(env)
  return { ...(keys && { apiKeys: keys }), ...(mp && { wechat: mp }), ...(kf && { wecom: kf }) }
}
