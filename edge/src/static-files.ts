// Node only: serves the widget build (dist/public) next to the API. The loader `/huike.js` is never
// cached (sites embed its URL forever, so updates must reach them), while hashed files under
// /assets/ never change and are cached for a year. The widget's scripts are fetched by pages on
// other origins, and its chunks are ES modules (which browsers fetch with CORS), so they carry
// `Access-Control-Allow-Origin: *` (public files, no credentials; Workers: dist/public/_headers).
// `/lp/kids-watch` serves lp/kids-watch.html, as Workers static assets do, so ad links need no extension.
import { existsSync } from 'node:fs'
import { serveStatic } from '@hono/node-server/serve-static'
import type { MiddlewareHandler } from 'hono'

const IMMUTABLE = 'public, max-age=31536000, immutable'

/** Unhashed scripts: their URLs never change, so they are never cached. */
const UNHASHED = new Set(['/huike.js', '/huike-en.js', '/huike-mask.js', '/huike-live.js'])
const isWidgetScript = (path: string) => UNHASHED.has(path) || path.startsWith('/assets/')

function cachePolicy(path: string): string | undefined {
  // Hashed names: the widget's chunks, and the agent console's.
  if (path.startsWith('/assets/') || path.startsWith('/agent/assets/')) return IMMUTABLE
  if (UNHASHED.has(path) || path === '/' || path.endsWith('.html')) return 'no-cache'
  return undefined
}

/** A last path segment without a dot: a page named without its extension. */
const EXTENSIONLESS = /\/[^/.]+$/

export function staticFiles(root: string): MiddlewareHandler {
  const serve = serveStatic({ root })
  const servePage = serveStatic({ root, rewriteRequestPath: (path) => `${path}.html` })
  return async function staticFile(c, next) {
    if (c.req.path.startsWith('/_')) return next() // _headers is Cloudflare's, not a page
    let res = await serve(c, async () => {})
    if (!res && EXTENSIONLESS.test(c.req.path)) res = await servePage(c, async () => {})
    if (!res) {
      await next()
      return
    }
    if (res instanceof Response && (res.status === 200 || res.status === 206)) {
      if (c.req.path.endsWith('.js')) res.headers.set('content-type', 'text/javascript; charset=utf-8')
      if (isWidgetScript(c.req.path)) res.headers.set('access-control-allow-origin', '*')
      const policy = cachePolicy(res.headers.get('content-type')?.startsWith('text/html') ? '/' : c.req.path)
      if (policy) res.headers.set('cache-control', policy)
    }
    return res
  }
}

export function hasStaticFiles(root: string): boolean {
  return existsSync(root)
}
