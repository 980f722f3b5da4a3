// The channels an edge runs, from its settings (channel-settings.ts) and its database: the same on
// Node and Workers, only the SQL driver differs. With live handoff on, a relay carries the people's
// replies from the huike inbox to visitors of the channels that can reach them.
import type { SiteConfig } from '../../../shared/config.ts'
import type { LiveDesk } from '../live/desk.ts'
import type { SqlDriver } from '../store/sql-store.ts'
import type { ChannelSettings } from './channel-settings.ts'
import { ChannelVisitors } from './channel-visitors.ts'
import type { ChannelDeps } from './index.ts'
import { channelRelay, type ChannelSender } from './live-relay.ts'
import { WechatApi } from './wechat/api.ts'
import { WecomApi } from './wecom/api.ts'
import { wecomRoute, wecomSender } from './wecom/route.ts'
import { WechatCipher } from './wechat/crypto.ts'
import { wechatRoute } from './wechat/route.ts'

export interface BuildChannelsOptions {
  settings: ChannelSettings
  /** The event database's driver (libsql on Node, D1 on Workers). */
  driver: SqlDriver
  config: () => SiteConfig
  live?: LiveDesk
  /** HUIKE_EVENTS_RETENTION_DAYS: channel visitors silent this long are forgotten. */
  retentionDays?: number
  log: (message: string) => void
  fetch?: typeof fetch
  now?: () => number
}

/** Undefined when no channel is configured: nothing to mount, no tables touched. */
export async function buildChannels(o: BuildChannelsOptions): Promise<ChannelDeps | undefined> {
  const { settings } = o
  if (!settings.apiKeys && !settings.wechat && !settings.wecom) return undefined
  const visitors = new ChannelVisitors(o.driver, o.now, o.retentionDays)
  const routes: NonNullable<ChannelDeps['routes']> = {}
  const senders: Record<string, ChannelSender> = {}
  const mp = settings.wechat
  if (mp) {
    const api = mp.appId && mp.secret ? new WechatApi({ base: mp.apiBase, appId: mp.appId, secret: mp.secret, fetch: o.fetch, now: o.now, log: o.log }) : undefined
    const cipher = mp.aesKey && mp.appId ? await WechatCipher.create(mp.aesKey, mp.appId) : undefined
    if (api) senders.wechat = (openid, text) => api.sendText(openid, text)
    routes['/wechat'] = (turns) =>
      wechatRoute(turns, { token: mp.token, cipher, api, config: o.config, transferHandoffs: !o.live, replyWithinMs: mp.replyWithinMs, now: o.now, log: o.log })
  }
  const kf = settings.wecom
  if (kf) {
    const api = new WecomApi({ base: kf.apiBase, corpId: kf.corpId, secret: kf.secret, fetch: o.fetch, now: o.now, log: o.log })
    const cipher = await WechatCipher.create(kf.aesKey, kf.corpId)
    senders.wecom = wecomSender(api)
    routes['/wecom'] = (turns) => wecomRoute(turns, { token: kf.token, cipher, api, config: o.config, live: !!o.live, now: o.now, log: o.log })
  }
  if (o.live && Object.keys(senders).length) o.live.addRelay(channelRelay(visitors, senders))
  return { visitors, ...(settings.apiKeys && { apiKeys: settings.apiKeys }), routes }
}

/** One line for the start-up log: which channels are on and where. */
export function describeChannels(settings: ChannelSettings): string | undefined {
  const on = [
    settings.apiKeys && 'apps at /v1/channels/api',
    settings.wechat && `WeChat at /v1/channels/wechat (${settings.wechat.aesKey ? 'safe mode' : 'plain mode'}${settings.wechat.secret ? ', message API' : ', passive replies only'})`,
    settings.wecom && 'WeChat customer service at /v1/channels/wecom',
  ].filter(Boolean)
  return on.length ? `huike: channels on: ${on.join('; ')}` : undefined
}
