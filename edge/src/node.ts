// Node entry (`npm start`): loads the catalog and config, builds the app, serves the widget build
// and listens on 127.0.0.1:PORT. Startup problems are reported in one clear line and exit 1.
import { dirname, resolve } from 'node:path'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { createAdaptorServer } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp, type AppDeps } from './app.ts'
import { watchConfig } from './config-watch.ts'
import { readCatalogFile, readConfigFile } from './catalog-file.ts'
import { createChatwootBridge } from './chatwoot/index.ts'
import { describeProvider, handoffWarning, readSettings, type ChatwootSettings } from './env.ts'
import { Catalog } from './knowledge/catalog.ts'
import { linkChatwoot, type ChatwootLink } from './live/chatwoot-link.ts'
import { LiveDesk } from './live/desk.ts'
import { MemoryHub } from './live/hub.ts'
import { SqlConversationStore } from './live/sql-conversations.ts'
import { buildChannels, describeChannels } from './channels/build.ts'
import { pickModels } from './model/pick-model.ts'
import { clientAddress } from './middleware/rate-limit.ts'
import { drainable } from './shutdown.ts'
import { hasStaticFiles, staticFiles } from './static-files.ts'
import { libsqlDriver, openLibsqlClient } from './store/libsql.ts'
import { MIGRATIONS } from './store/migrations.ts'
import { SqlEventStore } from './store/sql-store.ts'

/** Two folders up, from the source (edge/src/node.ts) and from the build (dist/edge/node.js) alike. */
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const PUBLIC_DIR = resolve(REPO_ROOT, 'dist/public')
/** Loopback by default (a reverse proxy in front is the usual deployment); HOST=0.0.0.0 listens on every interface. */
const HOST = process.env.HOST?.trim() || '127.0.0.1'
const LISTEN_BACKLOG = 4096

async function main(): Promise<void> {
  const settings = readSettings(process.env)
  const catalogPath = resolve(settings.catalogPath ?? resolve(REPO_ROOT, 'demo/catalog.json'))
  const configPath = resolve(settings.configPath ?? resolve(REPO_ROOT, 'demo/config.json'))

  const { products, errors, encoding } = await readCatalogFile(catalogPath)
  for (const error of errors) console.warn(`huike: skipped catalog record ${error}`)
  console.log(`huike: catalog ${catalogPath} (${encoding.toUpperCase()}): ${products.length} product${products.length === 1 ? '' : 's'}${errors.length ? `, ${errors.length} skipped` : ''}`)
  const config = await readConfigFile(configPath)

  const catalog = new Catalog(products)
  // One connection for the events and the live conversations (SQLite has one writer anyway).
  const { store, conversations, driver } = await (async () => {
    const driver = libsqlDriver(await openLibsqlClient(settings.dbPath))
    const store = new SqlEventStore(driver, MIGRATIONS, Date.now, { days: settings.eventsRetentionDays })
    await store.migrate()
    return { store, conversations: new SqlConversationStore(driver), driver }
  })().catch((err: unknown) => {
    throw new Error(`HUIKE_DB ${settings.dbPath}: ${err instanceof Error ? err.message : String(err)}`)
  })
  console.log(`huike: event store ${resolve(settings.dbPath)}`)
  // Live handoff to the shop's people: through the agent API (HUIKE_AGENT_TOKEN), Chatwoot, or both on one desk.
  const live = settings.agentToken || settings.chatwoot ? new LiveDesk({ conversations, hub: new MemoryHub(), events: store, waitMs: settings.liveWaitMs }) : undefined
  const chatwoot = live && settings.chatwoot ? await startChatwoot(live, settings.chatwoot) : undefined
  if (live) {
    const where = [settings.agentToken && 'agent API at /v1/agent', settings.chatwoot && `Chatwoot ${settings.chatwoot.url}, its webhook at /v1/channels/chatwoot${settings.chatwoot.webhookToken ? '/<HUIKE_CHATWOOT_WEBHOOK_TOKEN>' : ''}`]
    console.log(`huike: live handoff on (${where.filter(Boolean).join('; ')}; a person has ${Math.round(settings.liveWaitMs / 1000)} s to take a conversation)`)
  }
  const channels = await buildChannels({ settings: settings.channels, driver, config: () => deps.config, live, retentionDays: settings.eventsRetentionDays, log: console.warn })
  const channelsOn = describeChannels(settings.channels)
  if (channelsOn) console.log(channelsOn)
  const warning = handoffWarning(settings, config.handoff)
  if (warning) console.warn(warning)
  const deps: AppDeps = {
    catalog,
    config,
    ...pickModels(settings, catalog, settings.offlinePacing ? undefined : { pieceDelayMs: 0 }),
    catalogErrors: errors.length,
    allowedOrigins: settings.allowedOrigins,
    trustProxy: settings.trustProxy,
    firstTokenTimeoutMs: settings.firstTokenTimeoutMs,
    streamIdleMs: settings.streamIdleMs,
    webhook: { url: settings.webhookUrl, secret: settings.webhookSecret },
    store,
    adminToken: settings.adminToken,
    live,
    agentToken: settings.agentToken,
    identitySecret: settings.identitySecret,
    chatwootWebhook: chatwoot?.webhook,
    channels,
    // The socket's address, or behind HUIKE_TRUST_PROXY proxies the one they forwarded: never a header nobody vouches for.
    rateLimit: { perMinute: settings.chatPerMinute, eventsPerMinute: settings.eventsPerMinute, clientKey: clientAddress({ trustProxy: settings.trustProxy, socketAddress: (c) => getConnInfo(c).remote.address }) },
  }
  const app = createApp(deps)
  // Routes read deps.config per request: a reload applies to the next request, in-flight ones finish as they began.
  const stopWatching = watchConfig(configPath, (next) => (deps.config = next))
  if (hasStaticFiles(PUBLIC_DIR)) app.get('*', staticFiles(PUBLIC_DIR))
  else console.warn(`huike: ${PUBLIC_DIR} is missing, so the widget and demo pages are not served: run npm run build`)

  const server = createAdaptorServer({ fetch: app.fetch })
  // A deep accept queue: with Node's default (511) a burst of new visitors while the loop prepares
  // turns overflowed it, and each dropped connection waited for the client's SYN retry (1 s, 3 s, 7 s).
  // The kernel caps it at net.core.somaxconn.
  server.listen({ host: HOST, port: settings.port, backlog: LISTEN_BACKLOG }, () => {
    const { port } = server.address() as AddressInfo
    console.log(`huike edge on http://${HOST}:${port} (provider: ${describeProvider(settings)})`)
  })
  server.on('error', (err) => {
    console.error(`huike: cannot listen on ${HOST}:${settings.port}: ${err.message}`)
    process.exit(1)
  })
  const drain = drainable(server as Server)

  // Once: `npm start` forwards the signal and a terminal's Ctrl-C also reaches us directly, so the same
  // stop may arrive twice; the grace (HUIKE_SHUTDOWN_GRACE_MS) bounds it either way.
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`huike: ${signal}, shutting down (running answers have ${settings.shutdownGraceMs / 1000} s to finish)`)
    stopWatching()
    chatwoot?.stop()
    // Should the store hang, the process still ends: a stop must never need SIGKILL.
    setTimeout(() => process.exit(1), settings.shutdownGraceMs + 5_000).unref()
    // What is on its way to Chatwoot goes out, then the store commits its pending writes and closes.
    const flush = async () => {
      await chatwoot?.idle()
      await store.close()
    }
    drain.drainAndClose({ graceMs: settings.shutdownGraceMs, flush }).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`huike: stopping failed: ${err instanceof Error ? err.message : String(err)}`)
        process.exit(1)
      },
    )
  }
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal))
}

/**
 * The Chatwoot bridge on the desk. Its links live in memory: after a restart the webhook still finds
 * each conversation (from attributes the bridge set on it), but visitor messages of conversations
 * handed over before the restart no longer follow.
 */
function startChatwoot(desk: LiveDesk, chatwoot: ChatwootSettings): Promise<ChatwootLink> {
  const bridge = createChatwootBridge({ baseUrl: chatwoot.url, inboxIdentifier: chatwoot.inbox })
  return linkChatwoot({ desk, bridge, secret: chatwoot.secret, pathToken: chatwoot.webhookToken })
}

main().catch((err: unknown) => {
  console.error(`huike: cannot start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
