// Test helpers for live handoff (not a test file): the demo app with the live desk on an in-memory
// database and a clock the test moves, registered visitors, and a reader that takes a live SSE
// stream one event at a time while it is still open.
import type { Hono } from 'hono'
import type { SiteConfig } from '../../../shared/config.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore } from '../store/sql-store.ts'
import { chatBody, demoConfig, postJson, readEvents, testApp } from '../testing.ts'
import { LiveDesk } from './desk.ts'
import { MemoryHub, type MemoryHubOptions } from './hub.ts'
import { SqlConversationStore } from './sql-conversations.ts'

export const AGENT_TOKEN = 'agent-secret'
export const agentAuth = { authorization: `Bearer ${AGENT_TOKEN}` }

/** The demo config with people on duty around the clock, so a handoff is live whenever the test runs. */
export const alwaysOpen: SiteConfig = { ...demoConfig, handoff: { ...demoConfig.handoff, hours: undefined } }

/** `hub`: its ring's size and heartbeat (default: a heartbeat too rare to appear in a test). */
export async function liveTestApp(o: { waitMs?: number; agentToken?: string | null; config?: SiteConfig; hub?: MemoryHubOptions } = {}) {
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  let t = Date.UTC(2026, 0, 5, 4, 0, 0)
  const clock = { now: () => t, advance: (ms: number) => void (t += ms) }
  const hub = new MemoryHub({ heartbeatMs: 60_000, ...o.hub })
  const desk = new LiveDesk({ conversations: new SqlConversationStore(driver), hub, events: store, waitMs: o.waitMs ?? 180_000, now: clock.now, log: () => {} })
  const app = testApp({ store, live: desk, agentToken: o.agentToken === null ? undefined : o.agentToken ?? AGENT_TOKEN, config: o.config ?? alwaysOpen })
  return { app, desk, store, clock, hub }
}

/** Registers a visitor; their bearer header. */
export async function registerVisitor(app: Hono, visitorId: string): Promise<{ authorization: string }> {
  const res = await postJson(app, '/v1/visitors', JSON.stringify({ visitorId }))
  if (res.status !== 201) throw new Error(`registration answered ${res.status}`)
  const { token } = (await res.json()) as { token: string }
  return { authorization: `Bearer ${token}` }
}

/** The visitor asks for a person on /v1/chat: their conversation's id, from the agents' queue. */
export async function askForPerson(app: Hono, visitorId: string, text = '转人工'): Promise<string> {
  await readEvents(await postJson(app, '/v1/chat', chatBody(text, { visitorId })))
  const res = await app.request('/v1/agent/conversations', { headers: agentAuth })
  const { conversations } = (await res.json()) as { conversations: { id: string; visitorId: string }[] }
  const mine = conversations.find((c) => c.visitorId === visitorId)
  if (!mine) throw new Error(`no conversation for ${visitorId}`)
  return mine.id
}

export function agentPost(app: Hono, path: string, body: unknown = {}, headers: Record<string, string> = agentAuth): Promise<Response> {
  return postJson(app, `/v1/agent/conversations/${path}`, JSON.stringify(body), headers)
}

export interface LiveEventRead {
  id?: string
  event: string
  data: Record<string, unknown>
}

/** Reads a live stream as it arrives: `next()` waits for the next event (heartbeats skipped); undefined once the stream ended. */
export function liveReader(res: Response) {
  const reader = res.body!.getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const ready: LiveEventRead[] = []
  const parse = (block: string) => {
    const e: Partial<LiveEventRead> = {}
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) e.id = line.slice(4)
      else if (line.startsWith('event: ')) e.event = line.slice(7)
      else if (line.startsWith('data: ')) e.data = JSON.parse(line.slice(6)) as Record<string, unknown>
    }
    if (e.event) ready.push(e as LiveEventRead)
  }
  return {
    async next(): Promise<LiveEventRead | undefined> {
      while (!ready.length) {
        const { done, value } = await reader.read()
        if (done) return undefined
        buffer += decoder.decode(value, { stream: true })
        const blocks = buffer.split('\n\n')
        buffer = blocks.pop() ?? ''
        blocks.forEach(parse)
      }
      return ready.shift()
    },
    /** Events until (and with) the first that `stop` accepts. */
    async until(stop: (e: LiveEventRead) => boolean): Promise<LiveEventRead[]> {
      const seen: LiveEventRead[] = []
      for (;;) {
        const e = await this.next()
        if (!e) throw new Error(`the stream ended after ${JSON.stringify(seen)}`)
        seen.push(e)
        if (stop(e)) return seen
      }
    },
    close: () => reader.cancel(),
  }
}

export function openLive(app: Hono, visitorId: string, auth: Record<string, string>, lastEventId?: string): Promise<Response> {
  return Promise.resolve(app.request(`/v1/live?visitorId=${encodeURIComponent(visitorId)}`, { headers: { ...auth, ...(lastEventId && { 'last-event-id': lastEventId }) } }))
}
