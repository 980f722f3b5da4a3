// Frequency caps. The device keeps what was shown (profile.marketing.shown: rule id → epoch ms) and
// sends it with each request; the edge has no per-visitor store, so it checks the caps against that
// history and returns the whole updated history. A visit is the last 30 minutes (the usual web
// analytics session window); a day and a week are rolling 24 h and 7 × 24 h.
import type { Caps } from '../../../shared/config.ts'
import type { MarketingHistory } from '../../../shared/protocol.ts'

export const VISIT_MS = 30 * 60_000
export const DAY_MS = 24 * 3_600_000
export const WEEK_MS = 7 * DAY_MS

function within(times: readonly number[], now: number, ms: number): number {
  return times.filter((t) => t <= now && now - t < ms).length
}

/** Whether one more show keeps `times` within `caps`. */
export function underCaps(times: readonly number[], caps: Caps, now: number): boolean {
  if (caps.perVisit !== undefined && within(times, now, VISIT_MS) >= caps.perVisit) return false
  if (caps.perDay !== undefined && within(times, now, DAY_MS) >= caps.perDay) return false
  if (caps.perWeek !== undefined && within(times, now, WEEK_MS) >= caps.perWeek) return false
  return true
}

export function shownTimes(history: MarketingHistory | undefined, ruleId: string): number[] {
  const times = history?.shown?.[ruleId]
  return Array.isArray(times) ? times.filter((t) => typeof t === 'number') : []
}

/** Every show of the given (promotional) rules, for the global caps. */
export function allShown(history: MarketingHistory | undefined, ruleIds: readonly string[]): number[] {
  return ruleIds.flatMap((id) => shownTimes(history, id))
}

/** The history with `ruleId` shown at `now`, shows older than a week dropped (no cap looks further back). */
export function recordShown(history: MarketingHistory | undefined, ruleId: string, now: number): MarketingHistory {
  const shown: Record<string, number[]> = {}
  for (const [id, times] of Object.entries(history?.shown ?? {})) {
    const kept = (Array.isArray(times) ? times : []).filter((t) => typeof t === 'number' && now - t < WEEK_MS)
    if (kept.length) shown[id] = kept
  }
  shown[ruleId] = [...(shown[ruleId] ?? []), now]
  return { ...history, shown }
}
