// Channels beyond the web widget, mounted at /v1/channels: the API channel for apps (api-route.ts),
// WeChat Official Account (wechat/), WeChat customer service (wecom/). Each takes messages in its
// own format, runs the widget's turn through channel-turn.ts, and renders the answer its own way.
// A channel that is not configured answers 404 naming what turns it on.
import { Hono } from 'hono'
import type { AppDeps } from '../app.ts'
import { ApiError } from '../errors.ts'
import { apiChannelRoute } from './api-route.ts'
import { channelTurns } from './channel-turn.ts'
import type { ChannelVisitors } from './channel-visitors.ts'

export interface ChannelDeps {
  /** Where channel visitors' profiles and conversations are kept (the event database). */
  visitors: ChannelVisitors
  /** HUIKE_CHANNEL_API_KEYS: the API channel's keys; unset: /v1/channels/api is off. */
  apiKeys?: readonly string[]
  /** Further channels (WeChat, WeCom), each a route built over the same turns, by its mount path. */
  routes?: Record<string, (turns: ReturnType<typeof channelTurns>) => Hono>
}

const off = (what: string, how: string) => () => {
  throw new ApiError(404, 'not_found', `${what} is off on this edge: ${how}`)
}

export function channelsRoute(deps: AppDeps): Hono {
  const { channels } = deps
  const route = new Hono()
  const turns = channels && channelTurns({ deps, visitors: channels.visitors })
  if (turns && channels?.apiKeys?.length) route.route('/api', apiChannelRoute({ turns, keys: channels.apiKeys }))
  else route.all('/api/*', off('The API channel', 'set HUIKE_CHANNEL_API_KEYS (and HUIKE_DB)'))
  const routes = turns ? channels?.routes ?? {} : {}
  for (const [path, build] of Object.entries(routes)) route.route(path, build(turns!))
  if (!routes['/wechat']) route.all('/wechat', off('The WeChat channel', 'set HUIKE_WECHAT_TOKEN (and HUIKE_DB)'))
  if (!routes['/wecom']) route.all('/wecom', off('The WeChat customer-service channel', 'set HUIKE_WECOM_CORP_ID, HUIKE_WECOM_SECRET, HUIKE_WECOM_TOKEN and HUIKE_WECOM_AES_KEY (and HUIKE_DB)'))
  return route
}
