// The report's counts of distinct visitors and sessions: the funnel, visitors per campaign /
// keyword / source / rule, conversations, handoffs and intents. Events come visitor by visitor
// (the store's (visitor_id, ts, id) order), so a visitor's funnel steps and dimension values are
// folded into small totals when the next visitor begins, instead of a map of every visitor kept
// to the end: only visitors who bought are remembered (their orders settle at the end). Sessions
// are kept (an id and a few flag bits each): a session id may recur under another visitor.
import { DIMENSIONS, isPurchase, kept, str, type Attribution, type Dimension } from './attribution.ts'
import type { StoredEvent } from '../store/types.ts'
import type { Breakdown } from './report-types.ts'
import { KeyTally } from './tally.ts'

export const FUNNEL_STEPS = ['greet_shown', 'widget_open', 'message_sent', 'product_click', 'coupon_copied', 'purchase'] as const
export const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[]
const STEP_BIT = new Map<string, number>(FUNNEL_STEPS.map((step, i) => [step, 1 << i]))
const PURCHASE_BIT = STEP_BIT.get('purchase')!
/**
 * Session flags. The bits above them mark the session's intents, the first 28 distinct ones met
 * (so flags stay small integers); rarer ones go to intentPairs.
 */
const CONVERSATION = 1
const HANDOFF = 2
const INTENT_BITS = 28

export class VisitorTotals {
  visitors = 0
  /** The visitor being read: funnel steps (bits in FUNNEL_STEPS order), bought, `dimension\0value`s met. */
  private steps = 0
  private bought = false
  private readonly dims = new Set<string>()
  /** Ended visitors who did not buy, by their funnel steps (all 2^6 patterns of bits). */
  private readonly patterns = new Array<number>(1 << FUNNEL_STEPS.length).fill(0)
  /** Ended visitors who bought: their steps; the purchase step waits for their orders' refunds. */
  private readonly buyerSteps = new Map<string, number>()
  /** Per dimension: value → visitors who carried it (not on a purchase or refund). */
  readonly dimVisitors = new Map<Dimension, KeyTally>(DIMENSION_NAMES.map((d) => [d, new KeyTally()]))
  /** Session id → CONVERSATION | HANDOFF | intent bits: one small number per session. */
  private readonly sessions = new Map<string, number>()
  /** Intents in the order first met here: the first INTENT_BITS have a bit in the session flags. */
  private readonly intentBit = new Map<string, number>()
  /** `session\0intent` pairs of the rarer intents (beyond INTENT_BITS distinct ones). */
  private readonly intentPairs = new Set<string>()
  /** Sessions per intent. */
  readonly intents = new KeyTally()

  /** One event of the current visitor, in (ts, id) order. */
  add(e: StoredEvent): void {
    const { type, props } = e
    const flags = this.sessions.get(e.sessionId)
    let more = (flags ?? 0) | (type === 'message_sent' ? CONVERSATION : 0) | (type === 'handoff' ? HANDOFF : 0)
    const intent = str(props.intent, 40)
    if (intent) more = this.intent(e, intent, more)
    if (flags !== more) this.sessions.set(e.sessionId, more)
    const step = type === 'purchase' ? undefined : STEP_BIT.get(type)
    if (step !== undefined) this.steps |= step
    if (isPurchase(type)) this.bought = true
    if (isPurchase(type) || type === 'refund') return
    for (const d of DIMENSION_NAMES) {
      const v = str(props[DIMENSIONS[d]])
      if (v === undefined) continue
      const key = `${d}\u0000${v}`
      // The visitor's first event with the value is their earliest: that is all the order needs.
      if (this.dims.has(key)) continue
      this.dims.add(key)
      this.dimVisitors.get(d)!.add(v, e)
    }
  }

  /** Counts the intent once per session; returns the session's flags with the intent marked. */
  private intent(e: StoredEvent, intent: string, flags: number): number {
    if (!this.intentBit.has(intent) && this.intentBit.size < INTENT_BITS) this.intentBit.set(intent, 1 << (2 + this.intentBit.size))
    const bit = this.intentBit.get(intent)
    let first: boolean
    if (bit !== undefined) {
      first = !(flags & bit)
      flags |= bit
    } else {
      const pair = `${e.sessionId}\u0000${intent}`
      first = !this.intentPairs.has(pair)
      this.intentPairs.add(pair)
    }
    this.intents.add(intent, e, first ? 1 : 0) // on every event: the intent's earliest (ts, id) orders ties
    return flags
  }

  /** The current visitor is done (none of their events will follow); returns whether they bought. */
  endVisitor(visitorId: string): boolean {
    const bought = this.bought
    this.visitors++
    if (bought) this.buyerSteps.set(visitorId, this.steps)
    else this.patterns[this.steps]!++
    this.steps = 0
    this.bought = false
    this.dims.clear()
    return bought
  }

  /** Visitors who reached each step and every step before it; purchase: a (not fully refunded) order. */
  funnel(orders: readonly Attribution[]): { step: string; visitors: number }[] {
    const patterns = [...this.patterns]
    const purchased = new Set(orders.filter(kept).map((o) => o.visitorId))
    for (const [visitorId, bits] of this.buyerSteps) patterns[bits | (purchased.has(visitorId) ? PURCHASE_BIT : 0)]!++
    return FUNNEL_STEPS.map((step, i) => {
      const prefix = (1 << (i + 1)) - 1
      let visitors = 0
      patterns.forEach((n, bits) => ((bits & prefix) === prefix ? (visitors += n) : 0))
      return { step, visitors }
    })
  }

  sessionCounts(): { sessions: number; conversations: number; handoffs: number } {
    let conversations = 0
    let handoffs = 0
    for (const flags of this.sessions.values()) {
      if (flags & CONVERSATION) conversations++
      if (flags & HANDOFF) handoffs++
    }
    return { sessions: this.sessions.size, conversations, handoffs }
  }

  /** Visitors, buyers, orders and revenue per value of a dimension. */
  breakdown(orders: readonly Attribution[], dim: Dimension): Breakdown[] {
    const rows = new Map<string, Breakdown & { buyers: Set<string> }>()
    for (const [key, visitors] of this.dimVisitors.get(dim)!.entries()) rows.set(key, { key, visitors, converted: 0, rate: 0, orders: 0, revenue: 0, buyers: new Set() })
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
}
