// GET /v1/report through the whole app: bearer HUIKE_ADMIN_TOKEN, off when the token is unset.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSettings } from './env.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from './store/libsql.ts'
import { SqlEventStore, type SqlDriver } from './store/sql-store.ts'
import { testApp } from './testing.ts'

let driver: SqlDriver
let store: SqlEventStore

beforeEach(async () => {
  driver = libsqlDriver(await openLibsqlClient(MEMORY))
  store = new SqlEventStore(driver)
  await store.append([
    { id: 'e1', type: 'message_sent', visitorId: 'v_1', sessionId: 's_1', ts: 1_760_000_000_000, props: { intent: '<b>presales</b>' } },
    { id: 'e2', type: 'reply_latency', visitorId: 'v_1', sessionId: 's_1', ts: 1_760_000_000_500, props: { ms: 500 } },
  ])
})
afterEach(() => driver.close())

const get = (app: ReturnType<typeof testApp>, token?: string, query = '') =>
  app.request(`/v1/report${query}`, { headers: token === undefined ? {} : { authorization: `Bearer ${token}` } })

describe('GET /v1/report', () => {
  it('serves the HTML report to the admin token only', async () => {
    const app = testApp({ store, adminToken: 'admin-secret', now: () => 1_760_000_001_000 })
    const none = await get(app)
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('unauthorized')
    const wrong = await get(app, 'admin-secre')
    expect(wrong.status).toBe(403)
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('forbidden')

    const ok = await get(app, 'admin-secret')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toMatch(/^text\/html/)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    const html = await ok.text()
    expect(html).toContain('<svg class="chart" data-chart="funnel"')
    expect(html).toContain('&lt;b&gt;presales&lt;/b&gt;')
    expect(html).toContain('1 replies')

    expect((await get(app, 'admin-secret', '?days=0.0001')).status).toBe(200)
    expect((await get(app, 'admin-secret', '?window=abc')).status).toBe(400)
  })

  it('is off (404) when HUIKE_ADMIN_TOKEN is unset', async () => {
    expect(readSettings({}).adminToken).toBeUndefined()
    expect(readSettings({ HUIKE_ADMIN_TOKEN: ' t ' }).adminToken).toBe('t')
    const res = await get(testApp({ store }), 'anything')
    expect(res.status).toBe(404)
  })
})
