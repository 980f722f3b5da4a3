// Headers every response of the edge carries (API, SSE, errors, 404s, and on Node the static files
// too, which the same app serves; Workers' static assets get them from demo/site/_headers):
// - `X-Content-Type-Options: nosniff`: a browser never reads a file as another type than it says
//   (a JSON answer or an uploaded-looking text as a script or a page);
// - `Referrer-Policy: strict-origin-when-cross-origin`: pages link out to shops and help pages with
//   visitors' query strings (utm_term, search keywords); other origins get the origin only.
// Deliberately not here: Cross-Origin-Resource-Policy / -Embedder-Policy and X-Frame-Options on
// everything. The widget's scripts are ES modules that shop pages on other origins import
// (static-files.ts), and the demo pages may be framed; pages that must never be framed (the report,
// the agent console) say so in their own Content-Security-Policy (AGENT_CONSOLE_CSP, report/csp.ts).
import type { MiddlewareHandler } from 'hono'

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
}

/**
 * The agent console (/agent/, a Vite build: one module script and one stylesheet from
 * /agent/assets/, fetch and a streamed fetch to /v1/agent/…; no images, fonts, frames or inline
 * code). Served as a static file: by static-files.ts on Node, by demo/site/_headers on Workers.
 */
export const AGENT_CONSOLE_CSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

export interface SecurityHeadersOptions {
  /** Headers to add where the response has not set them itself; default SECURITY_HEADERS. */
  headers?: Readonly<Record<string, string>>
}

/**
 * Adds the headers a response lacks; a response with immutable headers (a fetched one) is copied
 * first. A WebSocket upgrade (101) cannot be copied and carries no document: it is left as it is.
 */
export function withSecurityHeaders(res: Response, headers: Readonly<Record<string, string>> = SECURITY_HEADERS): Response {
  const missing = Object.entries(headers).filter(([name]) => !res.headers.has(name))
  if (missing.length === 0) return res
  try {
    for (const [name, value] of missing) res.headers.set(name, value)
    return res
  } catch {
    if (res.status < 200) return res
    const copy = new Response(res.body, res)
    for (const [name, value] of missing) copy.headers.set(name, value)
    return copy
  }
}

/** Runs after everything else (routes, static files, onError, notFound) so no response goes out without them. */
export function securityHeaders(options: SecurityHeadersOptions = {}): MiddlewareHandler {
  const headers = options.headers ?? SECURITY_HEADERS
  return async function addSecurityHeaders(c, next) {
    await next()
    const res = withSecurityHeaders(c.res, headers)
    if (res !== c.res) c.res = res
  }
}
