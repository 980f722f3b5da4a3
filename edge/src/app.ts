// The edge as one Hono app, runtime-neutral (no node: imports): node.ts and worker.ts only differ in
// how they load the catalog and config and serve static files.
import { Hono, type Context } from 'hono'
import type { SiteConfig } from '../../shared/config.ts'
import { agentConfigRoute } from './agent-console/config-route.ts'
import { handoffMessageRoute } from './handoff-message-route.ts'
import { channelsRoute, type ChannelDeps } from './channels/index.ts'
import { chatRoute } from './chat-route.ts'
import { ApiError, renderError, renderNotFound } from './errors.ts'
import { eventsRoute } from './events-route.ts'
import { greetRoute } from './greet-route.ts'
import type { Catalog } from './knowledge/catalog.ts'
import { bodyLimit } from './middleware/body-limit.ts'
import { allowedOrigin } from './middleware/origin.ts'
import { cloudflareClient, rateLimit, sharedRateLimit, type SharedLimits } from './middleware/rate-limit.ts'
import { securityHeaders } from './middleware/security-headers.ts'
import { agentLiveRoute } from './live/agent-route.ts'
import type { LiveDesk } from './live/desk.ts'
import { visitorLiveRoute } from './live/visitor-route.ts'
import type { ChatModel } from './model/types.ts'
import type { DeliveryResult } from './notify/webhook.ts'
import type { NotifySettings } from './notify/notice.ts'
import { reportRoute } from './report-route.ts'
import type { EventStore } from './store/types.ts'
import { visitorsRoute } from './visitors-route.ts'

export interface AppDeps {
  catalog: Catalog
  config: SiteConfig
  /** The configured model: an LLM, or the offline responder when no key is set. */
  model: ChatModel
  /** Answers when `model` fails before its first token. */
  offline: ChatModel
  /** How many catalog records were skipped as invalid (shown by /healthz). */
  catalogErrors?: number
  /** HUIKE_ALLOWED_ORIGINS; unset: the edge's own origin and localhost. */
  allowedOrigins?: readonly string[]
  /** HUIKE_TRUST_PROXY hops (Node): > 0, the nearest proxy's X-Forwarded-Proto says the edge's own scheme. */
  trustProxy?: number
  firstTokenTimeoutMs?: number
  /** HUIKE_STREAM_IDLE_MS: after the first token, the longest silence from the model (model/stream-reply.ts). */
  streamIdleMs?: number
  /** Operator log for upstream failures; default console.warn. */
  log?: (message: string) => void
  /** Handoff/ticket webhook: env URL override, HMAC secret, timeout and retries (the URL is in the config). */
  webhook?: NotifySettings
  /** Called with each webhook delivery as it starts in the background (tests await it). */
  onNotice?: (delivery: Promise<DeliveryResult | undefined>) => void
  /** The clock for offers' expiry and frequency caps (tests fix it); default Date.now. */
  now?: () => number
  /** Where events and visitor tokens are kept (HUIKE_DB); unset: events are only validated, no /v1/visitors. */
  store?: EventStore
  /** HUIKE_IDENTITY_SECRET: a customer named by identify is trusted only with its hash (identity.ts). */
  identitySecret?: string
  /** HUIKE_ADMIN_TOKEN; unset: no /v1/report. */
  adminToken?: string
  /**
   * Chat requests per minute per client (HUIKE_RATE_LIMIT), events per minute per client
   * (HUIKE_EVENTS_RATE_LIMIT) and who a client is; unset or 0: no limit. `shared`: limiters every
   * instance shares (Workers: Cloudflare's Rate Limiting bindings), in place of this process's buckets
   * for the routes they name, one count per request.
   */
  rateLimit?: { perMinute: number; eventsPerMinute?: number; clientKey?: (c: Context) => string; shared?: SharedLimits }
  /**
   * The live channel to a person (CONTRACT §6; live/desk.ts): set, a handoff puts the visitor in the
   * queue and /v1/live serves their stream (it needs `store` for the visitors' tokens). Unset: no live handoff.
   */
  live?: LiveDesk
  /** HUIKE_AGENT_TOKEN: with `live`, the agent API (/v1/agent/…) is on. */
  agentToken?: string
  /** The Chatwoot API inbox's webhook (live/chatwoot-link.ts), mounted at /v1/channels/chatwoot; unset: no such route. */
  chatwootWebhook?: Hono
  /** Channels without a browser (channels/index.ts): apps, WeChat, WeChat customer service. Unset: all off. */
  channels?: ChannelDeps
}

/** The live routes' answer where live handoff is off: a clear error, never a hanging stream. */
function liveOff(what: string) {
  return () => {
    throw new ApiError(404, 'not_found', `${what} is off on this edge: set HUIKE_AGENT_TOKEN (and HUIKE_DB) to turn live handoff on`)
  }
}

export function createApp(deps: AppDeps): Hono {
  const app = new Hono()
  app.onError(renderError)
  app.notFound(renderNotFound)
  // First, so it wraps everything after it: routes, errors, 404s and (node.ts) the static files.
  app.use('*', securityHeaders())

  app.use('/v1/*', allowedOrigin({ allowed: deps.allowedOrigins, trustProxy: !!deps.trustProxy }), bodyLimit())
  // The chat costs an LLM call per request; events are limited by the event, in their route; greet is cheap.
  const clientKey = deps.rateLimit?.clientKey ?? cloudflareClient
  const shared = deps.rateLimit?.shared ?? {}
  if (shared.chat) app.use('/v1/chat', sharedRateLimit({ limiter: shared.chat, clientKey, what: 'chat requests' }))
  else if (deps.rateLimit?.perMinute) app.use('/v1/chat', rateLimit({ perMinute: deps.rateLimit.perMinute, clientKey }))
  if (shared.events) app.use('/v1/events', sharedRateLimit({ limiter: shared.events, clientKey, what: 'event batches' }))
  if (shared.message) app.use('/v1/handoff/message', sharedRateLimit({ limiter: shared.message, clientKey, what: 'messages' }))
  app.route('/v1/chat', chatRoute(deps))
  app.route('/v1/greet', greetRoute(deps))
  app.route('/v1/events', eventsRoute(deps.store, () => deps.config, { limit: { perMinute: shared.events ? 0 : deps.rateLimit?.eventsPerMinute ?? 0, clientKey } }))
  const { live, agentToken, store } = deps
  if (store) app.route('/v1/visitors', visitorsRoute(store, live && { erase: (visitorId) => live.eraseVisitor(visitorId), export: async (visitorId) => ({ conversations: await live.conversations.exportVisitor(visitorId) }) }))
  if (agentToken) app.route('/v1/agent/config', agentConfigRoute({ config: () => deps.config, token: agentToken }))
  if (live && agentToken) app.route('/v1/agent', agentLiveRoute({ desk: live, token: agentToken }))
  else for (const path of ['/v1/agent/conversations', '/v1/agent/conversations/*', '/v1/agent/stream']) app.all(path, liveOff('The agent API'))
  if (live && store) app.route('/v1/live', visitorLiveRoute({ desk: live, tokens: store }))
  else for (const path of ['/v1/live', '/v1/live/*']) app.all(path, liveOff('Live handoff'))
  // "Leave a message" when no person can join: a form a person fills in, so a few a minute suffice.
  app.route('/v1/handoff/message', handoffMessageRoute({ config: () => deps.config, webhook: deps.webhook, log: deps.log, limit: { perMinute: !shared.message && deps.rateLimit?.perMinute ? 5 : 0, clientKey } }))
  if (deps.store && deps.adminToken) app.route('/v1/report', reportRoute(deps.store, deps.adminToken, deps.now, () => deps.config))
  if (deps.chatwootWebhook) app.route('/v1/channels/chatwoot', deps.chatwootWebhook)
  app.route('/v1/channels', channelsRoute(deps))

  app.get('/healthz', (c) =>
    c.json({
      ok: true,
      provider: deps.model.provider,
      products: deps.catalog.all.length,
      catalogErrors: deps.catalogErrors ?? 0,
    }),
  )
  return app
}
