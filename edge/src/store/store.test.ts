import { readdir, readFile, rm, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { TrackedEvent } from '../../../shared/protocol.ts'
import { d1Driver, type D1Like, type D1Statement } from './d1.ts'
import { libsqlDriver, MEMORY, openFileStore, openLibsqlClient } from './libsql.ts'
import { MIGRATIONS } from './migrations.ts'
import { countRows, splitStatements, SqlEventStore, type SqlDriver } from './sql-store.ts'
import type { EventCursor } from './types.ts'
import { hashToken } from './token.ts'

const event = (n: number, extra: Partial<TrackedEvent> = {}): TrackedEvent => ({
  id: `e${n}`,
  type: 'widget_open',
  visitorId: 'v_1',
  sessionId: 's_1',
  ts: 1_760_000_000_000 + n,
  props: { n },
  ...extra,
})

const open: SqlDriver[] = []
async function memoryStore(): Promise<{ store: SqlEventStore; driver: SqlDriver }> {
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  open.push(driver)
  return { store: new SqlEventStore(driver), driver }
}
afterEach(async () => {
  for (const driver of open.splice(0)) await driver.close()
})

describe('migrations', () => {
  it('mirror the .sql files wrangler d1 migrations reads', async () => {
    const dir = new URL('./migrations/', import.meta.url)
    const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort()
    expect(MIGRATIONS.map((m) => m.name)).toEqual(files)
    for (const m of MIGRATIONS) expect(m.sql).toBe(await readFile(new URL(m.name, dir), 'utf8'))
  })

  it('split into statements without comments', () => {
    const statements = splitStatements(MIGRATIONS[0]!.sql)
    expect(statements).toHaveLength(4)
    expect(statements.every((s) => /^CREATE /.test(s) && !s.includes('--') && !s.endsWith(';'))).toBe(true)
  })

  it('are idempotent: applied twice, by two stores, or over the SQL run by hand', async () => {
    const { store, driver } = await memoryStore()
    await store.migrate()
    await store.append([event(1)])
    await new SqlEventStore(driver).migrate()
    // As if `wrangler d1 migrations apply` had run the files again.
    for (const m of MIGRATIONS) await driver.batch(splitStatements(m.sql).map((sql) => ({ sql, args: [] })))
    expect(await driver.query('SELECT name FROM d1_migrations ORDER BY id')).toEqual(MIGRATIONS.map((m) => ({ name: m.name })))
    expect(await countRows(driver, 'events')).toBe(1)
  })

  it('create the database file and its directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'huike-store-'))
    try {
      const path = join(dir, 'nested', 'huike.db')
      const first = await openFileStore(path)
      await first.append([event(1)])
      await first.close()
      const again = await openFileStore(path)
      expect((await again.append([event(1), event(2)]))).toEqual({ accepted: 1, duplicates: 1 })
      await again.close()
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('append', () => {
  it('stores a batch and dedupes by event id, also within one batch', async () => {
    const { store, driver } = await memoryStore()
    expect(await store.append([event(1), event(2)])).toEqual({ accepted: 2, duplicates: 0 })
    expect(await store.append([event(1), event(2), event(3), event(3)])).toEqual({ accepted: 1, duplicates: 3 })
    expect(await countRows(driver, 'events')).toBe(3)
  })

  it('gives events without an id their own', async () => {
    const { store, driver } = await memoryStore()
    const { id: _, ...bare } = event(1)
    expect(await store.append([bare, bare])).toEqual({ accepted: 2, duplicates: 0 })
    const ids = await driver.query('SELECT id FROM events')
    expect(new Set(ids.map((r) => r.id)).size).toBe(2)
  })

  it('is all or nothing: a failing statement rolls the whole batch back', async () => {
    const { store, driver } = await memoryStore()
    await store.migrate()
    // A NOT NULL violation in the middle of the batch (the route's validation stops this earlier).
    const broken = event(2, { type: null as unknown as string })
    await expect(store.append([event(1), broken, event(3)])).rejects.toThrow()
    expect(await countRows(driver, 'events')).toBe(0)
  })
})

describe('visitors', () => {
  it('register once, check the token, export, and erase everything', async () => {
    const { store, driver } = await memoryStore()
    expect(await store.registerVisitor('v_1', await hashToken('secret'))).toBe(true)
    expect(await store.registerVisitor('v_1', await hashToken('other'))).toBe(false)
    expect(await store.checkToken('v_1', 'secret')).toBe(true)
    expect(await store.checkToken('v_1', 'other')).toBe(false)
    expect(await store.checkToken('v_2', 'secret')).toBe(false)

    await store.append([event(2), event(1), event(3, { visitorId: 'v_2' })])
    const data = await store.exportVisitor('v_1')
    expect(data?.events.map((e) => e.id)).toEqual(['e1', 'e2'])
    expect(data?.events[0]).toMatchObject({ type: 'widget_open', visitorId: 'v_1', sessionId: 's_1', props: { n: 1 } })

    expect(await store.deleteVisitor('v_1')).toBe(true)
    expect(await store.exportVisitor('v_1')).toBeUndefined()
    expect(await store.checkToken('v_1', 'secret')).toBe(false)
    expect(await driver.query("SELECT COUNT(*) AS n FROM events WHERE visitor_id = 'v_1'")).toEqual([{ n: 0 }])
    expect(await countRows(driver, 'events')).toBe(1)
    expect(await countRows(driver, 'visitors')).toBe(0)
  })
})

/** D1's API over libsql, to run the D1 driver's code path in Node (workerd.test.ts runs real D1). */
function fakeD1(driver: SqlDriver): D1Like {
  const statement = (sql: string, args: unknown[] = []): D1Statement & { sql: string; args: unknown[] } => ({
    sql,
    args,
    bind: (...values: unknown[]) => statement(sql, values),
    all: async <T,>() => ({ results: (await driver.query(sql, args as never)) as T[] }),
  })
  return {
    prepare: (sql) => statement(sql),
    batch: async (statements) => {
      const changes = await driver.batch(statements.map((s) => s as unknown as { sql: string; args: never }))
      return changes.map((n) => ({ meta: { changes: n } }))
    },
  }
}

describe('the D1 driver', () => {
  it('stores, dedupes, exports and erases through the same SQL', async () => {
    const inner = libsqlDriver(await openLibsqlClient(MEMORY))
    open.push(inner)
    const store = new SqlEventStore(d1Driver(fakeD1(inner)))
    expect(await store.append([event(1), event(1)])).toEqual({ accepted: 1, duplicates: 1 })
    await store.registerVisitor('v_1', await hashToken('t'))
    expect((await store.exportVisitor('v_1'))?.events).toHaveLength(1)
    await store.deleteVisitor('v_1')
    expect(await countRows(inner, 'events')).toBe(0)
  })
})

describe('events', () => {
  it('reads events back by time range and type, oldest first, through both drivers', async () => {
    const inner = libsqlDriver(await openLibsqlClient(MEMORY))
    open.push(inner)
    for (const store of [new SqlEventStore(inner), new SqlEventStore(d1Driver(fakeD1(inner)))]) {
      await store.append([event(3), event(1, { type: 'purchase' }), event(2, { type: 'handoff' })])
      expect((await store.events()).map((e) => e.id)).toEqual(['e1', 'e2', 'e3'])
      expect((await store.events({ types: ['purchase', 'handoff'] })).map((e) => e.id)).toEqual(['e1', 'e2'])
      expect((await store.events({ since: event(2).ts, until: event(3).ts })).map((e) => e.id)).toEqual(['e2'])
      expect(await store.events({ types: [] })).toEqual([])
    }
  })
})

describe('eventPage', () => {
  it('reads the events in (ts, id) windows that add up to events(), through both drivers', async () => {
    const inner = libsqlDriver(await openLibsqlClient(MEMORY))
    open.push(inner)
    const store = new SqlEventStore(inner)
    // Ties on ts, ids whose code-point order differs from their locale order.
    const ids = ['b', 'B', 'a_1', 'a-1', 'é', 'z', '\u{1F600}', '\uFF21', 'a']
    await store.append(ids.map((id, i) => event(i, { id, ts: 1_760_000_000_000 + (i % 3), type: i % 2 ? 'purchase' : 'widget_open' })))
    for (const s of [store, new SqlEventStore(d1Driver(fakeD1(inner)))]) {
      for (const filter of [{}, { types: ['purchase'] }, { since: 1_760_000_000_001 }]) {
        const all = (await s.events(filter)).map((e) => e.id)
        for (const size of [1, 2, 4, 100]) {
          const seen: string[] = []
          let after: EventCursor | undefined
          for (;;) {
            const page = await s.eventPage(filter, after, size)
            seen.push(...page.map((e) => e.id))
            if (page.length < size) break
            after = { ts: page.at(-1)!.ts, id: page.at(-1)!.id }
          }
          expect(seen).toEqual(all)
        }
      }
      expect(await s.eventPage({ types: [] }, undefined, 10)).toEqual([])
    }
  })

  it('is a range scan on the (ts, id) index, not a sort of the table', async () => {
    const { store, driver } = await memoryStore()
    await store.migrate()
    const plan = await driver.query("EXPLAIN QUERY PLAN SELECT id FROM events WHERE ts >= 0 AND (ts, id) > (1, 'x') ORDER BY ts, id LIMIT 10")
    const detail = plan.map((row) => String(row.detail)).join('\n')
    expect(detail).toContain('events_ts_id')
    expect(detail).not.toContain('TEMP B-TREE')
  })
})

describe('retention', () => {
  it('purges events received before the cutoff, in bounded batches, and leaves the rest', async () => {
    const { driver } = await memoryStore()
    let now = 1_000_000_000_000
    const store = new SqlEventStore(driver, MIGRATIONS, () => now)
    await store.append(Array.from({ length: 4_500 }, (_, i) => event(i)))
    now += 10_000
    await store.append([event(5_000), event(5_001)])
    expect(await store.purgeBefore(now - 5_000)).toBe(4_500)
    expect((await store.events()).map((e) => e.id)).toEqual(['e5000', 'e5001'])
    expect(await store.purgeBefore(now - 5_000)).toBe(0)
  })

  it('runs at first use and then at most daily, after an append, when the store has a retention', async () => {
    const { driver } = await memoryStore()
    const DAY = 86_400_000
    let now = 1_000 * DAY
    // Events from long ago (another store wrote them: no retention there).
    await new SqlEventStore(driver, MIGRATIONS, () => now - 500 * DAY).append([event(1), event(2)])
    const store = new SqlEventStore(driver, MIGRATIONS, () => now, { days: 400 })
    await store.migrate()
    expect(await store.scheduleRetention()).toBe(2) // the purge started at first use
    await store.append([event(3)])
    expect(await countRows(driver, 'events')).toBe(1)
    now += 401 * DAY
    await store.append([event(4)]) // a day has passed: this append starts the next purge
    expect(await store.scheduleRetention()).toBe(1)
    expect((await store.events()).map((e) => e.id)).toEqual(['e4'])
    now += DAY / 2
    expect(store.scheduleRetention()).toBeUndefined() // not due again yet
  })
})

describe('writes at the same moment (one transaction for the lot on Node)', () => {
  it('give each batch its own counts, and a bad batch fails alone', async () => {
    const { store, driver } = await memoryStore()
    await store.migrate()
    await store.append([event(1)])
    const [first, resent, bad, last] = await Promise.allSettled([
      store.append([event(2), event(3)]),
      store.append([event(1), event(4)]),
      driver.batch([{ sql: 'INSERT INTO no_such_table VALUES (1)', args: [] }]),
      store.append([event(5)]),
    ])
    expect(first).toEqual({ status: 'fulfilled', value: { accepted: 2, duplicates: 0 } })
    expect(resent).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 1 } })
    expect(bad.status).toBe('rejected')
    expect(last).toEqual({ status: 'fulfilled', value: { accepted: 1, duplicates: 0 } })
    expect(await countRows(driver, 'events')).toBe(5)
  })

  it('are committed before the store closes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'huike-store-'))
    try {
      const path = join(dir, 'huike.db')
      const store = await openFileStore(path)
      const appended = store.append([event(1), event(2)])
      await store.close()
      await appended
      const reopened = libsqlDriver(await openLibsqlClient(path))
      open.push(reopened)
      expect(await countRows(reopened, 'events')).toBe(2)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
