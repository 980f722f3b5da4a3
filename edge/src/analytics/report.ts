// The admin report's numbers, computed from stored events (CONTRACT §4 event types). Pure: the
// route and scripts/report.ts read the events, this turns them into a Report, report/render.ts
// draws it. Event props are untrusted: every value read here is checked before use.
//
// Attribution: a purchase `{value, orderId}` goes to the visitor's latest session, campaign,
// keyword, source, rule and experiment variant seen within the window before it (default 7 days);
// a `refund {orderId}` subtracts it (its `value`, else the whole order). An order fully refunded
// no longer counts as a conversion.
import type { StoredEvent } from '../store/types.ts'
import { feedbackPositive, gapGroups, topicReviews, utcDay, type GapGroup, type TopicReview } from './gaps.ts'
import { percentile, twoProportionZ, wilson, type Interval, type ZTest } from './stats.ts'

export const DEFAULT_WINDOW_MS = 7 * 86_400_000
export const FUNNEL_STEPS = ['greet_shown', 'widget_open', 'message_sent', 'product_click', 'coupon_copied', 'purchase'] as const
export const SIGNIFICANCE = 0.05

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

export interface Variant {
  id: string
  visitors: number
  converted: number
  rate: number
  ci: Interval
  revenue: number
}

export interface Experiment {
  id: string
  variants: Variant[]
  /** The best variant against the runner-up (two-proportion z-test, pooled, two-sided). */
  test?: ZTest & { best: string; against: string }
  /** Named only when p < 0.05. */
  winner?: string
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

function str(value: unknown, max = 120): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined
}

function money(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0
}

const DIMENSIONS = { campaign: 'campaign', keyword: 'keyword', source: 'source', rule: 'ruleId' } as const
type Dimension = keyof typeof DIMENSIONS

interface Attribution {
  visitorId: string
  orderId: string
  ts: number
  value: number
  refunded: number
  session?: string
  dims: Partial<Record<Dimension, string>>
  /** experiment id → variant id */
  variants: Map<string, string>
}

function latestWithin<T>(touches: readonly { ts: number; value: T }[], ts: number, windowMs: number): T | undefined {
  for (let i = touches.length - 1; i >= 0; i--) {
    const t = touches[i]!
    if (t.ts > ts) continue
    return ts - t.ts <= windowMs ? t.value : undefined
  }
  return undefined
}

export function attribute(events: readonly StoredEvent[], windowMs = DEFAULT_WINDOW_MS): Attribution[] {
  const sorted = [...events].sort((a, b) => a.ts - b.ts || a.id.localeCompare(b.id))
  const touches = new Map<string, Map<string, { ts: number; value: string }[]>>()
  const touch = (visitor: string, key: string, ts: number, value: string) => {
    const byKey = touches.get(visitor) ?? new Map<string, { ts: number; value: string }[]>()
    touches.set(visitor, byKey)
    const list = byKey.get(key) ?? []
    byKey.set(key, list)
    list.push({ ts, value })
  }
  const orders = new Map<string, Attribution>()
  const refunds: StoredEvent[] = []
  for (const e of sorted) {
    if (e.type === 'refund') {
      refunds.push(e)
      continue
    }
    if (e.type === 'purchase') {
      const orderId = str(e.props.orderId) ?? `event:${e.id}`
      if (orders.has(orderId)) continue // the same order tracked twice counts once
      const mine = touches.get(e.visitorId)
      const at = (key: string) => (mine?.get(key) ? latestWithin(mine.get(key)!, e.ts, windowMs) : undefined)
      const dims: Partial<Record<Dimension, string>> = {}
      for (const d of Object.keys(DIMENSIONS) as Dimension[]) {
        const v = at(`dim:${d}`)
        if (v !== undefined) dims[d] = v
      }
      const variants = new Map<string, string>()
      for (const [key, list] of mine ?? []) {
        if (!key.startsWith('exp:')) continue
        const v = latestWithin(list, e.ts, windowMs)
        if (v !== undefined) variants.set(key.slice(4), v)
      }
      orders.set(orderId, { visitorId: e.visitorId, orderId, ts: e.ts, value: money(e.props.value), refunded: 0, session: at('session'), dims, variants })
      continue
    }
    touch(e.visitorId, 'session', e.ts, e.sessionId)
    for (const [d, prop] of Object.entries(DIMENSIONS)) {
      const v = str(e.props[prop])
      if (v !== undefined) touch(e.visitorId, `dim:${d}`, e.ts, v)
    }
    if (e.type === 'experiment_exposure') {
      const exp = str(e.props.experiment)
      const variant = str(e.props.variant)
      if (exp && variant) touch(e.visitorId, `exp:${exp}`, e.ts, variant)
    }
  }
  for (const r of refunds) {
    const order = orders.get(str(r.props.orderId) ?? '')
    if (!order) continue
    const amount = money(r.props.value) || order.value
    order.refunded = Math.min(order.value, order.refunded + amount)
  }
  return [...orders.values()]
}

/** Net value after refunds; an order is a conversion while some of it is kept (or it had no value). */
function kept(a: Attribution): boolean {
  return a.value === 0 ? a.refunded === 0 : a.refunded < a.value
}

function breakdown(events: readonly StoredEvent[], orders: readonly Attribution[], dim: Dimension): Breakdown[] {
  const visitors = new Map<string, Set<string>>()
  for (const e of events) {
    const v = str(e.props[DIMENSIONS[dim]])
    if (v === undefined || e.type === 'purchase' || e.type === 'refund') continue
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

function experiments(events: readonly StoredEvent[], orders: readonly Attribution[]): Experiment[] {
  // Each visitor counts in the first variant they were shown.
  const assigned = new Map<string, Map<string, string>>()
  for (const e of events) {
    if (e.type !== 'experiment_exposure') continue
    const exp = str(e.props.experiment)
    const variant = str(e.props.variant)
    if (!exp || !variant) continue
    const visitors = assigned.get(exp) ?? new Map<string, string>()
    assigned.set(exp, visitors)
    if (!visitors.has(e.visitorId)) visitors.set(e.visitorId, variant)
  }
  const result: Experiment[] = []
  for (const [id, visitors] of assigned) {
    const stats = new Map<string, { visitors: number; buyers: Set<string>; revenue: number }>()
    for (const variant of visitors.values()) {
      const s = stats.get(variant) ?? { visitors: 0, buyers: new Set<string>(), revenue: 0 }
      stats.set(variant, s)
      s.visitors++
    }
    for (const o of orders) {
      const variant = visitors.get(o.visitorId)
      if (!variant || !kept(o) || o.variants.get(id) === undefined) continue // a purchase after exposure, within the window
      const s = stats.get(variant)!
      s.buyers.add(o.visitorId)
      s.revenue += o.value - o.refunded
    }
    const variants: Variant[] = [...stats]
      .map(([vid, s]) => ({ id: vid, visitors: s.visitors, converted: s.buyers.size, rate: s.buyers.size / s.visitors, ci: wilson(s.buyers.size, s.visitors), revenue: s.revenue }))
      .sort((a, b) => a.id.localeCompare(b.id))
    const ranked = [...variants].sort((a, b) => b.rate - a.rate)
    const [best, second] = ranked
    const experiment: Experiment = { id, variants }
    if (best && second) {
      const z = twoProportionZ(best.converted, best.visitors, second.converted, second.visitors)
      if (z) {
        experiment.test = { ...z, best: best.id, against: second.id }
        if (z.p < SIGNIFICANCE && best.rate > second.rate) experiment.winner = best.id
      }
    }
    result.push(experiment)
  }
  return result.sort((a, b) => a.id.localeCompare(b.id))
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
