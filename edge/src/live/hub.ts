// Who hears about live events: each visitor's open streams (their tabs) and every agent console.
// Every event gets an increasing id (the SSE `id:`), and the newest events stay in a bounded ring so
// a stream that reconnects with `Last-Event-ID` gets exactly what it missed. MemoryHub does this in
// one Node process; on Workers a Durable Object can implement LiveHub (isolates share no memory).
import { LIVE_HEARTBEAT_MS } from '../../../shared/limits.ts'
import type { AgentLiveEvent, VisitorLiveEvent } from '../../../shared/live.ts'

export interface Stamped<E> {
  id: number
  event: E
}

export interface HubSubscription<E> {
  /**
   * The events after `after` still in the ring, oldest first; undefined when the ring no longer
   * reaches back that far (or the id is not this hub's, e.g. from before a restart): a gap.
   */
  missed: Stamped<E>[] | undefined
  /** The newest id so far: a snapshot taken now is current as of this id. */
  cursor: number
  close(): void
}

export interface LiveHub {
  /** How often an open stream sends a comment line (proxies keep it, the widget counts it as life). */
  readonly heartbeatMs: number
  toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void>
  toAgents(event: AgentLiveEvent): Promise<void>
  /** Listens from now on; `after`: the stream's Last-Event-ID, whose missed events come back in `missed`. */
  subscribeVisitor(visitorId: string, after: number | undefined, listener: (e: Stamped<VisitorLiveEvent>) => void): Promise<HubSubscription<VisitorLiveEvent>>
  subscribeAgents(after: number | undefined, listener: (e: Stamped<AgentLiveEvent>) => void): Promise<HubSubscription<AgentLiveEvent>>
}

export interface MemoryHubOptions {
  /** Events kept for resume, across all channels. */
  capacity?: number
  heartbeatMs?: number
  /** The first id minus one; default now in ms, so ids from before a restart read as a gap, not as ids of this hub. */
  startId?: number
}

const AGENTS = 'agents'
const visitorChannel = (visitorId: string) => `v:${visitorId}`

interface Entry {
  id: number
  channel: string
  event: VisitorLiveEvent | AgentLiveEvent
}

type Listener = (e: Stamped<VisitorLiveEvent | AgentLiveEvent>) => void

export class MemoryHub implements LiveHub {
  readonly heartbeatMs: number
  private readonly capacity: number
  private readonly ring: (Entry | undefined)[]
  private next = 0 // where the next entry goes in the ring
  private lastId: number
  private readonly listeners = new Map<string, Set<Listener>>()

  constructor(options: MemoryHubOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? 2048)
    this.heartbeatMs = options.heartbeatMs ?? LIVE_HEARTBEAT_MS
    this.ring = new Array<Entry | undefined>(this.capacity)
    this.lastId = options.startId ?? Date.now()
  }

  async toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void> {
    this.publish(visitorChannel(visitorId), event)
  }

  async toAgents(event: AgentLiveEvent): Promise<void> {
    this.publish(AGENTS, event)
  }

  async subscribeVisitor(visitorId: string, after: number | undefined, listener: (e: Stamped<VisitorLiveEvent>) => void) {
    return this.subscribe(visitorChannel(visitorId), after, listener as Listener) as HubSubscription<VisitorLiveEvent>
  }

  async subscribeAgents(after: number | undefined, listener: (e: Stamped<AgentLiveEvent>) => void) {
    return this.subscribe(AGENTS, after, listener as Listener) as HubSubscription<AgentLiveEvent>
  }

  private publish(channel: string, event: VisitorLiveEvent | AgentLiveEvent): void {
    const entry = { id: ++this.lastId, channel, event }
    this.ring[this.next] = entry
    this.next = (this.next + 1) % this.capacity
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener({ id: entry.id, event })
      } catch (err) {
        console.error('huike: a live listener failed:', err) // one broken stream must not starve the others
      }
    }
  }

  private subscribe(channel: string, after: number | undefined, listener: Listener): HubSubscription<VisitorLiveEvent | AgentLiveEvent> {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener)
    return {
      missed: after === undefined ? [] : this.since(channel, after),
      cursor: this.lastId,
      close: () => {
        set.delete(listener)
        if (set.size === 0 && this.listeners.get(channel) === set) this.listeners.delete(channel)
      },
    }
  }

  /** The channel's events after `after`, or undefined when the ring does not reach back to it. */
  private since(channel: string, after: number): Stamped<VisitorLiveEvent | AgentLiveEvent>[] | undefined {
    const oldest = this.ring[this.next] ?? this.ring[0] // the slot about to be overwritten is the oldest, once full
    const firstKept = oldest ? oldest.id : this.lastId + 1
    if (!Number.isInteger(after) || after > this.lastId || after < firstKept - 1) return undefined
    const out: Stamped<VisitorLiveEvent | AgentLiveEvent>[] = []
    for (let i = 0; i < this.capacity; i++) {
      const entry = this.ring[(this.next + i) % this.capacity]
      if (entry && entry.id > after && entry.channel === channel) out.push({ id: entry.id, event: entry.event })
    }
    return out
  }
}

/** A Last-Event-ID header as the hub's id: undefined when absent; NaN (a gap) when not one of ours. */
export function parseEventId(header: string | undefined): number | undefined {
  if (!header?.trim()) return undefined
  const id = Number(header.trim())
  return Number.isSafeInteger(id) ? id : Number.NaN
}
