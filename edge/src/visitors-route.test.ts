// POST /v1/events with a store, and the visitor-data endpoints, through the whole app.
import type { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { libsqlDriver, MEMORY, openLibsqlClient } from './store/libsql.ts'
import { countRows, SqlEventStore, type SqlDriver } from './store/sql-store.ts'
import { demoConfig, postJson, testApp } from './testing.ts'

let driver: SqlDriver
let app: Hono

beforeEach(async () => {
  driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  await store.migrate()
  app = testApp({ store })
})
afterEach(() => driver.close())

const event = (n: number, visitorId = 'v_1') => ({ id: `e${n}`, type: 'product_click', visitorId, sessionId: 's_1', ts: 1_760_000_000_000 + n, props: { id: 'x5' } })
const postEvents = (events: unknown[]) => postJson(app, '/v1/events', JSON.stringify({ events }))

async function register(visitorId: string): Promise<string> {
  const res = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId }))
  expect(res.status).toBe(201)
  const body = (await res.json()) as { visitorId: string; token: string }
  expect(body.visitorId).toBe(visitorId)
  return body.token
}

/** POST /v1/visitors without an id (`{}` or no body at all): the edge mints one. */
async function mint(body = '{}'): Promise<{ visitorId: string; token: string }> {
  const res = await postJson(app, '/v1/visitors', body)
  expect(res.status).toBe(201)
  return (await res.json()) as { visitorId: string; token: string }
}

const withToken = (token: string | undefined, method = 'GET'): RequestInit => ({
  method,
  headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
})

describe('POST /v1/events with a store', () => {
  it('stores the batch and answers 202 with accepted and duplicates', async () => {
    const res = await postEvents([event(1), event(2)])
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: 2, duplicates: 0 })
    expect(await countRows(driver, 'events')).toBe(2)
  })

  it('acknowledges a re-sent batch without storing it twice', async () => {
    await postEvents([event(1), event(2)])
    const res = await postEvents([event(1), event(2), event(3)])
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: 1, duplicates: 2 })
    expect(await countRows(driver, 'events')).toBe(3)
  })

  it('refuses a batch with one bad event, naming its index, and stores none of it', async () => {
    const res = await postEvents([event(1), event(2), event(3), { ...event(4), type: 'Not A Type' }])
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toContain('events.3.type')
    expect(await countRows(driver, 'events')).toBe(0)
  })
})

describe('POST /v1/events keeps what it stores minimal', () => {
  const thumbsDown = { id: 'f1', type: 'feedback', visitorId: 'v_1', sessionId: 's_1', ts: 1_760_000_000_000, props: { value: -1, topic: 'product', q: 'X5 能用多久？我电话 13812345678' } }

  it('masks personal data in props and drops conversation text when retention is off', async () => {
    expect((await postEvents([thumbsDown, { ...event(1), props: { note: '邮箱 zhang.san@example.com' } }])).status).toBe(202)
    const rows = (await driver.query('SELECT props FROM events ORDER BY id')) as { props: string }[]
    expect(rows.map((r) => JSON.parse(r.props))).toEqual([
      { note: '邮箱 z***@example.com', channel: 'web' },
      { value: -1, topic: 'product', channel: 'web' },
    ])
  })

  it('keeps a 👎 question, masked, for the knowledge-gap list when the site retains transcripts', async () => {
    const store = new SqlEventStore(driver)
    const retaining = testApp({ store, config: { ...demoConfig, privacy: { transcripts: { retain: true, days: 30 } } } })
    expect((await postJson(retaining, '/v1/events', JSON.stringify({ events: [thumbsDown] }))).status).toBe(202)
    const [row] = (await driver.query('SELECT props FROM events')) as { props: string }[]
    expect(JSON.parse(row!.props)).toEqual({ value: -1, topic: 'product', q: 'X5 能用多久？我电话 138****5678', channel: 'web' })
  })
})

describe('/v1/visitors', () => {
  it('issues a token once per visitor and keeps only its hash', async () => {
    const token = await register('v_1')
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const again = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId: 'v_1' }))
    expect(again.status).toBe(409)
    expect(await again.json()).toMatchObject({ error: { code: 'conflict' } })
    const rows = await driver.query('SELECT token_hash FROM visitors')
    expect(rows).toHaveLength(1)
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(rows)).not.toContain(token)
  })

  it('answers a registration with the visitor id and its token, uncached', async () => {
    const res = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId: 'v_1' }))
    expect(res.status).toBe(201)
    expect(res.headers.get('cache-control')).toBe('no-store')
    expect(await res.json()).toEqual({ visitorId: 'v_1', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) })
  })

  it('refuses a visitorId that is not a string of 1–100 characters, naming the field', async () => {
    for (const visitorId of ['', 42, 'v'.repeat(101)]) {
      const res = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId }))
      expect(res.status).toBe(400)
      expect(JSON.stringify(await res.json())).toContain('visitorId')
    }
    expect((await postJson(app, '/v1/visitors', '{"visitorId":')).status).toBe(400)
  })

  it('exports the visitor\'s own events with their token', async () => {
    const token = await register('v_1')
    await postEvents([event(1), event(2), event(3, 'v_2')])
    const res = await app.request('/v1/visitors/v_1', withToken(token))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { visitorId: string; events: { id: string; visitorId: string; props: unknown }[] }
    expect(body.visitorId).toBe('v_1')
    expect(body.events.map((e) => e.id)).toEqual(['e1', 'e2'])
    expect(body.events[0]).toMatchObject({ type: 'product_click', visitorId: 'v_1', sessionId: 's_1', props: { id: 'x5' } })
  })

  it('refuses another visitor\'s token with 403 and no token with 401', async () => {
    await register('v_1')
    const other = await register('v_2')
    await postEvents([event(1)])
    for (const method of ['GET', 'DELETE']) {
      const forbidden = await app.request('/v1/visitors/v_1', withToken(other, method))
      expect(forbidden.status).toBe(403)
      expect(await forbidden.json()).toMatchObject({ error: { code: 'forbidden', message: expect.any(String) } })
      const missing = await app.request('/v1/visitors/v_1', withToken(undefined, method))
      expect(missing.status).toBe(401)
      expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } })
    }
    const unknown = await app.request('/v1/visitors/v_9', withToken(other))
    expect(unknown.status).toBe(403)
    expect(await countRows(driver, 'events')).toBe(1)
  })

  it('erases the visitor\'s events and token with 204, leaving others', async () => {
    const token = await register('v_1')
    await postEvents([event(1), event(2), event(3, 'v_2')])
    const res = await app.request('/v1/visitors/v_1', withToken(token, 'DELETE'))
    expect(res.status).toBe(204)
    expect(await driver.query("SELECT id FROM events WHERE visitor_id = 'v_1'")).toEqual([])
    expect(await driver.query('SELECT id FROM visitors')).toEqual([])
    expect(await countRows(driver, 'events')).toBe(1)
    // The token died with the data; the widget may register the visitor again.
    expect((await app.request('/v1/visitors/v_1', withToken(token))).status).toBe(403)
    expect(await register('v_1')).not.toBe(token)
  })

  it('is not there without a store', async () => {
    expect((await postJson(testApp(), '/v1/visitors', '{}')).status).toBe(404)
    const res = await postJson(testApp(), '/v1/visitors', JSON.stringify({ visitorId: 'v_1' }))
    expect(res.status).toBe(404)
  })
})

// Issue 11: a visitor id seen elsewhere (a share link's ?ref=) must not hand its events to whoever
// registers it first. The first registration holds the id; later ones get 409 and mint a new id.
describe('/v1/visitors: ids that cannot be claimed', () => {
  it('refuses a claimed id with 409 and a reason, leaving the first token the only one', async () => {
    const first = await register('v_1')
    await postEvents([event(1), event(2)])
    const claim = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId: 'v_1' }))
    expect(claim.status).toBe(409)
    const body = (await claim.json()) as { error: { code: string; message: string }; token?: unknown }
    expect(body.error.code).toBe('conflict')
    expect(body.error.message).toMatch(/already registered/)
    expect(body.error.message).toMatch(/without a visitorId/)
    expect(Object.keys(body)).toEqual(['error'])
    expect(await driver.query('SELECT id FROM visitors')).toHaveLength(1)
    // The first device's token still works; nothing was issued to the second.
    const res = await app.request('/v1/visitors/v_1', withToken(first))
    expect(res.status).toBe(200)
    expect(((await res.json()) as { events: unknown[] }).events).toHaveLength(2)
  })

  it('mints a fresh id (shaped like the widget\'s) with its token, from {} or an empty body', async () => {
    const a = await mint()
    const b = await mint('')
    for (const m of [a, b]) {
      expect(m.visitorId).toMatch(/^v_[0-9a-f]{24}$/)
      expect(m.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    }
    expect(a.visitorId).not.toBe(b.visitorId)
    expect(await driver.query('SELECT id FROM visitors ORDER BY id')).toEqual(
      [{ id: a.visitorId }, { id: b.visitorId }].sort((x, y) => x.id.localeCompare(y.id)),
    )
    // A minted id is registered: nobody can register it again.
    expect((await postJson(app, '/v1/visitors', JSON.stringify({ visitorId: a.visitorId }))).status).toBe(409)
  })

  it('a minted id exports and erases its own events with its token; another token gets 403', async () => {
    const me = await mint()
    const other = await mint()
    const claimer = await register('v_claimed')
    await postEvents([event(1, me.visitorId), event(2, me.visitorId), event(3, other.visitorId), event(4, 'v_claimed')])

    const exported = await app.request(`/v1/visitors/${me.visitorId}`, withToken(me.token))
    expect(exported.status).toBe(200)
    expect(((await exported.json()) as { visitorId: string; events: { id: string }[] })).toMatchObject({
      visitorId: me.visitorId,
      events: [{ id: 'e1' }, { id: 'e2' }],
    })
    for (const method of ['GET', 'DELETE']) {
      expect((await app.request(`/v1/visitors/${me.visitorId}`, withToken(other.token, method))).status).toBe(403)
      expect((await app.request(`/v1/visitors/${me.visitorId}`, withToken(claimer, method))).status).toBe(403)
      expect((await app.request('/v1/visitors/v_claimed', withToken(me.token, method))).status).toBe(403)
    }

    expect((await app.request(`/v1/visitors/${me.visitorId}`, withToken(me.token, 'DELETE'))).status).toBe(204)
    expect(await driver.query('SELECT id FROM events WHERE visitor_id = ?', [me.visitorId])).toEqual([])
    expect(await countRows(driver, 'events')).toBe(2)
    expect((await app.request(`/v1/visitors/${me.visitorId}`, withToken(me.token))).status).toBe(403)
  })
})
