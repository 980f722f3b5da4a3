// The event store on Node: a SQLite file through libsql (prebuilt binaries, no native build).
// WAL with synchronous=NORMAL: a committed batch survives a crash of the edge; a power cut may lose
// the last few batches, which is the usual trade for analytics events.
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
// Imported, not the global: a test's fake timers must not hold the store's writes back.
import { setImmediate } from 'node:timers'
import { createClient, type Client, type InStatement } from '@libsql/client'
import { MIGRATIONS } from './migrations.ts'
import { SqlEventStore, type RetentionOptions, type Row, type SqlDriver, type SqlValue, type Statement } from './sql-store.ts'

export const MEMORY = ':memory:'

export function libsqlDriver(client: Client): SqlDriver {
  const writes = groupCommit(async (statements) => {
    const results = await client.batch(statements.map((s): InStatement => ({ sql: s.sql, args: s.args })), 'write')
    return results.map((r) => r.rowsAffected)
  })
  return {
    batch: writes.write,
    async query(sql: string, args: SqlValue[] = []) {
      const result = await client.execute({ sql, args })
      return result.rows.map((row) => Object.fromEntries(result.columns.map((name, i) => [name, row[i]])) as Row)
    },
    // Pending writes are committed first: a batch that was accepted is never dropped by a shutdown.
    async close() {
      await writes.idle()
      client.close()
    },
  }
}

type Commit = (statements: readonly Statement[]) => Promise<number[]>

/**
 * Group commit: the writes asked for within one turn of the event loop share one transaction. Under
 * load each chat turn's log line and each events batch no longer pays for a transaction (BEGIN,
 * COMMIT, a WAL append) of its own. Each caller still gets the row counts of its own statements,
 * once the shared transaction is committed; when it fails, each caller's statements are run again
 * alone, so one bad batch fails only itself. Groups commit one after another, in the order asked.
 */
export function groupCommit(commit: Commit): { write: Commit; idle: () => Promise<void> } {
  let queue: { statements: readonly Statement[]; resolve: (changes: number[]) => void; reject: (err: unknown) => void }[] = []
  let chain: Promise<void> = Promise.resolve()
  let pending = 0
  const commitGroup = async () => {
    const group = queue
    queue = []
    if (!group.length) return
    if (group.length === 1) return void (await commit(group[0]!.statements).then(group[0]!.resolve, group[0]!.reject))
    try {
      const changes = await commit(group.flatMap((w) => w.statements))
      let at = 0
      for (const w of group) w.resolve(changes.slice(at, (at += w.statements.length)))
    } catch {
      for (const w of group) await commit(w.statements).then(w.resolve, w.reject)
    }
  }
  return {
    write(statements) {
      pending++
      return new Promise<number[]>((resolve, reject) => {
        // The first write of a turn schedules the group's commit once that turn's other writes are in.
        if (!queue.length) setImmediate(() => (chain = chain.then(commitGroup)))
        queue.push({ statements, resolve, reject })
      }).finally(() => pending--)
    },
    async idle() {
      while (pending > 0) {
        await new Promise((resolve) => setImmediate(resolve))
        await chain
      }
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
