// Fills HUIKE_DB (default ./data/huike.db) with a deterministic simulated month of widget events
// (edge/src/analytics/demo-data.ts) through the store's append. Event ids are fixed, so running it
// twice stores nothing new. Usage: tsx scripts/seed-demo-data.ts [--visitors N] [--seed N]
import { demoEvents } from '../edge/src/analytics/demo-data.ts'
import { DEFAULT_DB_PATH } from '../edge/src/env.ts'
import { openFileStore } from '../edge/src/store/libsql.ts'

function flag(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return undefined
  const value = Number(process.argv[i + 1])
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} needs a positive whole number`)
  return value
}

async function main(): Promise<void> {
  const path = process.env.HUIKE_DB?.trim() || DEFAULT_DB_PATH
  const events = demoEvents({ visitors: flag('visitors'), seed: flag('seed') })
  const store = await openFileStore(path)
  let accepted = 0
  try {
    for (let i = 0; i < events.length; i += 100) accepted += (await store.append(events.slice(i, i + 100))).accepted
  } finally {
    await store.close()
  }
  console.log(`huike: ${path}: ${events.length} demo events, ${accepted} new`)
}

main().catch((err: unknown) => {
  console.error(`seed-demo-data: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
