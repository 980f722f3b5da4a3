// Attribution: a purchase `{value, orderId}` goes to the visitor's latest session, campaign,
// keyword, source, rule and experiment variant seen within the window before it (default 7 days);
// a `refund {orderId}` subtracts it (its `value`, else the whole order). An order fully refunded
// no longer counts as a conversion. Any event carrying those props is a touch.
import type { StoredEvent } from '../store/types.ts'

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

export const DIMENSIONS = { campaign: 'campaign', keyword: 'keyword', source: 'source', rule: 'ruleId' } as const
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
    if (isPurchase(e.type)) {
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
export function kept(a: Attribution): boolean {
  return a.value === 0 ? a.refunded === 0 : a.refunded < a.value
}
