// The queue's order: who has waited longest first, then the conversations people hold (latest activity
// first), then the ones that ended lately (newest first), so nobody waiting scrolls out of sight.
import type { ConversationStatus, ConversationSummary } from '../../shared/live.ts'

/** Closed conversations stay in the queue this long, at most this many. */
export const RECENTLY_CLOSED_MS = 24 * 3_600_000
export const RECENTLY_CLOSED_MAX = 20

export type QueueGroups = Record<ConversationStatus, ConversationSummary[]>

const activity = (c: ConversationSummary) => Math.max(c.last?.ts ?? 0, c.since)

export function orderQueue(all: Iterable<ConversationSummary>, now: number): QueueGroups {
  const groups: QueueGroups = { waiting: [], active: [], closed: [] }
  for (const c of all) groups[c.status].push(c)
  groups.waiting.sort((a, b) => a.since - b.since)
  groups.active.sort((a, b) => activity(b) - activity(a))
  groups.closed = groups.closed
    .filter((c) => now - (c.closedAt ?? activity(c)) < RECENTLY_CLOSED_MS)
    .sort((a, b) => (b.closedAt ?? activity(b)) - (a.closedAt ?? activity(a)))
    .slice(0, RECENTLY_CLOSED_MAX)
  return groups
}

/** Whole minutes and seconds since `since`, never negative (the edge's clock may be a little ahead). */
export function elapsed(since: number, now: number): { m: number; s: number } {
  const total = Math.max(0, Math.floor((now - since) / 1000))
  return { m: Math.floor(total / 60), s: total % 60 }
}
