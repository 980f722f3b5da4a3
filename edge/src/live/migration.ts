// The live-handoff tables (migrations/0004_live.sql), which the conversation store applies on first
// use (recorded by name in d1_migrations, so neither the edge's event store nor `wrangler d1
// migrations apply` runs it twice): a conversation store can live on a database of its own.
import { MIGRATIONS, type Migration } from '../store/migrations.ts'

export const LIVE_MIGRATION: Migration = MIGRATIONS.find((m) => m.name === '0004_live.sql')!
