// A restart as a deploy does it: SIGTERM to the running edge while visitors' widgets keep sending
// analytics batches and one visitor's answer is still streaming, then the new edge on the same
// HUIKE_DB. Every event that was acknowledged with 202 must be in the database afterwards, the
// streaming answer must end with `done` (and its turn be logged), and the stopping edge must take
// no new connections.
import { mkdtempSync, rmSync } from 'node:fs'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openLibsqlClient } from '../../edge/src/store/libsql.ts'
import { startEdge, type EdgeProcess } from '../support/edge-process.ts'

// node itself (not npm or tsx's CLI) so the pid the test signals is the edge's.
const EDGE = [process.execPath, '--import', 'tsx', 'edge/src/node.ts']
const SENDERS = 4

const dir = mkdtempSync(join(tmpdir(), 'huike-restart-'))
const env = { HUIKE_DB: join(dir, 'huike.db'), HUIKE_RATE_LIMIT: '0', HUIKE_EVENTS_RATE_LIMIT: '0' }
const edges: EdgeProcess[] = []

afterAll(async () => {
  await Promise.all(edges.map((e) => e.stop()))
  rmSync(dir, { recursive: true, force: true })
})

async function start(): Promise<EdgeProcess> {
  const edge = await startEdge({ command: EDGE, env })
  edges.push(edge)
  return edge
}

/** Visitors' widgets sending batches back to back; the ids of every event answered 202 end up in `acked`. */
function sendEventsUntil(url: () => string, stopped: () => boolean, acked: Set<string>): Promise<void[]> {
  let seq = 0
  return Promise.all(
    Array.from({ length: SENDERS }, async (_, sender) => {
      while (!stopped()) {
        const events = Array.from({ length: 20 }, () => {
          const n = seq++
          return { id: `e_${sender}_${n}`, type: 'widget_open', visitorId: `v_${n % 50}`, sessionId: `s_${n % 50}`, ts: Date.now(), props: { n } }
        })
        try {
          const res = await fetch(`${url()}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events }) })
          if (res.status === 202) for (const e of events) acked.add(e.id)
          else await res.body?.cancel()
        } catch {
          await new Promise((r) => setTimeout(r, 20)) // the edge is restarting: try again, as the widget does
        }
      }
    }),
  )
}

/** A chat answer read to its end: the event names in order, and a promise for its first delta. */
function streamChat(url: string, question: string): { firstDelta: Promise<void>; events: Promise<string[]> } {
  let onFirst!: () => void
  const firstDelta = new Promise<void>((resolve) => (onFirst = resolve))
  const events = (async () => {
    const res = await fetch(`${url}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'v_restart', sessionId: 's_restart', messages: [{ role: 'user', content: question }] }),
    })
    const names: string[] = []
    const decoder = new TextDecoder()
    let buffer = ''
    for await (const chunk of res.body!) {
      buffer += decoder.decode(chunk, { stream: true })
      for (const m of buffer.matchAll(/^event: (\w+)$/gm)) names.push(m[1]!)
      buffer = buffer.slice(buffer.lastIndexOf('\n') + 1)
      if (names.includes('delta')) onFirst()
    }
    return names
  })()
  return { firstDelta, events }
}

/** Whether a new TCP connection to `port` is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1')
    socket.once('connect', () => (socket.destroy(), resolve(true)))
    socket.once('error', () => resolve(false))
  })
}

describe('graceful restart (SIGTERM)', () => {
  it('loses no acknowledged event, finishes the running answer and takes no new connections', async () => {
    let edge = await start()
    const acked = new Set<string>()
    let stopped = false
    const senders = sendEventsUntil(() => edge.url, () => stopped, acked)
    await expect.poll(() => acked.size, { timeout: 20_000 }).toBeGreaterThan(400)

    // A comparison streams ~60 pieces, about a second at the offline responder's typing pace.
    const chat = streamChat(edge.url, 'Z7 和 Z7 Lite 有什么区别')
    await chat.firstDelta
    const before = acked.size
    process.kill(edge.pid, 'SIGTERM')
    await new Promise((r) => setTimeout(r, 100))
    expect(await accepts(edge.port)).toBe(false)

    expect((await chat.events).at(-1)).toBe('done')
    expect(await edge.exited).toBe(0)
    expect(edge.log()).toContain('shutting down')

    edge = await start()
    await expect.poll(() => acked.size, { timeout: 20_000 }).toBeGreaterThan(before + 400)
    stopped = true
    await senders
    process.kill(edge.pid, 'SIGTERM')
    expect(await edge.exited).toBe(0)

    const db = await openLibsqlClient(env.HUIKE_DB)
    const stored = new Set((await db.execute("SELECT id FROM events WHERE type = 'widget_open'")).rows.map((row) => String(row.id)))
    // The edge's own record of the answer that was streaming at SIGTERM was committed before it exited.
    const logged = await db.execute("SELECT COUNT(*) AS n FROM events WHERE type = 'message_sent' AND visitor_id = 'v_restart'")
    db.close()
    expect([...acked].filter((id) => !stored.has(id))).toEqual([])
    expect(Number(logged.rows[0]!.n)).toBe(1)
  })
})
