// Node only: serves the widget build (dist/public) next to the API. The widget's scripts are fetched by
// pages on other origins, and its chunks are ES modules (which browsers fetch with CORS), so they carry
// `Access-Control-Allow-Origin: *` (public files, no credentials; Workers: dist/public/_headers).
// `/lp/kids-watch` serves lp/kids-watch.html, as Workers static assets do, so ad links need no extension.
//
// Compression: the build writes .br and .gz copies of the text files (scripts/precompress.mjs); a
// client that accepts brotli gets the .br, one that accepts only gzip the .gz, any other the file
// itself, with `Vary: Accept-Encoding` added to whatever Vary the response already has. Nothing is
// compressed per request, and the API (/v1/*, whose replies stream) never passes through here.
//
// Caching: hashed files (/assets/, /agent/assets/) never change, so a year and immutable. The loader
// `/huike.js` is embedded by URL in shop pages forever: a few minutes, so a release reaches them
// quickly, and a stale copy may serve while the fresh one is fetched. The modules the app chunk
// imports by fixed URL (/huike-en.js, /huike-mask.js, /huike-live.js) and pages are revalidated on
// every use, so a chunk meets the modules of the release that served it (unchanged: a 304).
//
// Security: nosniff and the referrer policy come from the app's securityHeaders middleware, which
// wraps this handler too; the agent console's files carry its Content-Security-Policy from here
// (Workers: demo/site/_headers, the same value).
import { existsSync, statSync, type Stats } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import type { Context, MiddlewareHandler } from 'hono'
import { getMimeType } from 'hono/utils/mime'
import { AGENT_CONSOLE_CSP } from './middleware/security-headers.ts'

const IMMUTABLE = 'public, max-age=31536000, immutable'
export const LOADER_CACHE = 'public, max-age=300, stale-while-revalidate=86400'

/** Unhashed modules the hashed app chunk imports by fixed URL: never cached without asking. */
const UNHASHED_MODULES = new Set(['/huike-en.js', '/huike-mask.js', '/huike-live.js'])
const isWidgetScript = (path: string) => path === '/huike.js' || UNHASHED_MODULES.has(path) || path.startsWith('/assets/')
const isAgentConsole = (path: string) => path.startsWith('/agent/')

function cachePolicy(path: string, isPage: boolean): string | undefined {
  // Hashed names: the widget's chunks, and the agent console's.
  if (path.startsWith('/assets/') || path.startsWith('/agent/assets/')) return IMMUTABLE
  if (path === '/huike.js') return LOADER_CACHE
  if (UNHASHED_MODULES.has(path) || isPage) return 'no-cache'
  return undefined
}

/** The precompressed copies, in order of preference (brotli is smaller). */
const CODINGS = [
  { coding: 'br', suffix: '.br' },
  { coding: 'gzip', suffix: '.gz' },
] as const

/** Content types worth compressing (what scripts/precompress.mjs writes copies of). */
const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml|manifest\+json)|image\/svg\+xml)/

/**
 * Whether Accept-Encoding accepts a coding: named with q > 0, or not named and `*` with q > 0
 * (RFC 9110 §12.5.3). Absent header: identity only, as a client that says nothing may not decode.
 */
export function accepts(acceptEncoding: string | undefined, coding: string): boolean {
  let wildcard = false
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim())
    const q = params.find((p) => /^q=/i.test(p))
    const weight = q === undefined ? 1 : Number(q.slice(2))
    if (name.toLowerCase() === coding) return weight > 0
    if (name === '*') wildcard = weight > 0
  }
  return wildcard
}

/** Adds a field to Vary, keeping what is there (Origin, from the CORS layer). */
export function appendVary(headers: Headers, field: string): void {
  const vary = headers.get('vary')
  const listed = vary?.split(',').map((v) => v.trim().toLowerCase()) ?? []
  if (listed.includes('*') || listed.includes(field.toLowerCase())) return
  headers.set('vary', vary ? `${vary}, ${field}` : field)
}

const statOf = (path: string): Stats | undefined => statSync(path, { throwIfNoEntry: false })

/** A last path segment without a dot: a page named without its extension. */
const EXTENSIONLESS = /\/[^/.]+$/

/** The file a request path names under root (directory → its index.html, `/lp/x` → lp/x.html), or undefined. */
function fileFor(root: string, requestPath: string): { path: string; stats: Stats } | undefined {
  if (requestPath.includes('%')) return undefined // as serveStatic: no encoded names, so no encoded `..`
  let name: string
  try {
    name = decodeURI(requestPath)
  } catch {
    return undefined
  }
  const path = resolve(join(root, name))
  if (path !== root && !path.startsWith(root + sep)) return undefined
  let stats = statOf(path)
  if (stats?.isDirectory()) return fileFor(root, `${requestPath.replace(/\/$/, '')}/index.html`)
  if (stats?.isFile()) return { path, stats }
  if (!EXTENSIONLESS.test(requestPath)) return undefined
  stats = statOf(`${path}.html`)
  return stats?.isFile() ? { path: `${path}.html`, stats } : undefined
}

/** The copy to send: the client accepts its coding, and it is not older than the file (a partial rebuild). */
function precompressed(c: Context, file: { path: string; stats: Stats }) {
  if (c.req.header('range')) return undefined // ranges are of the file itself
  const acceptEncoding = c.req.header('accept-encoding')
  for (const { coding, suffix } of CODINGS) {
    if (!accepts(acceptEncoding, coding)) continue
    const stats = statOf(file.path + suffix)
    if (stats?.isFile() && stats.mtimeMs >= file.stats.mtimeMs) return { coding, path: file.path + suffix }
  }
  return undefined
}

/** If-Modified-Since at or after the file's time (HTTP dates have whole seconds). */
function notModifiedSince(ifModifiedSince: string | undefined, stats: Stats): boolean {
  const since = ifModifiedSince ? Date.parse(ifModifiedSince) : NaN
  return Number.isFinite(since) && since >= Math.floor(stats.mtimeMs / 1000) * 1000
}

export function staticFiles(publicDir: string): MiddlewareHandler {
  const root = resolve(publicDir)
  // serveStatic keeps its checks on the request path (no `..`, no `%`); it sends the file chosen here.
  const chosen = new WeakMap<Context, string>()
  const serve = serveStatic({ root, rewriteRequestPath: (path, c) => chosen.get(c) ?? path })
  return async function staticFile(c, next) {
    // _headers and .assetsignore are Cloudflare's, not pages; nor is any other dotfile.
    if (c.req.path.startsWith('/_') || c.req.path.includes('/.')) return next()
    const file = fileFor(root, c.req.path)
    if (!file) return next()
    const type = getMimeType(file.path) ?? 'application/octet-stream'
    const compressible = COMPRESSIBLE.test(type)
    const copy = compressible ? precompressed(c, file) : undefined
    // no-cache files are asked for on every use: unchanged since the browser's copy, a 304 answers.
    const unchanged = notModifiedSince(c.req.header('if-modified-since'), file.stats)
    chosen.set(c, `/${relative(root, copy?.path ?? file.path).split(sep).join('/')}`)
    const res = unchanged ? c.body(null, 304) : await serve(c, async () => {})
    if (!(res instanceof Response)) {
      await next()
      return
    }
    if (res.status === 200 || res.status === 206 || res.status === 304) {
      if (res.status !== 304) res.headers.set('content-type', type)
      if (copy && res.status !== 304) res.headers.set('content-encoding', copy.coding)
      // The file's own time for every copy, so a revalidation compares like with like.
      res.headers.set('last-modified', file.stats.mtime.toUTCString())
      if (compressible) appendVary(res.headers, 'Accept-Encoding') // the same URL has other bytes for other clients
      if (isWidgetScript(c.req.path)) res.headers.set('access-control-allow-origin', '*')
      if (isAgentConsole(c.req.path)) res.headers.set('content-security-policy', AGENT_CONSOLE_CSP)
      const policy = cachePolicy(c.req.path, type.startsWith('text/html'))
      if (policy) res.headers.set('cache-control', policy)
    }
    return res
  }
}

export function hasStaticFiles(root: string): boolean {
  return existsSync(root)
}
