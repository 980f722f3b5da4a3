import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../store/types.ts'
import { demoEvents } from './demo-data.ts'
import { maskPII } from '../../../shared/mask.ts'
import { bigrams, gapGroups, gapsCsv, jaccard, textNotKept, topicReviews } from './gaps.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore } from '../store/sql-store.ts'
import { attribute, buildReport, reportFromStore } from './report.ts'
import { normalCdf, percentile, twoProportionZ, wilson } from './stats.ts'

const DAY = 86_400_000
const T0 = Date.UTC(2026, 9, 1, 12)
let n = 0
const ev = (type: string, visitorId: string, ts: number, props: Record<string, unknown> = {}, sessionId = `s_${visitorId}`): StoredEvent => ({
  id: `e${++n}`,
  type,
  visitorId,
  sessionId,
  ts,
  props,
  receivedAt: ts,
})

describe('statistics', () => {
  it('computes the two-proportion z-test against hand-checked values', () => {
    // 50/1000 vs 80/1000: pooled p = 0.065, SE = 0.011025, z = -2.7211, two-sided p = 0.0065.
    const t = twoProportionZ(50, 1000, 80, 1000)!
    expect(t.z).toBeCloseTo(-2.721095, 4)
    expect(t.p).toBeCloseTo(0.0065066, 5)
    const weak = twoProportionZ(30, 500, 40, 500)!
    expect(weak.z).toBeCloseTo(-1.239394, 4)
    expect(weak.p).toBeCloseTo(0.2151995, 5)
    expect(twoProportionZ(0, 0, 1, 10)).toBeUndefined()
    expect(twoProportionZ(0, 10, 0, 10)).toBeUndefined()
  })

  it('gives the Wilson 95 % interval, the normal CDF and nearest-rank percentiles', () => {
    const ci = wilson(10, 100)
    expect(ci.low).toBeCloseTo(0.055229, 5)
    expect(ci.high).toBeCloseTo(0.174366, 5)
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6)
    expect(normalCdf(0)).toBeCloseTo(0.5, 7)
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3)
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9)
    expect(percentile([], 50)).toBeUndefined()
  })
})

describe('attribution', () => {
  it('counts the contract\'s generic `conversion` event like a purchase, once per order', () => {
    const orders = attribute([
      ev('greet_shown', 'a', T0, { campaign: 'kids-watch', keyword: '儿童手表 定位' }),
      ev('conversion', 'a', T0 + 1000, { value: 899, orderId: 'o9' }),
      ev('purchase', 'a', T0 + 2000, { value: 899, orderId: 'o9' }), // the same order tracked both ways
    ])
    expect(orders).toHaveLength(1)
    expect(orders[0]).toMatchObject({ orderId: 'o9', value: 899, dims: { campaign: 'kids-watch', keyword: '儿童手表 定位' } })
  })

  it('credits the latest campaign, keyword, rule and variant within the window, and subtracts refunds', () => {
    const events = [
      ev('greet_shown', 'a', T0, { campaign: 'old', keyword: 'k-old' }),
      ev('greet_shown', 'a', T0 + DAY, { campaign: 'new', keyword: 'k-new', source: 'baidu' }),
      ev('coupon_copied', 'a', T0 + DAY + 1000, { ruleId: 'cart' }),
      ev('purchase', 'a', T0 + 2 * DAY, { value: 100, orderId: 'o1' }, 's_a2'),
      ev('purchase', 'a', T0 + 2 * DAY + 5, { value: 100, orderId: 'o1' }), // the same order again: once
      ev('refund', 'a', T0 + 3 * DAY, { orderId: 'o1', value: 40 }),
      // Outside the 7-day window: a purchase, but no campaign credit.
      ev('greet_shown', 'b', T0, { campaign: 'new' }),
      ev('purchase', 'b', T0 + 8 * DAY, { value: 50, orderId: 'o2' }),
      // Fully refunded: no longer a conversion.
      ev('greet_shown', 'c', T0, { campaign: 'new' }),
      ev('purchase', 'c', T0 + 1000, { value: 70, orderId: 'o3' }),
      ev('refund', 'c', T0 + 2000, { orderId: 'o3' }),
    ]
    const orders = attribute(events)
    expect(orders).toHaveLength(3)
    const o1 = orders.find((o) => o.orderId === 'o1')!
    expect(o1.dims).toEqual({ campaign: 'new', keyword: 'k-new', source: 'baidu', rule: 'cart' })
    expect(o1.session).toBe('s_a')
    expect(o1.refunded).toBe(40)
    expect(orders.find((o) => o.orderId === 'o2')!.dims).toEqual({})

    const report = buildReport(events)
    expect(report.revenue).toEqual({ orders: 2, gross: 220, refunds: 110, net: 110, refundedOrders: 2 })
    const campaign = report.byCampaign.find((r) => r.key === 'new')!
    expect(campaign).toMatchObject({ visitors: 3, converted: 1, orders: 1, revenue: 60 })
    expect(report.byRule).toEqual([{ key: 'cart', visitors: 1, converted: 1, rate: 1, orders: 1, revenue: 60 }])
    // A shorter window drops the credit.
    expect(attribute(events, DAY / 2).find((o) => o.orderId === 'o1')!.dims).toEqual({})
  })

  it('splits visitors and sales by the channel they talked to the assistant in', () => {
    const events = [
      ev('message_sent', 'web1', T0, { intent: 'presales', channel: 'web' }),
      ev('message_sent', 'wx1', T0, { intent: 'presales', channel: 'wechat' }),
      ev('message_sent', 'wx2', T0, { intent: 'presales', channel: 'wechat' }),
      ev('purchase', 'wx2', T0 + 1000, { value: 239, orderId: 'w1' }),
      ev('message_sent', 'app1', T0, { intent: 'aftersales', channel: 'api' }),
    ]
    const report = buildReport(events)
    expect(report.byChannel).toEqual([
      { key: 'wechat', visitors: 2, converted: 1, rate: 0.5, orders: 1, revenue: 239 },
      { key: 'api', visitors: 1, converted: 0, rate: 0, orders: 0, revenue: 0 },
      { key: 'web', visitors: 1, converted: 0, rate: 0, orders: 0, revenue: 0 },
    ])
  })

  it('counts experiment conversions after exposure and calls a variant better than the control only on always-valid evidence', () => {
    const events: StoredEvent[] = []
    const arm = (variant: string, visitors: number, buyers: number) => {
      for (let i = 0; i < visitors; i++) {
        const v = `${variant}${i}`
        events.push(ev('experiment_exposure', v, T0 + i, { experiment: 'opener', variant }))
        if (i < buyers) events.push(ev('purchase', v, T0 + i + 1000, { value: 10, orderId: `${v}-o` }))
      }
    }
    arm('coupon', 1000, 50)
    arm('flash', 1000, 80)
    // A purchase before exposure does not count.
    events.push(ev('purchase', 'late', T0, { value: 10, orderId: 'late-o' }), ev('experiment_exposure', 'late', T0 + 10, { experiment: 'opener', variant: 'coupon' }))
    const design = { experiments: [{ id: 'opener', variants: [{ id: 'coupon', weight: 1 }, { id: 'flash', weight: 1 }] }] }
    const [exp] = buildReport(events, design).experiments
    expect(exp!.variants.map((v) => [v.id, v.visitors, v.converted])).toEqual([['coupon', 1001, 50], ['flash', 1000, 80]])
    // Changed from the old test, which named flash the winner here: a fixed-sample z-test gives
    // p = 0.0065 for 5 % vs 8 % at 1,000 each, valid read once, but the report is read whenever it is
    // opened. The always-valid p is about 0.12: not yet. With three times the data it is.
    expect(exp).toMatchObject({ control: 'coupon', configured: true, split: { checked: true, broken: false } })
    expect(exp!.variants[1]).toMatchObject({ verdict: 'not yet', comparison: { lift: expect.closeTo(0.08 - 50 / 1001, 6) } })
    expect(exp!.variants[1]!.comparison!.p).toBeGreaterThan(0.05)
    arm('coupon', 2000, 100)
    arm('flash', 2000, 160)
    const [more] = buildReport(events, design).experiments
    expect(more!.variants[1]).toMatchObject({ id: 'flash', verdict: 'better' })
    expect(more!.variants[1]!.comparison!.interval.low).toBeGreaterThan(0)

    const close: StoredEvent[] = []
    for (let i = 0; i < 100; i++) {
      close.push(ev('experiment_exposure', `x${i}`, T0, { experiment: 'e', variant: i % 2 ? 'a' : 'b' }))
      if (i < 12) close.push(ev('purchase', `x${i}`, T0 + 1, { value: 1, orderId: `x${i}` }))
    }
    // 50 visitors an arm: below the minimum sample, so no verdict, and the report says what is missing.
    const [even] = buildReport(close).experiments
    expect(even!.variants[1]).toMatchObject({ id: 'b', verdict: 'not yet', needs: { visitors: 50, conversions: 4 } })
  })

  it('computes conversations, the funnel, latencies, handoffs, satisfaction and intents', () => {
    const events = [
      ev('greet_shown', 'a', T0),
      ev('widget_open', 'a', T0 + 1),
      ev('message_sent', 'a', T0 + 2, { intent: 'presales' }),
      ev('message_sent', 'a', T0 + 3, { intent: 'presales' }),
      ev('reply_latency', 'a', T0 + 4, { ms: 800 }),
      ev('reply_latency', 'a', T0 + 5, { ms: 'bad' }),
      ev('handoff', 'a', T0 + 6, { reason: 'angry' }),
      ev('feedback', 'a', T0 + 7, { csat: 5 }),
      ev('feedback', 'a', T0 + 8, { value: -1 }),
      ev('widget_open', 'b', T0), // skipped greet_shown: not in the funnel's second step
      ev('message_sent', 'b', T0 + 1, { intent: 'aftersales' }),
    ]
    const r = buildReport(events)
    expect(r.conversations).toBe(2)
    expect(r.funnel.map((s) => s.visitors)).toEqual([1, 1, 1, 0, 0, 0])
    expect(r.responseTime).toMatchObject({ count: 1, p50: 800 })
    expect(r.handoff).toEqual({ sessions: 1, share: 0.5, reasons: [{ reason: 'angry', count: 1 }] })
    expect(r.satisfaction).toEqual([{ day: '2026-10-01', csat: 5, csatN: 1, up: 0, down: 1, share: 0.5 }])
    expect(r.intents).toEqual([{ intent: 'aftersales', count: 1 }, { intent: 'presales', count: 1 }])
  })
})

describe('knowledge gaps', () => {
  it('groups similar questions by character-bigram Jaccard ≥ 0.5 and masks personal data', () => {
    expect(jaccard(bigrams('发票怎么开'), bigrams('发票怎么开？'))).toBe(1)
    expect(jaccard(bigrams('abc'), bigrams('xyz'))).toBe(0)
    // The one shared masker (shared/mask.ts), full-width and spaced forms included.
    expect(maskPII('call 13800138000 or a@b.com, size 42')).toBe('call 138****8000 or a***@b.com, size 42')
    expect(maskPII('电话 １３８ ００１３ ８０００，订单号 202311150123')).toBe('电话 138****8000，订单号 202311150123')
    const groups = gapGroups([
      ev('unanswered', 'a', T0, { q: '发票怎么开？' }),
      ev('unanswered', 'b', T0 + 1, { q: '发票怎么开' }),
      ev('feedback', 'c', T0 + 2, { value: -1, q: '发票要怎么开' }),
      ev('feedback', 'c', T0 + 3, { value: 1, q: '发票怎么开' }), // satisfied: not a gap
      ev('unanswered', 'd', T0 + 4, { q: 'Do you ship to Singapore? 13800138000' }),
      ev('unanswered', 'e', T0 + 5, { q: '' }),
    ])
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['发票怎么开？', 3],
      ['Do you ship to Singapore? 138****8000', 1],
    ])
    expect(groups[0]!.examples).toEqual(['发票怎么开', '发票要怎么开'])
    const csv = gapsCsv(groups)
    expect(csv.split('\n')[0]).toBe('\uFEFFquestion,count,topic,needs_review,last_seen,examples')
    // The BOM as bytes, exactly once, so Excel on Chinese Windows reads the file as UTF-8.
    const bytes = new TextEncoder().encode(csv)
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(csv.lastIndexOf('\uFEFF')).toBe(0)
    expect(gapsCsv([{ question: '=cmd()', count: 1, examples: ['a,b'], lastTs: T0, needsReview: false }])).toContain(`'=cmd(),1,,false,2026-10-01T12:00:00.000Z,"a,b"`)
  })

  it('flags a topic whose satisfaction stays under 80 % for 3 consecutive days', () => {
    const day = (d: number, topic: string, up: number, down: number) => [
      ...Array.from({ length: up }, (_, i) => ev('feedback', `u${d}${i}`, T0 + d * DAY, { value: 1, topic })),
      ...Array.from({ length: down }, (_, i) => ev('feedback', `d${d}${i}`, T0 + d * DAY, { csat: 2, topic })),
    ]
    const events = [
      // returns: 70 %, 75 %, 60 % on three consecutive days → needs review
      ...day(0, 'returns', 7, 3), ...day(1, 'returns', 3, 1), ...day(2, 'returns', 3, 2),
      // shipping: under 80 % on days 0, 1 and 3 (a gap on day 2) → fine
      ...day(0, 'shipping', 1, 1), ...day(1, 'shipping', 1, 1), ...day(2, 'shipping', 9, 1), ...day(3, 'shipping', 1, 1),
      // sizing: under 80 % on days 0, 1, then no feedback on day 2, then day 3 → not consecutive
      ...day(0, 'sizing', 0, 1), ...day(1, 'sizing', 0, 1), ...day(3, 'sizing', 0, 1),
      ev('unanswered', 'q', T0, { q: '退货运费谁出', topic: 'returns' }),
    ]
    const reviews = topicReviews(events)
    expect(reviews.filter((r) => r.needsReview).map((r) => r.topic)).toEqual(['returns'])
    expect(reviews.find((r) => r.topic === 'returns')!.days.map((d) => d.share)).toEqual([0.7, 0.75, 0.6])
    expect(gapGroups(events, reviews)[0]).toMatchObject({ topic: 'returns', needsReview: true })
  })

  it('groups rephrasings of one question, not questions that only share a word', () => {
    const groups = gapGroups([
      ev('unanswered', 'a', T0, { q: 'X5能连iPad吗' }),
      ev('unanswered', 'b', T0 + 1, { q: 'x5 可以连接ipad吗？' }),
      ev('unanswered', 'c', T0 + 2, { q: 'X5 能连华为手机吗' }),
      ev('unanswered', 'd', T0 + 3, { q: '发票' }),
      ev('unanswered', 'e', T0 + 4, { q: '发票抬头可以写公司吗' }),
    ])
    expect(groups.map((g) => [g.question, g.count])).toEqual([
      ['X5能连iPad吗', 2],
      ['发票抬头可以写公司吗', 1],
      ['发票', 1],
      ['X5 能连华为手机吗', 1],
    ])
  })

  it('without retained text, unanswered questions and thumbs-down are still listed and counted, per topic', () => {
    const groups = gapGroups([
      ev('unanswered', 'a', T0, { topic: 'presales', intent: 'presales' }),
      ev('unanswered', 'b', T0 + 1, { intent: 'presales' }),
      ev('feedback', 'c', T0 + 2, { value: -1, topic: 'returns' }),
      ev('feedback', 'd', T0 + 3, { value: 1, topic: 'returns' }),
      ev('unanswered', 'e', T0 + 4, {}), // nothing to go by
    ])
    expect(groups.map((g) => [g.question, g.count, g.topic])).toEqual([
      [textNotKept('presales'), 2, 'presales'],
      [textNotKept('returns'), 1, 'returns'],
    ])
  })
})

describe('the demo month', () => {
  it('is deterministic and shows the flash opener better than the control, refunds and a flagged topic', () => {
    const events = demoEvents({ visitors: 2400 })
    expect(demoEvents({ visitors: 2400 })).toEqual(events)
    const stored = events.map((e) => ({ ...e, id: e.id!, props: e.props, receivedAt: e.ts }))
    const report = buildReport(stored)
    expect(report.experiments[0]).toMatchObject({ id: 'opener', control: 'coupon', variants: [{ id: 'coupon', verdict: 'control' }, { id: 'flash', verdict: 'better' }] })
    expect(report.revenue.refunds).toBeGreaterThan(0)
    expect(report.topics.some((t) => t.needsReview && t.topic === 'aftersales')).toBe(true)
    expect(report.byCampaign.map((c) => c.key).sort()).toEqual(['kids-watch', 'phone', 'skincare'])
  })
})

describe('the report read from the store window by window', () => {
  it('equals the report built in memory, whatever the window size, with ties, refunds and a days filter', async () => {
    const driver = libsqlDriver(await openLibsqlClient(MEMORY))
    try {
      const store = new SqlEventStore(driver)
      const demo = demoEvents({ visitors: 300 })
      const extra = [
        // Ties on ts with ids in different code-point and locale order; a refund before its purchase.
        ev('greet_shown', 'tie', T0, { campaign: 'kids-watch' }),
        { ...ev('purchase', 'tie', T0, { value: 50, orderId: 'tie-o' }), id: 'B' },
        { ...ev('coupon_copied', 'tie', T0, { ruleId: 'cart' }), id: 'a' },
        ev('refund', 'tie', T0 - 10, { orderId: 'tie-o', value: 20 }),
        ev('reply_latency', 'tie', T0, { ms: 0 }),
      ]
      for (let i = 0; i < demo.length; i += 100) await store.append(demo.slice(i, i + 100))
      await store.append(extra)
      const all = await store.events()
      for (const filter of [{}, { since: T0 + 10 * DAY }]) {
        const inMemory = buildReport(await store.events(filter), { now: T0 })
        for (const windowSize of [7, 1_000, 100_000]) {
          expect(await reportFromStore(store, filter, { now: T0, windowSize, sliceMs: 0 })).toEqual(inMemory)
        }
      }
      expect(buildReport(all).events).toBe(demo.length + extra.length)
    } finally {
      await driver.close()
    }
  })
})
