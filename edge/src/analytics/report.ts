// The admin report's numbers, computed from stored events (CONTRACT §4 event types). The route and
// scripts/report.ts read the store window by window (reportFromStore: never all events at once,
// yielding to other requests between windows); buildReport does the same over events in memory.
// Either way each event is folded into running totals (ReportBuilder), in (ts, id) order, and
// report/render.ts draws the result. Event props are untrusted: every value read here is checked
// before use. Purchases are attributed to what preceded them by attribution.ts.
import type { EventFilter, EventStore, StoredEvent } from '../store/types.ts'
import { yieldToLoop } from '../store/sql-store.ts'
import { Attributor, DEFAULT_WINDOW_MS, DIMENSIONS, byTsId, isPurchase, kept, str, type Attribution, type Dimension } from './attribution.ts'
import { feedbackPositive, gapGroups, isGapEvent, topicReviews, utcDay, type GapGroup, type TopicReview } from './gaps.ts'
import { ExperimentAssignments, experimentResults, type Experiment } from './experiment-results.ts'
import { percentiles } from './stats.ts'

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

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[]
const STEP_BIT = new Map<string, number>(FUNNEL_STEPS.map((step, i) => [step, 1 << i]))
const PURCHASE_BIT = STEP_BIT.get('purchase')!
const HISTOGRAM_EDGES = [0, 250, 500, 1000, 1500, 2000, 3000, 5000, 8000]

function histogram(values: readonly number[]): { from: number; to: number; count: number }[] {
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

function sortedCounts(counts: Map<string, number>): { key: string; count: number }[] {
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key))
}

const countInto = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1)

/** What the knowledge-gap list and topic reviews read of an event (gaps.ts); nothing else is kept. */
const GAP_PROPS = ['q', 'topic', 'intent', 'csat', 'value'] as const

function gapRelevant(e: StoredEvent): boolean {
  if (e.type !== 'feedback' && e.type !== 'unanswered') return false
  if (isGapEvent(e)) return true
  const topic = e.props.topic ?? e.props.intent
  return e.type === 'feedback' && typeof topic === 'string' && topic.trim() !== '' && feedbackPositive(e) !== undefined
}

/**
 * The report's running totals. `add` every event in (ts, id) order (the store's order; byTsId in
 * memory), then `finish`. Memory grows with distinct visitors, sessions, orders and keys, and with
 * reply latencies and feedback, not with the number of events.
 */
export class ReportBuilder {
  private readonly windowMs: number
  private count = 0
  private from: number | undefined
  private to: number | undefined
  private readonly visitors = new Set<string>()
  private readonly sessions = new Set<string>()
  private readonly conversationSessions = new Set<string>()
  private readonly latencies: number[] = []
  /** Funnel steps each visitor reached (bits in FUNNEL_STEPS order; purchase from the orders). */
  private readonly steps = new Map<string, number>()
  private readonly handoffSessions = new Set<string>()
  private readonly handoffReasons = new Map<string, number>()
  private readonly days = new Map<string, { csatSum: number; csatN: number; up: number; down: number; pos: number; n: number }>()
  private readonly intentPairs = new Set<string>()
  /** Per dimension: value → visitors who carried it (not on a purchase or refund). */
  private readonly dimVisitors = new Map<Dimension, Map<string, Set<string>>>(DIMENSION_NAMES.map((d) => [d, new Map()]))
  private readonly gapEvents: StoredEvent[] = []
  private readonly attributor: Attributor
  private readonly assignments = new ExperimentAssignments()

  constructor(private readonly options: ReportOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
    this.attributor = new Attributor(this.windowMs)
  }

  add(e: StoredEvent): void {
    this.count++
    this.from ??= e.ts
    this.to = e.ts
    this.attributor.add(e)
    this.assignments.add(e)
    this.visitors.add(e.visitorId)
    this.sessions.add(e.sessionId)
    const { type, props } = e
    if (type === 'message_sent') this.conversationSessions.add(e.sessionId)
    if (type === 'reply_latency') {
      const ms = Number(props.ms)
      if (Number.isFinite(ms) && ms >= 0 && ms < 3_600_000) this.latencies.push(ms === 0 ? 0 : ms)
    }
    const bit = type === 'purchase' ? undefined : STEP_BIT.get(type)
    if (bit !== undefined) this.steps.set(e.visitorId, (this.steps.get(e.visitorId) ?? 0) | bit)
    if (type === 'handoff') {
      this.handoffSessions.add(e.sessionId)
      countInto(this.handoffReasons, str(props.reason, 60) ?? 'unspecified')
    }
    if (type === 'feedback') this.feedback(e)
    const intent = str(props.intent, 40)
    if (intent) this.intentPairs.add(`${e.sessionId}\u0000${intent}`)
    if (!isPurchase(type) && type !== 'refund') {
      for (const d of DIMENSION_NAMES) {
        const v = str(props[DIMENSIONS[d]])
        if (v === undefined) continue
        const byValue = this.dimVisitors.get(d)!
        const set = byValue.get(v) ?? new Set<string>()
        byValue.set(v, set)
        set.add(e.visitorId)
      }
    }
    if (gapRelevant(e)) {
      const slim: Record<string, unknown> = {}
      for (const key of GAP_PROPS) if (props[key] !== undefined) slim[key] = props[key]
      this.gapEvents.push({ ...e, props: slim })
    }
  }

  private feedback(e: StoredEvent): void {
    const day = utcDay(e.ts)
    const d = this.days.get(day) ?? { csatSum: 0, csatN: 0, up: 0, down: 0, pos: 0, n: 0 }
    this.days.set(day, d)
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

  private breakdown(orders: readonly Attribution[], dim: Dimension): Breakdown[] {
    const rows = new Map<string, Breakdown & { buyers: Set<string> }>()
    for (const [key, set] of this.dimVisitors.get(dim)!) rows.set(key, { key, visitors: set.size, converted: 0, rate: 0, orders: 0, revenue: 0, buyers: new Set() })
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

  finish(): Report {
    const orders = this.attributor.finish()
    for (const o of orders) if (kept(o)) this.steps.set(o.visitorId, (this.steps.get(o.visitorId) ?? 0) | PURCHASE_BIT)
    // Funnel: visitors who reached a step and every step before it.
    const funnel = FUNNEL_STEPS.map((step, i) => {
      const prefix = (1 << (i + 1)) - 1
      let visitors = 0
      for (const bits of this.steps.values()) if ((bits & prefix) === prefix) visitors++
      return { step, visitors }
    })
    const [p50, p90, p95, p99] = percentiles(this.latencies, [50, 90, 95, 99])
    const intents = new Map<string, number>()
    for (const pair of this.intentPairs) countInto(intents, pair.slice(pair.indexOf('\u0000') + 1))
    const topics = topicReviews(this.gapEvents)
    const gross = orders.reduce((s, o) => s + o.value, 0)
    const refunds = orders.reduce((s, o) => s + o.refunded, 0)
    const conversations = this.conversationSessions.size
    return {
      generatedAt: this.options.now ?? this.to ?? 0,
      from: this.from,
      to: this.to,
      windowMs: this.windowMs,
      events: this.count,
      visitors: this.visitors.size,
      sessions: this.sessions.size,
      conversations,
      responseTime: { count: this.latencies.length, p50, p90, p95, p99, histogram: histogram(this.latencies) },
      funnel,
      revenue: { orders: orders.filter(kept).length, gross, refunds, net: gross - refunds, refundedOrders: orders.filter((o) => o.refunded > 0).length },
      byCampaign: this.breakdown(orders, 'campaign'),
      byKeyword: this.breakdown(orders, 'keyword'),
      bySource: this.breakdown(orders, 'source'),
      byRule: this.breakdown(orders, 'rule'),
      handoff: {
        sessions: this.handoffSessions.size,
        share: conversations ? this.handoffSessions.size / conversations : 0,
        reasons: sortedCounts(this.handoffReasons).map(({ key, count }) => ({ reason: key, count })),
      },
      satisfaction: [...this.days]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, d]) => ({
          day,
          ...(d.csatN ? { csat: d.csatSum / d.csatN } : {}),
          csatN: d.csatN,
          up: d.up,
          down: d.down,
          ...(d.n ? { share: d.pos / d.n } : {}),
        })),
      intents: sortedCounts(intents).map(({ key, count }) => ({ intent: key, count })),
      experiments: experimentResults(this.assignments, orders),
      gaps: gapGroups(this.gapEvents, topics),
      topics,
    }
  }
}

/** The report over events in memory (tests, small stores). */
export function buildReport(events: readonly StoredEvent[], options: ReportOptions = {}): Report {
  const builder = new ReportBuilder(options)
  for (const e of [...events].sort(byTsId)) builder.add(e)
  return builder.finish()
}

export interface StreamOptions {
  /** Events read per window; default 2,000. */
  windowSize?: number
  /** How long the report may work before it lets other requests in (ms); default 10. */
  sliceMs?: number
}

/**
 * The report over the store's events matching `filter`, read window by window in (ts, id) order:
 * never more than one window in memory, and between windows (or every `sliceMs`) the event loop
 * serves other requests. Equal to buildReport over the same events.
 */
export async function reportFromStore(store: Pick<EventStore, 'eventPage'>, filter: EventFilter = {}, options: ReportOptions & StreamOptions = {}): Promise<Report> {
  const windowSize = options.windowSize ?? 2_000
  const sliceMs = options.sliceMs ?? 10
  const builder = new ReportBuilder(options)
  let after: { ts: number; id: string } | undefined
  let sliceStart = performance.now()
  for (;;) {
    const page = await store.eventPage(filter, after, windowSize)
    for (const e of page) builder.add(e)
    if (page.length < windowSize) break
    const last = page.at(-1)!
    after = { ts: last.ts, id: last.id }
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToLoop()
      sliceStart = performance.now()
    }
  }
  await yieldToLoop()
  return builder.finish()
}
