// The admin report's numbers, computed from stored events (CONTRACT §4 event types). Pure: the
// route and scripts/report.ts read the events, this turns them into a Report, report/render.ts
// draws it. Event props are untrusted: every value read here is checked before use. Purchases are
// attributed to what preceded them by attribution.ts.
import type { StoredEvent } from '../store/types.ts'
import { DEFAULT_WINDOW_MS, DIMENSIONS, attribute, isPurchase, kept, str, type Attribution, type Dimension } from './attribution.ts'
import { feedbackPositive, gapGroups, topicReviews, utcDay, type GapGroup, type TopicReview } from './gaps.ts'
import { experiments, type Experiment } from './experiment-results.ts'
import { percentile } from './stats.ts'

export { DEFAULT_WINDOW_MS, attribute } from './attribution.ts'
export const FUNNEL_STEPS = ['greet_shown', 'widget_open', 'message_sent', 'product_click', 'coupon_copied', 'purchase'] as const
export { SIGNIFICANCE, type Experiment, type Variant } from './experiment-results.ts'

export interface ReportOptions {
  /** Attribution window (ms); default 7 days. */
  windowMs?: number
  /** When the report was made (epoch ms); default the newest event's time. */
  now?: number
}

export interface Breakdown {
  key: string
  visitors: number
  /** Visitors with a (not fully refunded) purchase attributed to this key. */
  converted: number
  rate: number
  orders: number
  revenue: number
}

export interface Report {
  generatedAt: number
  from?: number
  to?: number
  windowMs: number
  events: number
  visitors: number
  sessions: number
  /** Sessions with at least one message_sent. */
  conversations: number
  responseTime: { count: number; p50?: number; p90?: number; p95?: number; p99?: number; histogram: { from: number; to: number; count: number }[] }
  funnel: { step: string; visitors: number }[]
  revenue: { orders: number; gross: number; refunds: number; net: number; refundedOrders: number }
  byCampaign: Breakdown[]
  byKeyword: Breakdown[]
  bySource: Breakdown[]
  byRule: Breakdown[]
  handoff: { sessions: number; share: number; reasons: { reason: string; count: number }[] }
  satisfaction: { day: string; csat?: number; csatN: number; up: number; down: number; share?: number }[]
  intents: { intent: string; count: number }[]
  experiments: Experiment[]
  gaps: GapGroup[]
  topics: TopicReview[]
}

function breakdown(events: readonly StoredEvent[], orders: readonly Attribution[], dim: Dimension): Breakdown[] {
  const visitors = new Map<string, Set<string>>()
  for (const e of events) {
    const v = str(e.props[DIMENSIONS[dim]])
    if (v === undefined || isPurchase(e.type) || e.type === 'refund') continue
    const set = visitors.get(v) ?? new Set<string>()
    visitors.set(v, set)
    set.add(e.visitorId)
  }
  const rows = new Map<string, Breakdown & { buyers: Set<string> }>()
  for (const [key, set] of visitors) rows.set(key, { key, visitors: set.size, converted: 0, rate: 0, orders: 0, revenue: 0, buyers: new Set() })
  for (const o of orders) {
    const key = o.dims[dim]
    const row = key === undefined ? undefined : rows.get(key)
    if (!row || !kept(o)) continue
    row.orders++
    row.revenue += o.value - o.refunded
    row.buyers.add(o.visitorId)
  }
  return [...rows.values()]
    .map(({ buyers, ...row }) => ({ ...row, converted: buyers.size, rate: row.visitors ? buyers.size / row.visitors : 0 }))
    .sort((a, b) => b.revenue - a.revenue || b.visitors - a.visitors || a.key.localeCompare(b.key))
}

function histogram(values: readonly number[]): { from: number; to: number; count: number }[] {
  const edges = [0, 250, 500, 1000, 1500, 2000, 3000, 5000, 8000]
  return edges.map((from, i) => {
    const to = edges[i + 1] ?? Infinity
    return { from, to, count: values.filter((v) => v >= from && v < to).length }
  })
}

function countBy(values: Iterable<string>): { key: string; count: number }[] {
  const counts = new Map<string, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

export function buildReport(events: readonly StoredEvent[], options: ReportOptions = {}): Report {
  const windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
  const sorted = [...events].sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id))
  const from = sorted[0]?.ts
  const to = sorted.at(-1)?.ts
  const orders = attribute(sorted, windowMs)

  const visitors = new Set(sorted.map((e) => e.visitorId))
  const sessions = new Set(sorted.map((e) => e.sessionId))
  const conversationSessions = new Set(sorted.filter((e) => e.type === 'message_sent').map((e) => e.sessionId))

  const latencies = sorted
    .filter((e) => e.type === 'reply_latency')
    .map((e) => Number(e.props.ms))
    .filter((ms) => Number.isFinite(ms) && ms >= 0 && ms < 3_600_000)

  // Funnel: visitors who reached a step and every step before it.
  const stepsByVisitor = new Map<string, Set<string>>()
  for (const e of sorted) {
    if (!(FUNNEL_STEPS as readonly string[]).includes(e.type)) continue
    if (e.type === 'purchase') continue
    const set = stepsByVisitor.get(e.visitorId) ?? new Set<string>()
    stepsByVisitor.set(e.visitorId, set)
    set.add(e.type)
  }
  for (const o of orders) {
    if (!kept(o)) continue
    const set = stepsByVisitor.get(o.visitorId) ?? new Set<string>()
    stepsByVisitor.set(o.visitorId, set)
    set.add('purchase')
  }
  const funnel = FUNNEL_STEPS.map((step, i) => ({
    step,
    visitors: [...stepsByVisitor.values()].filter((set) => FUNNEL_STEPS.slice(0, i + 1).every((s) => set.has(s))).length,
  }))

  const handoffs = sorted.filter((e) => e.type === 'handoff')
  const handoffSessions = new Set(handoffs.map((e) => e.sessionId))

  const days = new Map<string, { csatSum: number; csatN: number; up: number; down: number; pos: number; n: number }>()
  for (const e of sorted) {
    if (e.type !== 'feedback') continue
    const day = utcDay(e.ts)
    const d = days.get(day) ?? { csatSum: 0, csatN: 0, up: 0, down: 0, pos: 0, n: 0 }
    days.set(day, d)
    const csat = Number(e.props.csat)
    if (Number.isInteger(csat) && csat >= 1 && csat <= 5) {
      d.csatSum += csat
      d.csatN++
    }
    const value = Number(e.props.value)
    if (value === 1) d.up++
    if (value === -1) d.down++
    const positive = feedbackPositive(e)
    if (positive !== undefined) {
      d.n++
      if (positive) d.pos++
    }
  }

  const intentPairs = new Set<string>()
  for (const e of sorted) {
    const intent = str(e.props.intent, 40)
    if (intent) intentPairs.add(`${e.sessionId}\u0000${intent}`)
  }

  const topics = topicReviews(sorted)
  const gross = orders.reduce((s, o) => s + o.value, 0)
  const refunds = orders.reduce((s, o) => s + o.refunded, 0)
  return {
    generatedAt: options.now ?? to ?? 0,
    from,
    to,
    windowMs,
    events: sorted.length,
    visitors: visitors.size,
    sessions: sessions.size,
    conversations: conversationSessions.size,
    responseTime: {
      count: latencies.length,
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      histogram: histogram(latencies),
    },
    funnel,
    revenue: { orders: orders.filter(kept).length, gross, refunds, net: gross - refunds, refundedOrders: orders.filter((o) => o.refunded > 0).length },
    byCampaign: breakdown(sorted, orders, 'campaign'),
    byKeyword: breakdown(sorted, orders, 'keyword'),
    bySource: breakdown(sorted, orders, 'source'),
    byRule: breakdown(sorted, orders, 'rule'),
    handoff: {
      sessions: handoffSessions.size,
      share: conversationSessions.size ? handoffSessions.size / conversationSessions.size : 0,
      reasons: countBy(handoffs.map((e) => str(e.props.reason, 60) ?? 'unspecified')).map(({ key, count }) => ({ reason: key, count })),
    },
    satisfaction: [...days]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, d]) => ({
        day,
        ...(d.csatN ? { csat: d.csatSum / d.csatN } : {}),
        csatN: d.csatN,
        up: d.up,
        down: d.down,
        ...(d.n ? { share: d.pos / d.n } : {}),
      })),
    intents: countBy([...intentPairs].map((p) => p.split('\u0000')[1]!)).map(({ key, count }) => ({ intent: key, count })),
    experiments: experiments(sorted, orders),
    gaps: gapGroups(sorted, topics),
    topics,
  }
}
