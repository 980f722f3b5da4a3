// The shop's own catalog and site config on Workers, deployed with the worker instead of compiled
// into it: files copied to dist/public/_private/ go up with `wrangler deploy` as static assets, and
// HUIKE_CATALOG / HUIKE_CONFIG (CONTRACT §2) name them by asset path (`/_private/shop.csv`). Static
// assets are public by default, so wrangler.jsonc routes /_private/* to the worker first and the
// worker refuses it; the worker itself reads the files through the ASSETS binding, which skips that
// routing. Parsed as on Node (shop-files.ts): same formats, encodings and line-numbered errors.
// Unset: the demo files bundled into the worker, as on Node.
import type { SiteConfig } from '../../shared/config.ts'
import type { Product } from '../../shared/catalog.ts'
import { errorBody } from './errors.ts'
import { validateProducts } from './knowledge/validate-products.ts'
import { catalogFromBytes, configFromBytes, StartupError } from './shop-files.ts'
import { parseSiteConfig } from './site-config.ts'

/** The asset folder visitors never get; wrangler.jsonc's `run_worker_first` must list it. */
export const PRIVATE_ASSETS = '/_private/'

/** The part of the ASSETS binding used here (a Fetcher), so tests can hand in a fake. */
export interface AssetFiles {
  fetch(url: string): Promise<Response>
}

export interface ShopData {
  products: Product[]
  /** Skipped catalog records, each with its file and line (`shop.csv:17: price must be a number, got "abc"`). */
  errors: string[]
  config: SiteConfig
}

export interface ShopSources {
  /** The ASSETS binding; undefined when wrangler.jsonc gives the assets no `binding`. */
  assets: AssetFiles | undefined
  /** HUIKE_CATALOG / HUIKE_CONFIG: asset paths under /_private/, or unset for the demo's. */
  catalogPath?: string
  configPath?: string
  demo: { catalog: readonly unknown[]; config: unknown }
  log?: (message: string) => void
  warn?: (message: string) => void
}

/** The asset server failed to answer (5xx, or threw): worth another try on a later request, unlike a bad file. */
export class AssetsUnavailable extends Error {
  override name = 'AssetsUnavailable'
}

/** A catalog with thousands of bad rows would fill the request's log; the doctor lists them all. */
const LOGGED_ERRORS = 50

/**
 * @throws StartupError / ConfigError for a file that is missing, outside /_private/, not a catalog or
 *   not a config (the message names its path), AssetsUnavailable when the asset server failed.
 */
export async function loadShop({ assets, catalogPath, configPath, demo, log = console.log, warn = console.warn }: ShopSources): Promise<ShopData> {
  const [catalogBytes, configBytes] = await Promise.all([
    catalogPath === undefined ? undefined : readPrivateAsset(assets, catalogPath, 'HUIKE_CATALOG', 'catalog'),
    configPath === undefined ? undefined : readPrivateAsset(assets, configPath, 'HUIKE_CONFIG', 'site config'),
  ])
  const { products, errors } = catalogBytes && catalogPath ? catalogFromBytes(catalogBytes, catalogPath) : validateProducts(demo.catalog, 'catalog.json')
  const config = configBytes && configPath ? configFromBytes(configBytes, configPath, log) : parseSiteConfig(demo.config, 'config.json')
  for (const error of errors.slice(0, LOGGED_ERRORS)) warn(`huike: skipped catalog record ${error}`)
  if (errors.length > LOGGED_ERRORS) warn(`huike: skipped ${errors.length - LOGGED_ERRORS} more catalog records (\`npm run doctor -- --catalog <file>\` lists them all)`)
  if (catalogPath) log(`huike: catalog ${catalogPath}: ${products.length} product${products.length === 1 ? '' : 's'}${errors.length ? `, ${errors.length} skipped` : ''}`)
  return { products, errors, config }
}

async function readPrivateAsset(assets: AssetFiles | undefined, path: string, setting: string, what: string): Promise<Uint8Array> {
  if (!path.startsWith(PRIVATE_ASSETS) || path.split('/').includes('..')) {
    throw new StartupError(`${setting} is "${path}": on Workers the ${what} is a static asset under ${PRIVATE_ASSETS} (copied to dist/public${PRIVATE_ASSETS} before \`wrangler deploy\`), the folder visitors cannot fetch`)
  }
  if (!assets) throw new StartupError(`cannot read the ${what} ${path}: wrangler.jsonc gives the static assets no binding ("assets": { "binding": "ASSETS" })`)
  let res: Response
  try {
    res = await assets.fetch(new URL(path, 'https://assets.invalid').href)
  } catch (err) {
    throw new AssetsUnavailable(`cannot read the ${what} ${path}: ${(err as Error).message}`)
  }
  if (res.status === 404) throw new StartupError(`cannot read the ${what} ${path}: file not found among the deployed static assets (copy it to dist/public${path} before \`wrangler deploy\`)`)
  if (!res.ok) throw new AssetsUnavailable(`cannot read the ${what} ${path}: the static assets answered ${res.status}`)
  return new Uint8Array(await res.arrayBuffer())
}

/** `/_private/…`, however it is spelled (`/%5Fprivate/…`): the shop's files are not for visitors. */
export function isPrivateAsset(url: string): boolean {
  const { pathname } = new URL(url)
  let decoded = pathname
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    // not percent-encoding: compared as is
  }
  return `${decoded.replace(/\/+/g, '/')}/`.startsWith(PRIVATE_ASSETS)
}

/**
 * What every request gets while the shop's files cannot be loaded: 503; /healthz says why (the
 * message names the file and the problem, for the operator checking a deploy), the API does not.
 */
export function shopUnavailable(url: string, err: unknown): Response {
  const message = err instanceof Error ? err.message : String(err)
  if (new URL(url).pathname === '/healthz') return Response.json({ ok: false, error: message }, { status: 503 })
  return Response.json(errorBody('internal', 'The assistant is unavailable: the shop\'s catalog or config could not be loaded.'), { status: 503 })
}
