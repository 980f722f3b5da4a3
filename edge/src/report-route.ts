// GET /v1/report: the admin report (report/render.ts) as one HTML page, for the holder of
// HUIKE_ADMIN_TOKEN (`Authorization: Bearer …`; none → 401, another → 403). Mounted only when the
// token is set (otherwise 404). Query: `days` (only the last N days of events; default all) and
// `window` (attribution window in days; default 7). The report reads the store window by window
// (analytics/report.ts reportFromStore), so other visitors are served while it runs.
import { Hono } from 'hono'
import type { SiteConfig } from '../../shared/config.ts'
import { DEFAULT_WINDOW_MS, reportFromStore } from './analytics/report.ts'
import { ApiError } from './errors.ts'
import { reportCsp } from './report/csp.ts'
import { renderReport } from './report/render.ts'
import { hashToken, sameDigest } from './store/token.ts'
import type { EventStore } from './store/types.ts'

const DAY_MS = 86_400_000

function days(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0 || n > 3660) throw new ApiError(400, 'invalid_request', `${name} must be a number of days between 0 and 3660`)
  return n
}

/** What the report reads from the site config: the LLM prices (cost) and the experiments (control, weights). */
export type ReportConfig = Pick<SiteConfig, 'models' | 'experiments'>

export function reportRoute(store: EventStore, adminToken: string, now: () => number = Date.now, config: () => Partial<ReportConfig> = () => ({})): Hono {
  const route = new Hono()
  route.get('/', async (c) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
    if (!match?.[1]) {
      throw new ApiError(401, 'unauthorized', 'Send the admin token as "Authorization: Bearer <HUIKE_ADMIN_TOKEN>"', { 'www-authenticate': 'Bearer' })
    }
    // Compare digests, not the tokens: no early exit that leaks how much of a guess was right.
    if (!sameDigest(await hashToken(match[1]), await hashToken(adminToken))) throw new ApiError(403, 'forbidden', 'Wrong admin token')
    const last = days(c.req.query('days'), 'days')
    const window = days(c.req.query('window'), 'window')
    const report = await reportFromStore(store, last ? { since: now() - last * DAY_MS } : {}, { windowMs: window ? window * DAY_MS : DEFAULT_WINDOW_MS, now: now(), prices: config().models ?? {}, experiments: config().experiments })
    c.header('cache-control', 'no-store')
    c.header('x-content-type-options', 'nosniff')
    c.header('content-security-policy', await reportCsp())
    return c.html(renderReport(report))
  })
  return route
}
