// The Durable Object behind DurableHub (durable-hub.ts): one channel's fan-out and resume ring, kept
// by a MemoryHub inside the object (a channel's requests all reach the same object, so one process's
// hub is right here). POST publishes an event; GET subscribes: the body is one JSON line with what
// was missed and the cursor, then one line per event until the Worker hangs up.
// A visitor's object also keeps their wait: on Workers no timer outlives the request that set it, so
// when a conversation starts waiting the object sets an alarm for the end of the wait, and the alarm
// runs the desk's check (`expireOverdue`, given by the Worker, which has the database).
import { DurableObject } from 'cloudflare:workers'
import type { AgentLiveEvent, VisitorLiveEvent } from '../../../shared/live.ts'
import type { SubscriptionHead } from './durable-hub.ts'
import { MemoryHub, type Stamped } from './hub.ts'

/** After the wait, so the desk finds the conversation overdue (its clock and the alarm's may differ slightly). */
const ALARM_MARGIN_MS = 1_000

export abstract class LiveHubChannel<Env = unknown> extends DurableObject<Env> {
  private readonly hub = new MemoryHub()

  /** Closes, as unanswered, every conversation that waited too long (LiveDesk.expireOverdue). */
  protected abstract expireOverdue(): Promise<void>

  override async alarm(): Promise<void> {
    await this.expireOverdue() // a failure throws, and Workers retry the alarm
  }

  override async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url)
    const visitorId = url.searchParams.get('visitor') ?? undefined
    if (request.method === 'POST') {
      const event = (await request.json()) as VisitorLiveEvent | AgentLiveEvent
      if (visitorId !== undefined) await this.toVisitor(visitorId, event as VisitorLiveEvent)
      else await this.hub.toAgents(event as AgentLiveEvent)
      return new Response(null, { status: 204 })
    }
    const afterParam = url.searchParams.get('after')
    const after = afterParam === null ? undefined : Number(afterParam)
    const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>()
    const writer = writable.getWriter()
    const encoder = new TextEncoder()
    // Events that arrive before the head is written wait for it, so the Worker reads the head first.
    let pending: Stamped<unknown>[] | undefined = []
    const write = (value: unknown) => writer.write(encoder.encode(`${JSON.stringify(value)}\n`)).catch(() => subscription.close())
    const listener = (e: Stamped<unknown>) => (pending ? pending.push(e) : void write(e))
    const subscription =
      visitorId !== undefined
        ? await this.hub.subscribeVisitor(visitorId, after, listener as (e: Stamped<VisitorLiveEvent>) => void)
        : await this.hub.subscribeAgents(after, listener as (e: Stamped<AgentLiveEvent>) => void)
    // The Worker hung up (its client went away): stop listening now, not at the next event.
    writer.closed.catch(() => subscription.close())
    const head: SubscriptionHead = { missed: subscription.missed ?? null, cursor: subscription.cursor }
    void write(head)
    for (const e of pending) void write(e)
    pending = undefined
    return new Response(readable, { headers: { 'content-type': 'application/x-ndjson' } })
  }

  private async toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void> {
    if (event.event === 'status') {
      const { status, waitMs } = event.data
      if (status === 'waiting' && waitMs !== undefined) await this.ctx.storage.setAlarm(Date.now() + waitMs + ALARM_MARGIN_MS)
      else if (status !== 'waiting') await this.ctx.storage.deleteAlarm() // taken or closed: nothing left to check
    }
    await this.hub.toVisitor(visitorId, event)
  }
}
