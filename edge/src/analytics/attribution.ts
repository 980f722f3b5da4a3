// Attribution: a purchase `{value, orderId}` goes to the visitor's latest session, campaign,
// keyword, source, rule and experiment variant seen within the window before it (default 7 days);
// a `refund {orderId}` subtracts it (its `value`, else the whole order). An order fully refunded
// no longer counts as a conversion. Any event carrying those props is a touch.
import { byTsId } from '../store/order.ts'
import type { StoredEvent } from '../store/types.ts'

export { byTsId, compareCodePoints } from '../store/order.ts'

export const DEFAULT_WINDOW_MS = 7 * 86_400_000

/** `track('purchase')`, or the contract's generic `conversion` (CONTRACT §4) a site may send instead. */
export const isPurchase = (type: string): boolean => type === 'purchase' || type === 'conversion'

export function str(value: unknown, max = 120): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined
}

export function money(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : 0
}

/** What a touch is attributed by, and the event prop that carries it (`channel`: web, wechat, wecom, api; set by the turn log). */
export const DIMENSIONS = { campaign: 'campaign', keyword: 'keyword', source: 'source', rule: 'ruleId', channel: 'channel' } as const
export type Dimension = keyof typeof DIMENSIONS

export interface Attribution {
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

interface Touch {
  ts: number
  value: string
}

/** A visitor's latest touches: session, each dimension, each experiment's variant. */
interface Touches {
  session?: Touch
  dims: Partial<Record<Dimension, Touch>>
  variants?: Map<string, Touch>
}

const DIMENSION_NAMES = Object.keys(DIMENSIONS) as Dimension[]

/**
 * Attribution one event at a time. Each visitor's events must come in (ts, id) order; visitors may
 * come one after another (the report reads the store in (visitor, ts, id) order and calls
 * `endVisitor` between them) or interleaved (events in time order). Only each visitor's latest
 * touch per key is kept: the latest touch so far is the latest at or before a purchase. Orders and
 * refunds are put back in (ts, id) order at the end, so the first purchase of an order id wins and
 * sums add up in the same order whatever order the visitors came in; a refund recorded before its
 * purchase still counts.
 */
export class Attributor {
  /** Latest touches of the visitors not yet ended. */
  private readonly touches = new Map<string, Touches>()
  /** Every purchase with its attribution (an order id tracked twice is resolved in finish). */
  private readonly purchases: { ts: number; id: string; order: Attribution }[] = []
  /** Every refund: its order id and amount (0: the whole order). Rare next to other events. */
  private readonly refunds: { ts: number; id: string; orderId: string; amount: number }[] = []

  constructor(private readonly windowMs = DEFAULT_WINDOW_MS) {}

  add(e: StoredEvent): void {
    if (e.type === 'refund') {
      this.refunds.push({ ts: e.ts, id: e.id, orderId: str(e.props.orderId) ?? '', amount: money(e.props.value) })
      return
    }
    if (isPurchase(e.type)) {
      const orderId = str(e.props.orderId) ?? `event:${e.id}`
      const mine = this.touches.get(e.visitorId)
      const within = (t: Touch | undefined) => (t && e.ts - t.ts <= this.windowMs ? t.value : undefined)
      const dims: Partial<Record<Dimension, string>> = {}
      for (const d of DIMENSION_NAMES) {
        const v = within(mine?.dims[d])
        if (v !== undefined) dims[d] = v
      }
      const variants = new Map<string, string>()
      for (const [exp, t] of mine?.variants ?? []) {
        const v = within(t)
        if (v !== undefined) variants.set(exp, v)
      }
      const order = { visitorId: e.visitorId, orderId, ts: e.ts, value: money(e.props.value), refunded: 0, session: within(mine?.session), dims, variants }
      this.purchases.push({ ts: e.ts, id: e.id, order })
      return
    }
    let mine = this.touches.get(e.visitorId)
    if (!mine) this.touches.set(e.visitorId, (mine = { dims: {} }))
    mine.session = { ts: e.ts, value: e.sessionId }
    for (const d of DIMENSION_NAMES) {
      const v = str(e.props[DIMENSIONS[d]])
      if (v !== undefined) mine.dims[d] = { ts: e.ts, value: v }
    }
    if (e.type === 'experiment_exposure') {
      const exp = str(e.props.experiment)
      const variant = str(e.props.variant)
      if (exp && variant) (mine.variants ??= new Map()).set(exp, { ts: e.ts, value: variant })
    }
  }

  /** Forgets a visitor's touches: none of their later events will come. */
  endVisitor(visitorId: string): void {
    this.touches.delete(visitorId)
  }

  /** The orders, first tracked first, with their refunds applied. */
  finish(): Attribution[] {
    const orders = new Map<string, Attribution>()
    // Stable: events fed in time order keep their order, as they always did.
    this.purchases.sort(byTsId)
    for (const { order } of this.purchases) if (!orders.has(order.orderId)) orders.set(order.orderId, order) // the same order tracked twice counts once
    const sums = new Map<string, { sum: number; whole: number }>()
    for (const r of this.refunds.sort(byTsId)) {
      const sum = sums.get(r.orderId) ?? { sum: 0, whole: 0 }
      sums.set(r.orderId, sum)
      if (r.amount) sum.sum += r.amount
      else sum.whole++
    }
    for (const [orderId, r] of sums) {
      const order = orders.get(orderId)
      if (!order) continue
      // Each refund adds its amount (or the whole order), capped at the order's value.
      order.refunded = r.whole ? order.value : Math.min(order.value, r.sum)
    }
    this.purchases.length = 0
    this.refunds.length = 0
    return [...orders.values()]
  }
}

export function attribute(events: readonly StoredEvent[], windowMs = DEFAULT_WINDOW_MS): Attribution[] {
  const attributor = new Attributor(windowMs)
  for (const e of [...events].sort(byTsId)) attributor.add(e)
  return attributor.finish()
}

/** Net value after refunds; an order is a conversion while some of it is kept (or it had no value). */
export function kept(a: Attribution): boolean {
  return a.value === 0 ? a.refunded === 0 : a.refunded < a.value
}
