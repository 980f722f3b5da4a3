// The event store on Workers: a D1 binding (`DB` in wrangler.jsonc). D1's batch() is one
// transaction, which is what append() needs. Migrations are applied on first use (or beforehand
// with `wrangler d1 migrations apply`; both record them in d1_migrations).
import { MIGRATIONS } from './migrations.ts'
import { SqlEventStore, type RetentionOptions, type Row, type SqlDriver, type SqlValue, type Statement } from './sql-store.ts'

/** The part of D1's API used here (structural, so this file type-checks without workers types). */
export interface D1Statement {
  bind(...values: unknown[]): D1Statement
  all<T = Record<string, unknown>>(): Promise<{ results: T[] }>
}
export interface D1Like {
  prepare(sql: string): D1Statement
  batch(statements: D1Statement[]): Promise<{ meta: { changes?: number } }[]>
}

export function d1Driver(db: D1Like): SqlDriver {
  return {
    async batch(statements: readonly Statement[]) {
      const results = await db.batch(statements.map((s) => db.prepare(s.sql).bind(...s.args)))
      return results.map((r) => r.meta.changes ?? 0)
    },
    async query(sql: string, args: SqlValue[] = []) {
      const { results } = await db.prepare(sql).bind(...args).all<Row>()
      return results
    },
    async close() {},
  }
}

/** With `retention`, old events are purged on the isolate's first use and then at most daily. */
export function d1Store(db: D1Like, retention?: RetentionOptions): SqlEventStore {
  return new SqlEventStore(d1Driver(db), MIGRATIONS, Date.now, retention)
}
