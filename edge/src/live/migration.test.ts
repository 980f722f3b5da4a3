import { describe, expect, it } from 'vitest'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { MIGRATIONS } from '../store/migrations.ts'
import { SqlEventStore } from '../store/sql-store.ts'
import { LIVE_MIGRATION } from './migration.ts'
import { SqlConversationStore } from './sql-conversations.ts'

describe('the live tables migration', () => {
  it('is applied once, beside the event store, whichever runs first', async () => {
    const driver = libsqlDriver(await openLibsqlClient(MEMORY))
    const conversations = new SqlConversationStore(driver)
    expect(await conversations.list({ limit: 10 })).toEqual([])
    await new SqlEventStore(driver).migrate()
    const names = (await driver.query('SELECT name FROM d1_migrations ORDER BY id')).map((r) => r.name)
    expect(names.filter((n) => n === LIVE_MIGRATION.name)).toHaveLength(1)
    expect(new Set(names)).toEqual(new Set(MIGRATIONS.map((m) => m.name)))
  })
})
