// The admin report's numbers, computed from stored events (CONTRACT §4 event types). The route and
// scripts/report.ts read the store window by window (reportFromStore: never all events at once,
// yielding to other requests between windows); buildReport does the same over events in memory.
// Either way each event is folded into running totals (ReportBuilder) in (visitor, ts, id) order:
// one visitor after another, so what is kept per visitor (touches, funnel steps, experiment
// variants) is dropped when the next begins and memory stays small over millions of events; what
// depends on time order across visitors (orders, refunds, gaps) is put back in (ts, id) order at
// the end. report/render.ts draws the result. Event props are untrusted: every value read here is
// checked before use. Purchases are attributed to what preceded them by attribution.ts.
import type { EventFilter, EventStore, StoredEvent, VisitorCursor } from '../store/types.ts'
import { VISITOR_ORDER } from '../store/pages.ts'
import { yieldToLoop } from '../store/sql-store.ts'
import { Attributor, DEFAULT_WINDOW_MS, byTsId, kept, str, type Attribution } from './attribution.ts'
import { feedbackPositive, gapGroups, isGapEvent, topicReviews, utcDay } from './gaps.ts'
import { ExperimentAssignments, experimentResults } from './experiment-results.ts'
import { LiveOutcomes } from './live-outcomes.ts'
import { percentiles } from './stats.ts'
import { histogram, KeyTally, sortedCounts } from './tally.ts'
import { UsageTotals } from './usage-totals.ts'
import { VisitorTotals } from './visitor-totals.ts'
import type { Report, ReportOptions } from './report-types.ts'

export { DEFAULT_WINDOW_MS, attribute } from './attribution.ts'
export { FUNNEL_STEPS } from './visitor-totals.ts'
export { ALPHA, MIN_CONVERSIONS, MIN_VISITORS, NEGLIGIBLE_RELATIVE_LIFT, type Experiment, type ExperimentDesign, type Variant, type Verdict } from './experiment-results.ts'
export type { Breakdown, Report, ReportOptions } from './report-types.ts'

/** What the knowledge-gap list and topic reviews read of an event (gaps.ts); nothing else is kept. */
const GAP_PROPS = ['q', 'topic', 'intent', 'csat', 'value'] as const

function gapRelevant(e: StoredEvent): boolean {
  if (e.type !== 'feedback' && e.type !== 'unanswered') return false
  if (isGapEvent(e)) return true
  const topic = e.props.topic ?? e.props.intent
  return e.type === 'feedback' && typeof topic === 'string' && topic.trim() !== '' && feedbackPositive(e) !== undefined
}

/**
 * The report's running totals. `add` every event in (visitor, ts, id) order (the store's
 * visitorPage order; VISITOR_ORDER in memory), then `finish`. Memory grows with distinct sessions,
 * orders, keys, reply latencies and feedback, not with the number of events or of visitors.
 */
export class ReportBuilder {
  private readonly windowMs: number
  private count = 0
  private from: number | undefined
  private to: number | undefined
  /** The visitor being read. */
  private visitor: string | undefined
  private readonly totals = new VisitorTotals()
  private readonly latencies: number[] = []
  private readonly handoffReasons = new KeyTally()
  private readonly live = new LiveOutcomes()
  private readonly days = new Map<string, { csatSum: number; csatN: number; up: number; down: number; pos: number; n: number }>()
  private readonly gapEvents: StoredEvent[] = []
  private readonly attributor: Attributor
  private readonly assignments = new ExperimentAssignments()
  private readonly usage = new UsageTotals()

  constructor(private readonly options: ReportOptions = {}) {
    this.windowMs = options.windowMs ?? DEFAULT_WINDOW_MS
    this.attributor = new Attributor(this.windowMs)
  }

  add(e: StoredEvent): void {
    if (e.visitorId !== this.visitor) {
      this.endVisitor()
      this.visitor = e.visitorId
    }
    this.count++
    // The earliest and latest events, whatever order the visitors come in.
    if (this.from === undefined || e.ts < this.from) this.from = e.ts
    if (this.to === undefined || e.ts > this.to) this.to = e.ts
    this.attributor.add(e)
    this.assignments.add(e)
    this.totals.add(e)
    this.usage.add(e)
    const { type, props } = e
    if (type === 'reply_latency') {
      const ms = Number(props.ms)
      if (Number.isFinite(ms) && ms >= 0 && ms < 3_600_000) this.latencies.push(ms === 0 ? 0 : ms)
    }
    if (type === 'handoff') this.handoffReasons.add(str(props.reason, 60) ?? 'unspecified', e)
    this.live.add(e)
    if (type === 'feedback') this.feedback(e)
    if (gapRelevant(e)) {
      const slim: Record<string, unknown> = {}
      for (const key of GAP_PROPS) if (props[key] !== undefined) slim[key] = props[key]
      // gaps.ts reads type, ts and props (id orders ties): the visitor's and session's ids are not kept.
      this.gapEvents.push({ id: e.id, type: e.type, visitorId: '', sessionId: '', ts: e.ts, props: slim, receivedAt: e.receivedAt })
    }
  }

  /** The visitor's events are all in: fold their state into the totals and forget it. */
  private endVisitor(): void {
    if (this.visitor === undefined) return
    const bought = this.totals.endVisitor(this.visitor)
    this.attributor.endVisitor(this.visitor)
    this.assignments.endVisitor(this.visitor, bought)
    this.visitor = undefined
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

  /** What finish returns, made a step at a time (tens of ms each on a million events). */
  private readonly parts: Partial<Report> = {}
  private orders: Attribution[] = []
  private readonly steps: (() => void)[] = [
    () => {
      this.endVisitor()
      this.orders = this.attributor.finish()
    },
    // The gap list groups questions in time order, as a time-ordered scan met them.
    () => this.gapEvents.sort(byTsId),
    () => (this.parts.topics = topicReviews(this.gapEvents)),
    () => (this.parts.gaps = gapGroups(this.gapEvents, this.parts.topics)),
    () => {
      const [p50, p90, p95, p99] = percentiles(this.latencies, [50, 90, 95, 99])
      this.parts.responseTime = { count: this.latencies.length, p50, p90, p95, p99, histogram: histogram(this.latencies) }
    },
    () => {
      const { orders } = this
      this.parts.funnel = this.totals.funnel(orders)
      const gross = orders.reduce((s, o) => s + o.value, 0)
      const refunds = orders.reduce((s, o) => s + o.refunded, 0)
      this.parts.revenue = { orders: orders.filter(kept).length, gross, refunds, net: gross - refunds, refundedOrders: orders.filter((o) => o.refunded > 0).length }
    },
    () => {
      this.parts.byCampaign = this.totals.breakdown(this.orders, 'campaign')
      this.parts.byKeyword = this.totals.breakdown(this.orders, 'keyword')
    },
    () => {
      this.parts.bySource = this.totals.breakdown(this.orders, 'source')
      this.parts.byRule = this.totals.breakdown(this.orders, 'rule')
      this.parts.byChannel = this.totals.breakdown(this.orders, 'channel')
    },
    () => (this.parts.experiments = experimentResults(this.assignments, this.orders, this.options.experiments)),
  ]

  /** Runs finish's next step; false when none is left. reportFromStore yields between steps. */
  settle(): boolean {
    const step = this.steps.shift()
    step?.()
    return step !== undefined
  }

  finish(): Report {
    while (this.settle());
    const p = this.parts as Required<Report>
    const { sessions, conversations, handoffs } = this.totals.sessionCounts()
    return {
      generatedAt: this.options.now ?? this.to ?? 0,
      from: this.from,
      to: this.to,
      windowMs: this.windowMs,
      events: this.count,
      visitors: this.totals.visitors,
      sessions,
      conversations,
      responseTime: p.responseTime,
      funnel: p.funnel,
      revenue: p.revenue,
      byCampaign: p.byCampaign,
      byKeyword: p.byKeyword,
      bySource: p.bySource,
      byChannel: p.byChannel,
      byRule: p.byRule,
      handoff: {
        sessions: handoffs,
        share: conversations ? handoffs / conversations : 0,
        reasons: sortedCounts(this.handoffReasons).map(({ key, count }) => ({ reason: key, count })),
      },
      live: this.live.finish(),
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
      intents: sortedCounts(this.totals.intents).map(({ key, count }) => ({ intent: key, count })),
      experiments: p.experiments,
      gaps: p.gaps,
      topics: p.topics,
      usage: this.usage.finish(this.options.prices ?? {}, conversations, p.revenue.orders),
    }
  }
}

/** The report over events in memory (tests, small stores). */
export function buildReport(events: readonly StoredEvent[], options: ReportOptions = {}): Report {
  const builder = new ReportBuilder(options)
  for (const e of [...events].sort(VISITOR_ORDER.compare)) builder.add(e)
  return builder.finish()
}

export interface StreamOptions {
  /** Events read per window; default 2,000. */
  windowSize?: number
  /** How long the report may work before it lets other requests in (ms); default 10. */
  sliceMs?: number
}

/**
 * The report over the store's events matching `filter`, read window by window in (visitor, ts, id)
 * order: never more than one window in memory, and between windows (or every `sliceMs`) the event
 * loop serves other requests. Equal to buildReport over the same events.
 */
export async function reportFromStore(store: Pick<EventStore, 'visitorPage'>, filter: EventFilter = {}, options: ReportOptions & StreamOptions = {}): Promise<Report> {
  const windowSize = options.windowSize ?? 2_000
  const sliceMs = options.sliceMs ?? 10
  const builder = new ReportBuilder(options)
  let after: VisitorCursor | undefined
  let sliceStart = performance.now()
  for (;;) {
    const page = await store.visitorPage(filter, after, windowSize)
    for (const e of page) builder.add(e)
    if (page.length < windowSize) break
    const last = page.at(-1)!
    after = { visitorId: last.visitorId, ts: last.ts, id: last.id }
    if (performance.now() - sliceStart >= sliceMs) {
      await yieldToLoop()
      sliceStart = performance.now()
    }
  }
  await yieldToLoop()
  while (builder.settle()) await yieldToLoop() // other requests get in between finish's slow steps
  return builder.finish()
}
