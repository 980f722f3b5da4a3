// A deterministic, realistic simulated month of widget events for the demo shop (demo/config.json:
// campaigns kids-watch / skincare / phone, the `opener` experiment with variants coupon and flash,
// its marketing rules). scripts/seed-demo-data.ts stores it; the report tests render it.
// The flash opener really converts better (about 9 % vs 6 % of visitors), aftersales satisfaction
// dips for a week (so that topic is flagged), and a few orders are refunded.
import type { TrackedEvent } from '../../../shared/protocol.ts'
import { seededRandom } from '../../../shared/seeded-random.ts'

export interface DemoOptions {
  visitors?: number
  /** First day, epoch ms (UTC midnight); default 2026-10-01. */
  start?: number
  days?: number
  seed?: number
}


const TRAFFIC = [
  { weight: 30, campaign: 'kids-watch', keyword: '儿童手表 定位', source: 'baidu', intent: 'presales', price: 899 },
  { weight: 12, campaign: 'kids-watch', keyword: '电话手表', source: 'douyin', intent: 'presales', price: 899 },
  { weight: 22, campaign: 'skincare', keyword: '油皮 洁面', source: 'xiaohongshu', intent: 'presales', price: 129 },
  { weight: 8, campaign: 'skincare', keyword: 'oily skin', source: 'google', intent: 'presales', price: 129 },
  { weight: 16, campaign: 'phone', keyword: '拍照手机', source: 'baidu', intent: 'promotion', price: 2999 },
  { weight: 12, campaign: undefined, keyword: undefined, source: 'direct', intent: 'aftersales', price: 399 },
] as const

const RULES = ['recall', 'cart', 'oily-bundle', 'hesitation', 'referral-welcome'] as const
const HANDOFF_REASONS = ['asked_for_human', 'angry', 'refund_request', 'low_confidence', 'complaint'] as const
const UNANSWERED = [
  ['X5 能不能连接 iPad？', 'X5能连iPad吗', 'x5 可以连接ipad吗？'],
  ['洁面乳孕妇可以用吗', '孕妇能用这个洁面吗？', '孕妇可以用洁面乳吗'],
  ['发票怎么开？', '怎么开发票', '可以开专票吗'],
  ['手机支持北斗导航吗', '这手机支持北斗吗？'],
  ['保修期内屏幕碎了怎么办', '屏幕碎了保修吗'],
  ['Do you ship to Singapore?', 'ship to singapore?'],
] as const

export function demoEvents(options: DemoOptions = {}): TrackedEvent[] {
  const random = seededRandom(options.seed ?? 20261001)
  const visitors = options.visitors ?? 2400
  const start = options.start ?? Date.UTC(2026, 9, 1)
  const days = options.days ?? 30
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    let r = random() * items.reduce((s, i) => s + i.weight, 0)
    for (const item of items) if ((r -= item.weight) < 0) return item
    return items.at(-1)!
  }
  const events: TrackedEvent[] = []
  let seq = 0
  for (let v = 0; v < visitors; v++) {
    const visitorId = `v_demo${String(v).padStart(5, '0')}`
    const sessionId = `s_demo${String(v).padStart(5, '0')}`
    const dayIndex = Math.floor(random() * days)
    let ts = start + dayIndex * 86_400_000 + Math.floor((8 + random() * 14) * 3_600_000)
    const push = (type: string, props: Record<string, unknown> = {}, session = sessionId) => {
      ts += Math.floor(5_000 + random() * 60_000)
      events.push({ id: `demo-${++seq}`, type, visitorId, sessionId: session, ts, props })
    }
    const t = weighted(TRAFFIC)
    const variant = random() < 0.5 ? 'coupon' : 'flash'
    const touch = { ...(t.campaign ? { campaign: t.campaign } : {}), ...(t.keyword ? { keyword: t.keyword } : {}), source: t.source }
    push('experiment_exposure', { experiment: 'opener', variant })
    push('greet_shown', { ...touch, variant })
    const engaged = random() < 0.42
    // The flash opener lifts purchases: ~9 % of its visitors buy vs ~6 % for coupon.
    const buyRate = variant === 'flash' ? 0.09 : 0.06
    const buys = random() < (engaged ? buyRate * 1.7 : buyRate * 0.5)
    let ruleId: string | undefined
    if (engaged || buys) {
      push('widget_open', touch)
      const messages = 1 + Math.floor(random() * 4)
      const intent = random() < 0.8 ? t.intent : pick(['presales', 'aftersales', 'promotion', 'complaint', 'human', 'other'])
      for (let m = 0; m < messages; m++) {
        push('message_sent', { intent, ...touch })
        // Lognormal-ish latency around 900 ms with a tail.
        const latency = Math.round(Math.exp(6.7 + 0.55 * (random() + random() + random() - 1.5) * 2) + (random() < 0.04 ? 3000 + random() * 4000 : 0))
        events.push({ id: `demo-${++seq}`, type: 'reply_latency', visitorId, sessionId, ts: ts + latency, props: { ms: latency, intent } })
      }
      if (random() < 0.5 || buys) push('product_click', { ...touch, productId: t.campaign === 'skincare' ? 'oil-cleanser' : 'x5' })
      if (random() < 0.45 || buys) {
        ruleId = pick(RULES)
        push('coupon_shown', { ruleId, ...touch })
        if (random() < 0.6 || buys) push('coupon_copied', { ruleId, ...touch })
      }
      const angry = intent === 'complaint' || random() < 0.05
      if (angry || intent === 'human' || random() < 0.04) push('handoff', { reason: angry ? pick(['angry', 'complaint', 'refund_request']) : pick(HANDOFF_REASONS) })
      if (random() < 0.18) {
        const phrasing = pick(pick(UNANSWERED))
        push('unanswered', { q: phrasing, topic: intent })
      }
      if (random() < 0.55) {
        // Aftersales answers got worse for a week in the middle of the month (a stale return policy).
        const dip = intent === 'aftersales' && dayIndex >= 12 && dayIndex <= 18
        const happy = random() < (dip ? 0.55 : 0.88)
        if (random() < 0.5) push('feedback', { csat: happy ? 4 + Math.floor(random() * 2) : 1 + Math.floor(random() * 3), topic: intent })
        else push('feedback', { value: happy ? 1 : -1, topic: intent, ...(happy ? {} : { q: pick(pick(UNANSWERED)) }) })
      }
    }
    if (buys) {
      const orderId = `o_demo${String(v).padStart(5, '0')}`
      // Some buy in the same visit, some come back a few days later (a new session, still attributed).
      const later = random() < 0.3
      if (later) ts += Math.floor((1 + random() * 4) * 86_400_000)
      const value = Math.round(t.price * (0.9 + random() * 0.4))
      push('purchase', { value, orderId, ...(ruleId ? { ruleId } : {}) }, later ? `${sessionId}b` : sessionId)
      if (random() < 0.06) push('refund', { orderId }, later ? `${sessionId}b` : sessionId)
    }
  }
  return events.sort((a, b) => a.ts - b.ts)
}
