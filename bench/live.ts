// `npx tsx bench/live.ts`: how fast a person's message reaches the visitor's widget. The Node edge
// (@hono/node-server on an ephemeral port, live desk over an in-memory SQLite, in-process hub) with
// a visitor's GET /v1/live stream open; BENCH_MESSAGES (default 100) agent messages are POSTed one
// after another, and each one's time from the POST to its event on the visitor's stream is recorded.
// Prints p50/p99/max. Exits 1 when p99 is over 200 ms (the contract allows 2 s end to end).
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { LiveDesk } from '../edge/src/live/desk.ts'
import { MemoryHub } from '../edge/src/live/hub.ts'
import { SqlConversationStore } from '../edge/src/live/sql-conversations.ts'
import { alwaysOpen } from '../edge/src/live/testing.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../edge/src/store/libsql.ts'
import { SqlEventStore } from '../edge/src/store/sql-store.ts'
import { chatBody, testApp } from '../edge/src/testing.ts'

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 100)
const BUDGET_P99_MS = 200
const TOKEN = 'bench-agent'

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function main(): Promise<void> {
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  const live = new LiveDesk({ conversations: new SqlConversationStore(driver), hub: new MemoryHub(), events: store })
  const app = testApp({ store, live, agentToken: TOKEN, config: alwaysOpen })
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', () => resolve()))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const json = { 'content-type': 'application/json' }
  const agent = { ...json, authorization: `Bearer ${TOKEN}` }

  // A visitor with a token asks for a person.
  const { token } = (await (await fetch(`${base}/v1/visitors`, { method: 'POST', headers: json, body: '{"visitorId":"v_bench"}' })).json()) as { token: string }
  await (await fetch(`${base}/v1/chat`, { method: 'POST', headers: json, body: chatBody('转人工', { visitorId: 'v_bench' }) })).text()
  const { conversations } = (await (await fetch(`${base}/v1/agent/conversations`, { headers: agent })).json()) as { conversations: { id: string }[] }
  const id = conversations[0]!.id

  // The visitor's stream: every agent message's arrival time, by its text.
  const arrived = new Map<string, number>()
  const waiters = new Map<string, () => void>()
  const stream = await fetch(`${base}/v1/live?visitorId=v_bench`, { headers: { authorization: `Bearer ${token}` } })
  const reader = stream.body!.getReader()
  const decoder = new TextDecoder()
  void (async () => {
    let buffer = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      const now = performance.now()
      buffer += decoder.decode(value, { stream: true })
      const blocks = buffer.split('\n\n')
      buffer = blocks.pop() ?? ''
      for (const block of blocks) {
        const data = /^data: (.*)$/m.exec(block)?.[1]
        if (!/^event: message$/m.test(block) || !data) continue
        const { content } = JSON.parse(data) as { content: string }
        arrived.set(content, now)
        waiters.get(content)?.()
      }
    }
  })()

  const latencies: number[] = []
  for (let i = 0; i < MESSAGES; i++) {
    const text = `bench message ${i}`
    const seen = new Promise<void>((resolve) => (arrived.has(text) ? resolve() : waiters.set(text, resolve)))
    const t = performance.now()
    const res = await fetch(`${base}/v1/agent/conversations/${id}/messages`, { method: 'POST', headers: agent, body: JSON.stringify({ text }) })
    if (res.status !== 201) throw new Error(`message ${i}: ${res.status} ${await res.text()}`)
    await seen
    latencies.push(arrived.get(text)! - t)
  }
  await reader.cancel()
  server.close()
  await store.close()

  latencies.sort((a, b) => a - b)
  const p50 = percentile(latencies, 50)
  const p99 = percentile(latencies, 99)
  console.log(`bench live: ${MESSAGES} agent messages, POST → visitor stream: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`)
  if (p99 > BUDGET_P99_MS) {
    console.error(`bench live: p99 over the ${BUDGET_P99_MS} ms budget`)
    process.exit(1)
  }
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
