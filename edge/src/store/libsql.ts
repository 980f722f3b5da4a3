// The event store on Node: a SQLite file through libsql (prebuilt binaries, no native build).
// WAL with synchronous=NORMAL: a committed batch survives a crash of the edge; a power cut may lose
// the last few batches, which is the usual trade for analytics events.
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { createClient, type Client, type InStatement } from '@libsql/client'
import { MIGRATIONS } from './migrations.ts'
import { SqlEventStore, type RetentionOptions, type Row, type SqlDriver, type SqlValue, type Statement } from './sql-store.ts'

export const MEMORY = ':memory:'

export function libsqlDriver(client: Client): SqlDriver {
  return {
    async batch(statements: readonly Statement[]) {
      const results = await client.batch(statements.map((s): InStatement => ({ sql: s.sql, args: s.args })), 'write')
      return results.map((r) => r.rowsAffected)
    },
    async query(sql: string, args: SqlValue[] = []) {
      const result = await client.execute({ sql, args })
      return result.rows.map((row) => Object.fromEntries(result.columns.map((name, i) => [name, row[i]])) as Row)
    },
    async close() {
      client.close()
    },
  }
}

/** Opens (creating it and its directory if needed) the SQLite file at `path`; `:memory:` for tests. */
export async function openLibsqlClient(path: string): Promise<Client> {
  if (path === MEMORY) return createClient({ url: ':memory:' })
  const file = resolve(path)
  await mkdir(dirname(file), { recursive: true })
  // One connection: SQLite has one writer anyway, and the PRAGMAs below are per connection.
  const client = createClient({ url: `file:${file}`, concurrency: 1 })
  await client.execute('PRAGMA journal_mode = WAL')
  await client.execute('PRAGMA synchronous = NORMAL')
  await client.execute('PRAGMA busy_timeout = 5000')
  return client
}

/** The store at `path`, migrated and ready; with `retention`, old events are purged now and daily. */
export async function openFileStore(path: string, retention?: RetentionOptions): Promise<SqlEventStore> {
  const store = new SqlEventStore(libsqlDriver(await openLibsqlClient(path)), MIGRATIONS, Date.now, retention)
  await store.migrate()
  return store
}
