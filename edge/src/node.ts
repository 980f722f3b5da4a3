// Node entry (`npm start`): loads the catalog and config, builds the app, serves the widget build
// and listens on 127.0.0.1:PORT. Startup problems are reported in one clear line and exit 1.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp, type AppDeps } from './app.ts'
import { watchConfig } from './config-watch.ts'
import { readCatalogFile, readConfigFile } from './catalog-file.ts'
import { describeProvider, readSettings } from './env.ts'
import { Catalog } from './knowledge/catalog.ts'
import { pickModels } from './model/pick-model.ts'
import { hasStaticFiles, staticFiles } from './static-files.ts'
import { openFileStore } from './store/libsql.ts'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const PUBLIC_DIR = resolve(REPO_ROOT, 'dist/public')
/** Loopback by default (a reverse proxy in front is the usual deployment); HOST=0.0.0.0 listens on every interface. */
const HOST = process.env.HOST?.trim() || '127.0.0.1'
/** How long in-flight answers may finish after SIGTERM/SIGINT before connections are cut. */
const SHUTDOWN_GRACE_MS = 3_000

async function main(): Promise<void> {
  const settings = readSettings(process.env)
  const catalogPath = resolve(settings.catalogPath ?? resolve(REPO_ROOT, 'demo/catalog.json'))
  const configPath = resolve(settings.configPath ?? resolve(REPO_ROOT, 'demo/config.json'))

  const { products, errors, encoding } = await readCatalogFile(catalogPath)
  for (const error of errors) console.warn(`huike: skipped catalog record ${error}`)
  console.log(`huike: catalog ${catalogPath} (${encoding.toUpperCase()}): ${products.length} product${products.length === 1 ? '' : 's'}${errors.length ? `, ${errors.length} skipped` : ''}`)
  const config = await readConfigFile(configPath)

  const catalog = new Catalog(products)
  const store = await openFileStore(settings.dbPath, { days: settings.eventsRetentionDays }).catch((err: unknown) => {
    throw new Error(`HUIKE_DB ${settings.dbPath}: ${err instanceof Error ? err.message : String(err)}`)
  })
  console.log(`huike: event store ${resolve(settings.dbPath)}`)
  const deps: AppDeps = {
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
    // The socket's address: a header could be forged to get a fresh bucket per request.
    rateLimit: { perMinute: settings.chatPerMinute, eventsPerMinute: settings.eventsPerMinute, clientKey: (c) => getConnInfo(c).remote.address ?? 'unknown' },
  }
  const app = createApp(deps)
  // Routes read deps.config per request: a reload applies to the next request, in-flight ones finish as they began.
  const stopWatching = watchConfig(configPath, (next) => (deps.config = next))
  if (hasStaticFiles(PUBLIC_DIR)) app.get('*', staticFiles(PUBLIC_DIR))
  else console.warn(`huike: ${PUBLIC_DIR} is missing, so the widget and demo pages are not served: run npm run build`)

  const server = serve({ fetch: app.fetch, hostname: HOST, port: settings.port }, (info) => {
    console.log(`huike edge on http://${HOST}:${info.port} (provider: ${describeProvider(settings)})`)
  })
  server.on('error', (err) => {
    console.error(`huike: cannot listen on ${HOST}:${settings.port}: ${err.message}`)
    process.exit(1)
  })

  // Once: `npm start` forwards the signal and a terminal's Ctrl-C also reaches us directly, so the same
  // stop may arrive twice; the grace timer below bounds it either way.
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`huike: ${signal}, shutting down`)
    stopWatching()
    server.close(() => void store.close().finally(() => process.exit(0)))
    setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections()
      process.exit(0)
    }, SHUTDOWN_GRACE_MS).unref()
  }
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal))
}

main().catch((err: unknown) => {
  console.error(`huike: cannot start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
