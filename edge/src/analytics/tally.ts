// Counting helpers for the report. KeyTally: counts per key that come out in the order a (ts, id)-
// ordered scan would first have met each key. The report reads events visitor by visitor, yet some
// lists break ties by that first-met order (a stable sort after localeCompare, which calls some
// distinct strings equal): each key's earliest (ts, id) keeps them as a time-ordered scan made them.
import { byTsId } from '../store/order.ts'
import type { EventCursor } from '../store/types.ts'

export class KeyTally {
  private readonly keys = new Map<string, { count: number; ts: number; id: string }>()

  /** Adds `count` (0: only notes that the key was met at `at`). */
  add(key: string, at: EventCursor, count = 1): void {
    const k = this.keys.get(key)
    if (!k) this.keys.set(key, { count, ts: at.ts, id: at.id })
    else {
      k.count += count
      if (byTsId(at, k) < 0) {
        k.ts = at.ts
        k.id = at.id
      }
    }
  }

  get(key: string): number | undefined {
    return this.keys.get(key)?.count
  }

  /** [key, count], first met first: what a Map filled during a time-ordered scan iterates. */
  entries(): [string, number][] {
    return [...this.keys].sort(([, a], [, b]) => byTsId(a, b)).map(([key, k]) => [key, k.count])
  }

  /** The earliest (ts, id) the key was met at. */
  first(key: string): EventCursor | undefined {
    return this.keys.get(key)
  }
}

const HISTOGRAM_EDGES = [0, 250, 500, 1000, 1500, 2000, 3000, 5000, 8000]

export function histogram(values: readonly number[]): { from: number; to: number; count: number }[] {
  const counts = HISTOGRAM_EDGES.map(() => 0)
  for (const v of values) {
    for (let i = HISTOGRAM_EDGES.length - 1; i >= 0; i--) {
      if (v >= HISTOGRAM_EDGES[i]!) {
        counts[i]!++
        break
      }
    }
  }
  return HISTOGRAM_EDGES.map((from, i) => ({ from, to: HISTOGRAM_EDGES[i + 1] ?? Infinity, count: counts[i]! }))
}

/** Most first; ties by key, then first met (the sort is stable). */
export function sortedCounts(counts: KeyTally): { key: string; count: number }[] {
  return counts
    .entries()
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}
