// The event store behind POST /v1/events and the visitor-data endpoints: one small interface, two
// implementations over the same SQL (store/sql-store.ts): a libsql file on Node (store/libsql.ts)
// and a D1 binding on Workers (store/d1.ts).
import type { TrackedEvent } from '../../../shared/protocol.ts'

/** An event as stored and exported: the tracked event with its id and when the edge received it. */
export interface StoredEvent {
  id: string
  type: string
  visitorId: string
  sessionId: string
  ts: number
  props: Record<string, unknown>
  receivedAt: number
}

export interface AppendResult {
  /** Events newly stored. */
  accepted: number
  /** Events whose id was already stored (a re-sent batch): acknowledged, not stored twice. */
  duplicates: number
}

export interface VisitorExport {
  visitorId: string
  /** When the visitor's token was issued (epoch ms). */
  createdAt: number
  events: StoredEvent[]
}

/** Which events `EventStore.events` returns (all bounds optional; `until` exclusive). */
export interface EventFilter {
  since?: number
  until?: number
  types?: readonly string[]
}

/** Where a window of events ended: its last event's ts and id. */
export interface EventCursor {
  ts: number
  id: string
}

/** Where a window of events in visitor order ended: its last event's visitor, ts and id. */
export interface VisitorCursor extends EventCursor {
  visitorId: string
}

export interface EventStore {
  /** Stores a batch all-or-nothing, in one transaction; events without an id get a random one. */
  append(events: readonly TrackedEvent[]): Promise<AppendResult>
  /** Everything stored about a visitor; undefined when the visitor was never registered. */
  exportVisitor(visitorId: string): Promise<VisitorExport | undefined>
  /** Erases the visitor's events and their visitor row; false when nothing was stored. */
  deleteVisitor(visitorId: string): Promise<boolean>
  /** Records the hash of the visitor's token; false when the visitor already has one. */
  registerVisitor(visitorId: string, tokenHash: string): Promise<boolean>
  /** Whether `token` is the one issued to this visitor. */
  checkToken(visitorId: string, token: string): Promise<boolean>
  /** How many other visitors arrived through this visitor's share link (`referral_visit {ref}`). */
  referralCount(visitorId: string): Promise<number>
  /** Deletes events of these types received before `before` (epoch ms); returns how many. */
  purge(types: readonly string[], before: number): Promise<number>
  /** Stored events matching the filter, oldest first (tests and small exports: it loads them all). */
  events(filter?: EventFilter): Promise<StoredEvent[]>
  /**
   * One window of the events matching the filter, in (ts, id) order: at most `limit`, those after
   * `after` (the previous window's last event). The report reads the store this way, window by
   * window, never all of it at once.
   */
  eventPage(filter: EventFilter, after: EventCursor | undefined, limit: number): Promise<StoredEvent[]>
  /**
   * The same, in (visitorId, ts, id) order: each visitor's events together, oldest first. The
   * report reads the store this way, so it can forget a visitor once the next one begins.
   */
  visitorPage(filter: EventFilter, after: VisitorCursor | undefined, limit: number): Promise<StoredEvent[]>
  /** Deletes every event received before `before` (epoch ms), in bounded batches; returns how many. */
  purgeBefore(before: number): Promise<number>
  close(): Promise<void>
}
