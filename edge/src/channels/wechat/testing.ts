// Test helpers for the WeChat channel (not a test file): an edge with the channel built from env
// variables the way node.ts builds it, messages signed (and in safe mode encrypted) the way WeChat's
// servers send them, and passive replies opened again.
import type { AppDeps } from '../../app.ts'
import { LiveDesk } from '../../live/desk.ts'
import { MemoryHub } from '../../live/hub.ts'
import { SqlConversationStore } from '../../live/sql-conversations.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../../store/libsql.ts'
import { SqlEventStore } from '../../store/sql-store.ts'
import { testApp } from '../../testing.ts'
import { buildChannels } from '../build.ts'
import { readChannelSettings } from '../channel-settings.ts'
import { petCatalog, petConfig, petOffline } from '../testing.ts'
import { WechatCipher, wechatSignature } from './crypto.ts'
import { buildWechatXml, parseWechatXml } from './xml.ts'

export const WECHAT_TOKEN = 'huikeTestToken'
export const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'
export const APP_ID = 'wx00stubappid00'
export const OPENID = 'oPetLover_0001'

export interface WechatEdgeOptions {
  env?: Record<string, string>
  /** The huike inbox (HUIKE_AGENT_TOKEN): handoffs go to the shop's people in huike. */
  live?: boolean
  deps?: Partial<AppDeps>
  now?: () => number
}

export async function wechatEdge(o: WechatEdgeOptions = {}) {
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  const live = o.live ? new LiveDesk({ conversations: new SqlConversationStore(driver), hub: new MemoryHub(), events: store }) : undefined
  const settings = readChannelSettings({ HUIKE_WECHAT_TOKEN: WECHAT_TOKEN, ...o.env })
  const logs: string[] = []
  const deps = { catalog: petCatalog, config: petConfig, model: petOffline, offline: petOffline, store, live, log: (m: string) => logs.push(m), ...(o.now && { now: o.now }), ...o.deps }
  const channels = await buildChannels({ settings, driver, config: () => petConfig, live, log: (m) => logs.push(m), now: o.now })
  const app = testApp({ ...deps, channels })
  return { app, store, live, visitors: channels!.visitors, logs }
}

export interface WechatMessage {
  MsgType: string
  Content?: string
  MsgId?: string
  Event?: string
  EventKey?: string
  Recognition?: string
  FromUserName?: string
}

let msgIds = 1_000_000

/** A message as WeChat posts it: signed query, XML body; with `safe`, encrypted under AES_KEY. */
export async function wechatPost(app: { request: (path: string, init: RequestInit) => Response | Promise<Response> }, message: WechatMessage, o: { safe?: boolean; signature?: string; token?: string } = {}) {
  const timestamp = '1733400000'
  const nonce = 'n' + Math.random().toString(36).slice(2, 10)
  const fields = { ToUserName: 'gh_petshop', FromUserName: OPENID, CreateTime: 1733400000, ...(message.MsgType !== 'event' && { MsgId: String(msgIds++) }), ...message }
  const plain = buildWechatXml(fields)
  const signature = o.signature ?? (await wechatSignature(o.token ?? WECHAT_TOKEN, timestamp, nonce))
  let body = plain
  let query = `signature=${signature}&timestamp=${timestamp}&nonce=${nonce}&openid=${fields.FromUserName}`
  if (o.safe) {
    const cipher = await WechatCipher.create(AES_KEY, APP_ID)
    const encrypted = await cipher.encrypt(plain)
    body = buildWechatXml({ ToUserName: 'gh_petshop', Encrypt: encrypted })
    query += `&encrypt_type=aes&msg_signature=${await wechatSignature(WECHAT_TOKEN, timestamp, nonce, encrypted)}`
  }
  const res = await app.request(`/v1/channels/wechat?${query}`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } })
  return { res, fields, text: await res.text() }
}

/** The passive reply's fields, decrypted (and its signature checked) when it came sealed. */
export async function openReply(xml: string, token = WECHAT_TOKEN): Promise<Record<string, string>> {
  const outer = parseWechatXml(xml)
  if (!outer.Encrypt) return outer
  const expected = await wechatSignature(token, outer.TimeStamp!, outer.Nonce!, outer.Encrypt)
  if (expected !== outer.MsgSignature) throw new Error('the reply is not signed with the token')
  return parseWechatXml(await (await WechatCipher.create(AES_KEY, APP_ID)).decrypt(outer.Encrypt))
}
