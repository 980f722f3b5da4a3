// The EventStore over any SQLite that can run a list of statements in one transaction: libsql on
// Node, D1 on Workers. All SQL lives here, so both runtimes store, dedupe and erase alike.
// Each event is its own INSERT (not one multi-row INSERT) because D1 allows at most 100 bound
// parameters per statement; the batch is still one transaction.
import type { TrackedEvent } from '../../../shared/protocol.ts'
import { MIGRATIONS, type Migration } from './migrations.ts'
import { hashToken, sameDigest } from './token.ts'
import type { AppendResult, EventFilter, EventStore, StoredEvent, VisitorExport } from './types.ts'

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

export class SqlEventStore implements EventStore {
  private ready: Promise<void> | undefined

  constructor(
    private readonly driver: SqlDriver,
    private readonly migrations: readonly Migration[] = MIGRATIONS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Applies the migrations not yet recorded in d1_migrations; once per store, on first use. */
  migrate(): Promise<void> {
    this.ready ??= this.applyMigrations().catch((err: unknown) => {
      this.ready = undefined // let the next request try again
      throw err
    })
    return this.ready
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
    const where: string[] = []
    const args: SqlValue[] = []
    if (filter.since !== undefined) {
      where.push('ts >= ?')
      args.push(filter.since)
    }
    if (filter.until !== undefined) {
      where.push('ts < ?')
      args.push(filter.until)
    }
    if (filter.types) {
      if (filter.types.length === 0) return []
      // json_each keeps the type list one bound parameter (D1 allows at most 100).
      where.push('type IN (SELECT value FROM json_each(?))')
      args.push(JSON.stringify(filter.types))
    }
    const rows = await this.driver.query(
      `SELECT id, type, visitor_id, session_id, ts, props, received_at FROM events${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ts, id`,
      args,
    )
    return rows.map(toStoredEvent)
  }

  close(): Promise<void> {
    return this.driver.close()
  }
}

/** Rows in a table, for tests and the bench. */
export async function countRows(driver: SqlDriver, table: 'events' | 'visitors'): Promise<number> {
  const [row] = await driver.query(`SELECT COUNT(*) AS n FROM ${table}`)
  return Number(row?.n ?? 0)
}
