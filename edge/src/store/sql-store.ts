// The EventStore over any SQLite that can run a list of statements in one transaction: libsql on
// Node, D1 on Workers. All SQL lives here, so both runtimes store, dedupe and erase alike.
// Each event is its own INSERT (not one multi-row INSERT) because D1 allows at most 100 bound
// parameters per statement; the batch is still one transaction.
import type { TrackedEvent } from '../../../shared/protocol.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'
import { COLUMNS, readPage, TIME_ORDER, VISITOR_ORDER, whereClause } from './pages.ts'
import { hashToken, sameDigest } from './token.ts'
import type { AppendResult, EventCursor, EventFilter, EventStore, StoredEvent, VisitorCursor, VisitorExport } from './types.ts'

export type SqlValue = string | number | null

export interface Statement {
  sql: string
  args: SqlValue[]
}

export type Row = Record<string, unknown>

/** What a runtime's SQLite must offer. */
export interface SqlDriver {
  /** Runs the statements in one transaction (all or nothing) and returns the rows each changed. */
  batch(statements: readonly Statement[]): Promise<number[]>
  query(sql: string, args?: SqlValue[]): Promise<Row[]>
  close(): Promise<void>
}

/** The table `wrangler d1 migrations` keeps, so migrations applied by either are known to both. */
const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS d1_migrations (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT UNIQUE,
  applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
)`

/** A migration file's statements: `--` comments dropped, split at the `;` that ends a line. */
export function splitStatements(sql: string): string[] {
  return sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}

// ON CONFLICT(id) DO NOTHING, not INSERT OR IGNORE: only a duplicate id is skipped; any other
// constraint failure aborts the batch.
const INSERT_EVENT =
  'INSERT INTO events (id, type, visitor_id, session_id, ts, props, received_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING'

function toStoredEvent(row: Row): StoredEvent {
  return {
    id: String(row.id),
    type: String(row.type),
    visitorId: String(row.visitor_id),
    sessionId: String(row.session_id),
    ts: Number(row.ts),
    props: JSON.parse(String(row.props)) as Record<string, unknown>,
    receivedAt: Number(row.received_at),
  }
}

const DAY_MS = 86_400_000
/** Rows one DELETE removes at most: each statement stays short, whatever the backlog. */
const PURGE_BATCH = 2_000

export interface RetentionOptions {
  /** Raw events received more than this many days ago are deleted. */
  days: number
  /** Where a failed purge is reported; default console.warn. */
  log?: (message: string) => void
}

/** Lets the event loop run other requests between statements (libsql on Node runs them synchronously). */
export function yieldToLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate
  return new Promise((resolve) => (immediate ? immediate(resolve) : setTimeout(resolve, 0)))
}

export class SqlEventStore implements EventStore {
  private ready: Promise<void> | undefined
  private closed = false
  private lastPurge = -Infinity
  private purging: Promise<number> | undefined

  /**
   * With `retention`, events older than its days are purged when the store is first used (at
   * startup) and then at most once a day, after an append, in the background.
   */
  constructor(
    private readonly driver: SqlDriver,
    private readonly migrations: readonly Migration[] = MIGRATIONS,
    private readonly now: () => number = Date.now,
    private readonly retention?: RetentionOptions,
  ) {}

  /** Applies the migrations not yet recorded in d1_migrations; once per store, on first use. */
  migrate(): Promise<void> {
    this.ready ??= this.applyMigrations().then(
      () => void this.scheduleRetention(), // in the background: startup does not wait for it
      (err: unknown) => {
        this.ready = undefined // let the next request try again
        throw err
      },
    )
    return this.ready
  }

  /** Starts the retention purge when it is due (never twice at once); the running purge, if any. */
  scheduleRetention(): Promise<number> | undefined {
    if (!this.retention || this.closed || this.purging || this.now() - this.lastPurge < DAY_MS) return this.purging
    this.lastPurge = this.now()
    const log = this.retention.log ?? console.warn
    this.purging = this.purgeBefore(this.now() - this.retention.days * DAY_MS)
      .catch((err: unknown) => {
        log(`huike: purging events older than ${this.retention!.days} days failed: ${err instanceof Error ? err.message : String(err)}`)
        return 0
      })
      .finally(() => (this.purging = undefined))
    return this.purging
  }

  async purgeBefore(before: number): Promise<number> {
    await this.migrate()
    let total = 0
    for (;;) {
      const [changed = 0] = await this.driver.batch([
        { sql: 'DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE received_at < ? LIMIT ?)', args: [before, PURGE_BATCH] },
      ])
      total += changed
      if (changed < PURGE_BATCH || this.closed) return total
      await yieldToLoop()
    }
  }

  private async applyMigrations(): Promise<void> {
    await this.driver.batch([{ sql: MIGRATIONS_TABLE, args: [] }])
    const applied = new Set((await this.driver.query('SELECT name FROM d1_migrations')).map((row) => String(row.name)))
    for (const migration of this.migrations) {
      if (applied.has(migration.name)) continue
      await this.driver.batch([
        ...splitStatements(migration.sql).map((sql) => ({ sql, args: [] })),
        { sql: 'INSERT OR IGNORE INTO d1_migrations (name) VALUES (?)', args: [migration.name] },
      ])
    }
  }

  async append(events: readonly TrackedEvent[]): Promise<AppendResult> {
    await this.migrate()
    if (events.length === 0) return { accepted: 0, duplicates: 0 }
    const receivedAt = this.now()
    const changes = await this.driver.batch(
      events.map((e) => ({
        sql: INSERT_EVENT,
        args: [e.id ?? crypto.randomUUID(), e.type, e.visitorId, e.sessionId, e.ts, JSON.stringify(e.props ?? {}), receivedAt],
      })),
    )
    const accepted = changes.reduce((sum, n) => sum + n, 0)
    void this.scheduleRetention()
    return { accepted, duplicates: events.length - accepted }
  }

  async exportVisitor(visitorId: string): Promise<VisitorExport | undefined> {
    await this.migrate()
    const [visitor] = await this.driver.query('SELECT created_at FROM visitors WHERE id = ?', [visitorId])
    if (!visitor) return undefined
    const rows = await this.driver.query(
      'SELECT id, type, visitor_id, session_id, ts, props, received_at FROM events WHERE visitor_id = ? ORDER BY ts, id',
      [visitorId],
    )
    return { visitorId, createdAt: Number(visitor.created_at), events: rows.map(toStoredEvent) }
  }

  async referralCount(visitorId: string): Promise<number> {
    await this.migrate()
    // Distinct friends, not visits: one friend opening the link twice is one referral.
    const [row] = await this.driver.query(
      "SELECT COUNT(DISTINCT visitor_id) AS n FROM events WHERE type = 'referral_visit' AND json_extract(props, '$.ref') = ? AND visitor_id <> ?",
      [visitorId, visitorId],
    )
    return Number(row?.n ?? 0)
  }

  async purge(types: readonly string[], before: number): Promise<number> {
    await this.migrate()
    if (!types.length) return 0
    const marks = types.map(() => '?').join(', ')
    const [changed] = await this.driver.batch([{ sql: `DELETE FROM events WHERE type IN (${marks}) AND received_at < ?`, args: [...types, before] }])
    return changed ?? 0
  }

  async deleteVisitor(visitorId: string): Promise<boolean> {
    await this.migrate()
    const changes = await this.driver.batch([
      { sql: 'DELETE FROM events WHERE visitor_id = ?', args: [visitorId] },
      { sql: 'DELETE FROM visitors WHERE id = ?', args: [visitorId] },
    ])
    return changes.some((n) => n > 0)
  }

  async registerVisitor(visitorId: string, tokenHash: string): Promise<boolean> {
    await this.migrate()
    const [changed] = await this.driver.batch([
      { sql: 'INSERT INTO visitors (id, token_hash, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING', args: [visitorId, tokenHash, this.now()] },
    ])
    return changed === 1
  }

  async checkToken(visitorId: string, token: string): Promise<boolean> {
    await this.migrate()
    const [row] = await this.driver.query('SELECT token_hash FROM visitors WHERE id = ?', [visitorId])
    const hash = await hashToken(token)
    return row !== undefined && sameDigest(String(row.token_hash), hash)
  }

  async events(filter: EventFilter = {}): Promise<StoredEvent[]> {
    await this.migrate()
    const where = whereClause(filter)
    if (!where) return []
    const rows = await this.driver.query(`SELECT ${COLUMNS} FROM events${where.sql} ORDER BY ts, id`, where.args)
    return rows.map(toStoredEvent)
  }

  async eventPage(filter: EventFilter, after: EventCursor | undefined, limit: number): Promise<StoredEvent[]> {
    await this.migrate()
    return readPage(this.driver, TIME_ORDER, filter, after && [after.ts, after.id], limit)
  }

  async visitorPage(filter: EventFilter, after: VisitorCursor | undefined, limit: number): Promise<StoredEvent[]> {
    await this.migrate()
    return readPage(this.driver, VISITOR_ORDER, filter, after && [after.visitorId, after.ts, after.id], limit)
  }

  async close(): Promise<void> {
    this.closed = true
    await this.purging
    return this.driver.close()
  }
}

/** Rows in a table, for tests and the bench. */
export async function countRows(driver: SqlDriver, table: 'events' | 'visitors'): Promise<number> {
  const [row] = await driver.query(`SELECT COUNT(*) AS n FROM ${table}`)
  return Number(row?.n ?? 0)
}
