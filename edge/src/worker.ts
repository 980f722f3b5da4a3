// Cloudflare Workers entry: the same app as on Node, with the shop's catalog and config read from
// the deployment's static assets (HUIKE_CATALOG / HUIKE_CONFIG, see deployed-shop.ts), else the demo
// ones bundled as JSON modules, and settings from env bindings (`wrangler secret put
// OPENAI_API_KEY`, `vars` in wrangler.jsonc).
// Static files (the widget build) are served by Workers assets; see wrangler.jsonc. Live handoff
// (HUIKE_AGENT_TOKEN): conversations in D1, the streams' fan-out in Durable Objects (LIVE).
import type { Hono } from 'hono'
import catalogRecords from '../../demo/catalog.json'
import configJson from '../../demo/config.json'
import { createApp } from './app.ts'
import { AssetsUnavailable, isPrivateAsset, loadShop, shopUnavailable } from './deployed-shop.ts'
import { readSettings, type EdgeSettings, type EnvVars } from './env.ts'
import { Catalog } from './knowledge/catalog.ts'
import { LiveDesk } from './live/desk.ts'
import { cloudflareClient, type SharedLimits } from './middleware/rate-limit.ts'
import { withSecurityHeaders } from './middleware/security-headers.ts'
import { DurableHub } from './live/durable-hub.ts'
import { LiveHubChannel } from './live/hub-object.ts'
import { SqlConversationStore } from './live/sql-conversations.ts'
import { buildChannels } from './channels/build.ts'
import { pickModels } from './model/pick-model.ts'
import { d1Driver, d1Store } from './store/d1.ts'
import type { EventStore } from './store/types.ts'

/** Secrets and vars are optional (no key: the offline responder answers), so not in the generated Env. */
interface HuikeEnv extends Env {
  OPENAI_API_KEY?: string
  OPENAI_BASE_URL?: string
  HUIKE_MODEL?: string
  HUIKE_ALLOWED_ORIGINS?: string
  HUIKE_FIRST_TOKEN_TIMEOUT_MS?: string
  HUIKE_STREAM_IDLE_MS?: string
  HUIKE_WEBHOOK_URL?: string
  HUIKE_WEBHOOK_SECRET?: string
  HUIKE_ADMIN_TOKEN?: string
  HUIKE_RATE_LIMIT?: string
  HUIKE_EVENTS_RATE_LIMIT?: string
  HUIKE_EVENTS_RETENTION_DAYS?: string
  HUIKE_AGENT_TOKEN?: string
  HUIKE_LIVE_WAIT_MS?: string
}

function stringVars(env: object): EnvVars {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
}

/**
 * Cloudflare's Rate Limiting bindings (wrangler.jsonc), shared by every isolate, so a client cannot
 * escape its limit by landing on a fresh one. A limit set to 0 (HUIKE_RATE_LIMIT, HUIKE_EVENTS_RATE_LIMIT)
 * stays off; a binding not declared falls back to the isolate's own buckets.
 */
function cloudflareLimits(env: HuikeEnv, settings: EdgeSettings): SharedLimits {
  const chat = settings.chatPerMinute > 0
  return {
    chat: chat ? env.CHAT_RATE_LIMIT : undefined,
    message: chat ? env.MESSAGE_RATE_LIMIT : undefined,
    events: settings.eventsPerMinute > 0 ? env.EVENTS_RATE_LIMIT : undefined,
  }
}

/** Live handoff (HUIKE_AGENT_TOKEN): conversations in D1, each channel in a Durable Object. Undefined: off. */
function liveDesk(env: HuikeEnv, settings: EdgeSettings, events: EventStore | undefined): LiveDesk | undefined {
  if (!settings.agentToken || !env.DB) return undefined
  return new LiveDesk({ conversations: new SqlConversationStore(d1Driver(env.DB)), hub: new DurableHub(env.LIVE), events, waitMs: settings.liveWaitMs })
}

/**
 * The live channels (the LIVE binding; exported here, as Workers require of Durable Object classes).
 * A visitor's object wakes at the end of their wait for the desk's check, which no timer could do here.
 */
export class LiveHubObject extends LiveHubChannel<HuikeEnv> {
  protected override async expireOverdue(): Promise<void> {
    await liveDesk(this.env, readSettings(stringVars(this.env)), d1Store(this.env.DB))?.expireOverdue()
  }
}

async function buildApp(env: HuikeEnv): Promise<Hono> {
  const settings = readSettings(stringVars(env))
  const { products, errors, config } = await loadShop({
    assets: env.ASSETS,
    catalogPath: settings.catalogPath,
    configPath: settings.configPath,
    demo: { catalog: catalogRecords, config: configJson },
  })
  const catalog = new Catalog(products)
  const store = env.DB ? d1Store(env.DB, { days: settings.eventsRetentionDays }) : undefined
  const live = liveDesk(env, settings, store)
  const config$ = { config }
  const channels = env.DB ? await buildChannels({ settings: settings.channels, driver: d1Driver(env.DB), config: () => config$.config, live, retentionDays: settings.eventsRetentionDays, log: console.warn }) : undefined
  return createApp({
    catalog,
    config,
    ...pickModels(settings, catalog),
    catalogErrors: errors.length,
    allowedOrigins: settings.allowedOrigins,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs,
    streamIdleMs: settings.streamIdleMs,
    webhook: { url: settings.webhookUrl, secret: settings.webhookSecret },
    store,
    adminToken: settings.adminToken,
    live,
    agentToken: settings.agentToken,
    identitySecret: settings.identitySecret,
    channels,
    rateLimit: { perMinute: settings.chatPerMinute, eventsPerMinute: settings.eventsPerMinute, clientKey: cloudflareClient, shared: cloudflareLimits(env, settings) },
  })
}

// Built on the first request (bindings only arrive with it) and reused by the isolate. A bad file or
// setting stays this deployment's answer (503, /healthz says why); an asset server hiccup is retried.
let app: Promise<Hono> | undefined

export default {
  async fetch(request, env, ctx) {
    if (isPrivateAsset(request.url)) return withSecurityHeaders(new Response('Not Found', { status: 404 })) // the shop's files (wrangler.jsonc)
    const building = (app ??= buildApp(env).catch((err: unknown) => {
      console.error(`huike: cannot start: ${err instanceof Error ? err.message : String(err)}`) // once per attempt, not per request
      throw err
    }))
    let ready: Hono
    try {
      ready = await building
    } catch (err) {
      if (err instanceof AssetsUnavailable && app === building) app = undefined
      return withSecurityHeaders(shopUnavailable(request.url, err)) // not through the app, so not through its middleware
    }
    return ready.fetch(request, env, ctx)
  },
} satisfies ExportedHandler<HuikeEnv>
