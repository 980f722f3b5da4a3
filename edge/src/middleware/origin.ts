// Which web pages may call the API from a browser. A page on a foreign site gets 403 before any
// work is done; allowed pages get CORS headers (and their preflights a 204). Requests without an
// Origin header are not from a browser page (curl, server-to-server) and pass: CORS cannot protect
// against those anyway, and the contract's own tools rely on it.
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.ts'

export interface OriginOptions {
  /**
   * Origins allowed besides the edge's own, e.g. from HUIKE_ALLOWED_ORIGINS; `*` allows every
   * origin. Unset: the edge's own origin plus loopback pages (http://localhost:*, 127.0.0.1, [::1]).
   */
  allowed?: readonly string[]
  /** How long browsers may cache a preflight answer. */
  maxAgeSeconds?: number
  /**
   * Behind trusted reverse proxies (HUIKE_TRUST_PROXY): the edge's own origin takes the scheme the
   * nearest proxy reports in X-Forwarded-Proto, so pages it serves over TLS ending at the proxy (the
   * agent console) are still its own. Without it the header is ignored: anyone could send it.
   */
  trustProxy?: boolean
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

/** `https://Shop.example/` → `https://shop.example`, so list entries compare like Origin headers. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase()
}

function isLoopback(origin: string): boolean {
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname)
  } catch {
    return false
  }
}

/** The request's own origin, with the scheme a trusted proxy reports (its value, the last in a list). */
function ownOrigin(url: string, forwardedProto: string | undefined): string {
  const own = new URL(url)
  const proto = forwardedProto?.split(',').at(-1)?.trim().toLowerCase()
  if (proto === 'https' || proto === 'http') own.protocol = `${proto}:`
  return own.origin
}

export function allowedOrigin(options: OriginOptions = {}): MiddlewareHandler {
  const list = options.allowed?.map(normalizeOrigin).filter(Boolean)
  const allowAll = list?.includes('*') ?? false
  const maxAge = String(options.maxAgeSeconds ?? 86_400)

  const isAllowed = (origin: string, ownOrigin: string): boolean => {
    if (allowAll || origin === ownOrigin) return true
    return list ? list.includes(origin) : isLoopback(origin)
  }

  return async function originCheck(c, next) {
    const header = c.req.header('origin')
    if (header === undefined) return next()
    const origin = normalizeOrigin(header)
    if (!isAllowed(origin, ownOrigin(c.req.url, options.trustProxy ? c.req.header('x-forwarded-proto') : undefined))) {
      throw new ApiError(403, 'forbidden_origin', `Origin ${header} is not allowed to use this API (see HUIKE_ALLOWED_ORIGINS)`)
    }

    const cors = {
      'access-control-allow-origin': header,
      vary: 'Origin',
    }
    if (c.req.method === 'OPTIONS') {
      return c.body(null, 204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST, DELETE, OPTIONS',
        'access-control-allow-headers': 'content-type, authorization, last-event-id',
        'access-control-max-age': maxAge,
      })
    }
    await next()
    // After the handler (or the error handler): every answer to an allowed page is readable by it,
    // including JSON errors such as 413, so the widget can show the real reason.
    for (const [name, value] of Object.entries(cors)) c.res.headers.set(name, value)
    c.res.headers.set('access-control-expose-headers', 'retry-after')
  }
}
