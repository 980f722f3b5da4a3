// `tsx bench/events.ts`: sustained event ingest through the real app (POST /v1/events via
// app.request, validation included) into a SQLite file (libsql, WAL) in a temp directory. Sends
// batches of 50–100 events from a few concurrent senders for BENCH_SECONDS (default 5), re-sending
// every 20th batch to exercise dedupe, then checks nothing was lost or stored twice: rows in the
// table = distinct events sent = sum of `accepted`. Exits 1 below BUDGET events/s or on any loss.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import { libsqlDriver, openLibsqlClient } from '../edge/src/store/libsql.ts'
import { countRows, SqlEventStore } from '../edge/src/store/sql-store.ts'
import { testApp } from '../edge/src/testing.ts'

const BUDGET_EVENTS_PER_SECOND = 10_000
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const SENDERS = Number(process.env.BENCH_SENDERS ?? 4)
const RESEND_EVERY = 20
const TYPES = ['widget_open', 'message_sent', 'product_click', 'coupon_shown', 'view_product', 'cart_add']

const dir = await mkdtemp(join(os.tmpdir(), 'huike-bench-'))
const driver = libsqlDriver(await openLibsqlClient(join(dir, 'huike.db')))
const store = new SqlEventStore(driver)
await store.migrate()
const app = testApp({ store })

let sent = 0 // distinct events
let accepted = 0
let duplicates = 0
let resent = 0
let requests = 0
let failures = 0
let seq = 0

function batch(): object[] {
  const size = 50 + Math.floor(Math.random() * 51)
  const events = []
  for (let i = 0; i < size; i++) {
    const n = seq++
    const visitor = n % 5_000
    events.push({
      id: `e${n.toString(36)}`,
      type: TYPES[n % TYPES.length],
      visitorId: `v_${visitor}`,
      sessionId: `s_${visitor}_${n % 3}`,
      ts: 1_760_000_000_000 + n,
      props: { productId: `p${n % 997}`, page: '/landing?utm_term=儿童手表', value: n % 100 },
    })
  }
  return events
}

async function post(body: string): Promise<{ accepted: number; duplicates: number } | undefined> {
  requests++
  const res = await app.request('/v1/events', { method: 'POST', body, headers: { 'content-type': 'application/json' } })
  if (res.status !== 202) {
    failures++
    console.error(`bench: ${res.status} ${await res.text()}`)
    return undefined
  }
  return (await res.json()) as { accepted: number; duplicates: number }
}

async function sender(until: number): Promise<void> {
  let batches = 0
  while (performance.now() < until) {
    const events = batch()
    const body = JSON.stringify({ events })
    const result = await post(body)
    if (!result) continue
    sent += events.length
    accepted += result.accepted
    duplicates += result.duplicates
    if (++batches % RESEND_EVERY === 0) {
      const again = await post(body)
      if (again) {
        resent += events.length
        accepted += again.accepted
        duplicates += again.duplicates
      }
    }
  }
}

try {
  // Warm-up (JIT, first transaction), not counted.
  await sender(performance.now() + 300)
  const [warmSent, warmResent, warmRequests] = [sent, resent, requests]
  const start = performance.now()
  await Promise.all(Array.from({ length: SENDERS }, () => sender(start + SECONDS * 1000)))
  const seconds = (performance.now() - start) / 1000

  const rows = await countRows(driver, 'events')
  const measured = sent - warmSent + (resent - warmResent)
  const rate = measured / seconds

  console.log(`huike events bench on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? '?'}), ${SENDERS} senders, batches of 50–100`)
  console.log(`  ${measured.toLocaleString('en')} events in ${requests - warmRequests} requests over ${seconds.toFixed(2)} s: ${Math.round(rate).toLocaleString('en')} events/s`)
  console.log(`  distinct sent ${sent}, re-sent ${resent}; accepted ${accepted}, duplicates ${duplicates}; rows stored ${rows}; failed requests ${failures}`)

  const problems: string[] = []
  if (failures) problems.push(`${failures} requests failed`)
  if (rows !== sent) problems.push(`${sent} distinct events sent but ${rows} rows stored`)
  if (accepted !== sent || duplicates !== resent) problems.push(`acknowledged ${accepted} accepted / ${duplicates} duplicates, expected ${sent} / ${resent}`)
  if (rate < BUDGET_EVENTS_PER_SECOND) problems.push(`${Math.round(rate)} events/s is under the budget of ${BUDGET_EVENTS_PER_SECOND}`)
  if (problems.length) {
    for (const p of problems) console.error(`FAIL: ${p}`)
    process.exitCode = 1
  } else console.log(`OK: no loss, no double storage, ≥ ${BUDGET_EVENTS_PER_SECOND.toLocaleString('en')} events/s`)
} finally {
  await store.close()
  await rm(dir, { recursive: true, force: true })
}
