// LiveHub on Cloudflare Workers. Isolates share no memory, so each channel's fan-out and resume ring
// live in a Durable Object (hub-object.ts): one per visitor (their conversation's stream) and one for
// the agents' consoles, found by name. The Worker publishes with a POST and subscribes with a long
// GET whose body is one JSON line per event; its first line is what the subscriber missed and the
// cursor, as MemoryHub answers a subscription in one process.
import { LIVE_HEARTBEAT_MS } from '../../../shared/limits.ts'
import type { AgentLiveEvent, VisitorLiveEvent } from '../../../shared/live.ts'
import type { HubSubscription, LiveHub, Stamped } from './hub.ts'

/** The object's address for a channel: a visitor's, or (undefined) the agents'. */
export function hubObjectUrl(visitorId: string | undefined, after?: number): string {
  const url = new URL('https://live-hub/')
  if (visitorId !== undefined) url.searchParams.set('visitor', visitorId)
  if (after !== undefined) url.searchParams.set('after', String(after))
  return url.href
}

/** Reconnections in a row that bring no event before the subscription gives up. */
const MAX_QUIET_RECONNECTS = 3

/** The first line of a subscription's body. */
export interface SubscriptionHead {
  missed: Stamped<unknown>[] | null
  cursor: number
}

/** Reads a body line by line. */
function lineReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  return {
    async next(): Promise<string | undefined> {
      for (;;) {
        const end = buffer.indexOf('\n')
        if (end >= 0) {
          const line = buffer.slice(0, end)
          buffer = buffer.slice(end + 1)
          return line
        }
        const { value, done } = await reader.read()
        if (done) return undefined
        buffer += value
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  }
}

export class DurableHub implements LiveHub {
  constructor(
    private readonly objects: DurableObjectNamespace,
    readonly heartbeatMs = LIVE_HEARTBEAT_MS,
  ) {}

  toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void> {
    return this.publish(visitorId, event)
  }

  toAgents(event: AgentLiveEvent): Promise<void> {
    return this.publish(undefined, event)
  }

  subscribeVisitor(visitorId: string, after: number | undefined, listener: (e: Stamped<VisitorLiveEvent>) => void): Promise<HubSubscription<VisitorLiveEvent>> {
    return this.subscribe(visitorId, after, listener)
  }

  subscribeAgents(after: number | undefined, listener: (e: Stamped<AgentLiveEvent>) => void): Promise<HubSubscription<AgentLiveEvent>> {
    return this.subscribe(undefined, after, listener)
  }

  private object(visitorId: string | undefined) {
    return this.objects.get(this.objects.idFromName(visitorId === undefined ? 'agents' : `v:${visitorId}`))
  }

  private async publish(visitorId: string | undefined, event: VisitorLiveEvent | AgentLiveEvent): Promise<void> {
    const res = await this.object(visitorId).fetch(hubObjectUrl(visitorId), { method: 'POST', body: JSON.stringify(event) })
    if (!res.ok) throw new Error(`live hub: publishing failed with ${res.status}`)
  }

  /** One connection to the channel's object: its head, then its event lines. */
  private async connect(visitorId: string | undefined, after: number | undefined) {
    const res = await this.object(visitorId).fetch(hubObjectUrl(visitorId, after))
    if (!res.ok || !res.body) throw new Error(`live hub: subscribing failed with ${res.status}`)
    const lines = lineReader(res.body)
    const head = JSON.parse((await lines.next()) ?? 'null') as SubscriptionHead | null
    if (!head) throw new Error('live hub: the subscription ended before it began')
    return { head, lines }
  }

  private async subscribe<E>(visitorId: string | undefined, after: number | undefined, listener: (e: Stamped<E>) => void): Promise<HubSubscription<E>> {
    const first = await this.connect(visitorId, after)
    let lines = first.lines
    let open = true
    void (async () => {
      let last = first.head.cursor
      for (let quiet = 0; open; ) {
        let heard = false
        for (let line; open && (line = await lines.next().catch(() => undefined)) !== undefined; heard = true) {
          const e = JSON.parse(line) as Stamped<E>
          last = e.id
          listener(e)
        }
        if (!open) return
        // The object went away (a deploy or an eviction resets it): listen again from the last event
        // heard, so the stream carries on; what a new object never had is lost. A few times in a row
        // without an event in between means something is wrong, not a reset.
        quiet = heard ? 0 : quiet + 1
        if (quiet > MAX_QUIET_RECONNECTS) throw new Error('the live hub keeps hanging up')
        const again = await this.connect(visitorId, last)
        if (!open) return void again.lines.cancel()
        lines = again.lines
        for (const e of (again.head.missed as Stamped<E>[] | null) ?? []) {
          last = e.id
          listener(e)
        }
      }
    })().catch((err: unknown) => open && console.error('huike: live hub stream failed:', err))
    return {
      missed: (first.head.missed as Stamped<E>[] | null) ?? undefined,
      cursor: first.head.cursor,
      close: () => {
        open = false
        void lines.cancel()
      },
    }
  }
}
