// `tsx bench/report.ts`: the admin report over BENCH_EVENTS (default 1,000,000) events, through the
// real edge: a SQLite file (libsql, WAL) seeded with simulated demo months (edge/src/analytics/
// demo-data.ts, each month's ids made distinct), served by @hono/node-server on an ephemeral port.
// GET /v1/report runs while /healthz is sampled every 10 ms; prints the report's time, the process's
// peak RSS and the worst /healthz latency. Seeding runs in a child process, so its memory is not
// counted. Exits 1 over budget: 10 s, 300 MB RSS, 100 ms /healthz.
// BENCH_DB=path keeps (and reuses) the seeded file instead of a temporary one.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { demoEvents } from '../edge/src/analytics/demo-data.ts'
import { openFileStore } from '../edge/src/store/libsql.ts'
import { testApp } from '../edge/src/testing.ts'

const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const BUDGET_MS = 10_000
const BUDGET_RSS_MB = 300
const BUDGET_HEALTHZ_MS = 100
const DAY = 86_400_000
const START = Date.UTC(2025, 9, 1)

/** Child mode: fill the file at argv[3] with EVENTS events, a simulated month at a time. */
async function seed(path: string): Promise<void> {
  const store = await openFileStore(path)
  let stored = 0
  for (let month = 0; stored < EVENTS; month++) {
    const p = `m${month}-`
    const events = demoEvents({ visitors: 8_500, seed: 1000 + month, start: START + month * 30 * DAY }).map((e) => ({
      ...e,
      id: p + e.id,
      visitorId: p + e.visitorId,
      sessionId: p + e.sessionId,
      props: typeof e.props.orderId === 'string' ? { ...e.props, orderId: p + e.props.orderId } : e.props,
    }))
    for (let i = 0; i < events.length && stored < EVENTS; i += 5_000) {
      const chunk = events.slice(i, Math.min(i + 5_000, i + EVENTS - stored))
      stored += (await store.append(chunk)).accepted
    }
  }
  await store.close()
  console.log(`bench: seeded ${stored} events`)
}

async function main(): Promise<void> {
  const dir = process.env.BENCH_DB ? undefined : await mkdtemp(join(os.tmpdir(), 'huike-report-bench-'))
  const path = process.env.BENCH_DB ?? join(dir!, 'huike.db')
  try {
    if (!existsSync(path)) {
      const t = performance.now()
      const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--seed', path], { stdio: 'inherit', env: process.env })
      if (child.status !== 0) throw new Error('seeding failed')
      console.log(`bench: seeding took ${((performance.now() - t) / 1000).toFixed(1)} s`)
    }
    const store = await openFileStore(path)
    const app = testApp({ store, adminToken: 'bench' })
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    await (await fetch(`${base}/healthz`)).arrayBuffer()

    let peakRss = process.memoryUsage.rss()
    const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20)
    const latencies: number[] = []
    let running = true
    const sampler = (async () => {
      while (running) {
        const t = performance.now()
        await (await fetch(`${base}/healthz`)).arrayBuffer()
        latencies.push(performance.now() - t)
        await new Promise((r) => setTimeout(r, 10))
      }
    })()
    const t = performance.now()
    const res = await fetch(`${base}/v1/report`, { headers: { authorization: 'Bearer bench' } })
    const html = await res.text()
    const ms = performance.now() - t
    running = false
    await sampler
    clearInterval(rssTimer)
    peakRss = Math.max(peakRss, process.memoryUsage.rss())
    await new Promise((resolve) => server.close(resolve))
    await store.close()

    const events = /([\d,]+) events ·/.exec(html)?.[1]
    const rssMb = peakRss / 1024 / 1024
    const worst = Math.max(...latencies)
    const sorted = [...latencies].sort((a, b) => a - b)
    const p99 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))]!
    console.log(
      `report: ${res.status}, ${EVENTS.toLocaleString('en')} events${events ? ` (${events} in the report)` : ''}, ${(ms / 1000).toFixed(2)} s, ` +
        `peak RSS ${rssMb.toFixed(0)} MB, /healthz max ${worst.toFixed(1)} ms (p99 ${p99.toFixed(1)} ms, ${latencies.length} samples), page ${(html.length / 1024).toFixed(0)} KB`,
    )
    const over = [
      res.status !== 200 && `status ${res.status}`,
      ms > BUDGET_MS && `time over ${BUDGET_MS / 1000} s`,
      rssMb > BUDGET_RSS_MB && `RSS over ${BUDGET_RSS_MB} MB`,
      worst > BUDGET_HEALTHZ_MS && `/healthz over ${BUDGET_HEALTHZ_MS} ms`,
    ].filter(Boolean)
    if (over.length) {
      console.error(`bench: over budget: ${over.join(', ')}`)
      process.exitCode = 1
    }
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--seed') await seed(process.argv[3]!)
else await main()
