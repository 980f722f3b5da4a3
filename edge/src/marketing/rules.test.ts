import { describe, expect, it } from 'vitest'
import configJson from '../../../demo/config.json'
import type { SiteConfig } from '../../../shared/config.ts'
import type { ChatMessage, VisitorProfile } from '../../../shared/protocol.ts'
import { parseSiteConfig } from '../site-config.ts'
import { demoCatalog, demoConfig } from '../testing.ts'
import { DAY_MS } from './caps.ts'
import { askedTagsPatch, type MarketingContext } from './conditions.ts'
import { evaluateRules } from './rules.ts'

const NOW = Date.UTC(2026, 10, 23, 12)
const oily: ChatMessage[] = ['油皮用什么洁面？', '油皮适合什么爽肤水？', '油皮夏天用什么保湿？'].map((content) => ({ role: 'user', content }))

function ctx(extra: Partial<MarketingContext> = {}, config: SiteConfig = demoConfig): MarketingContext {
  return { visitorId: 'v_1', profile: {}, page: {}, lang: 'zh-CN', now: NOW, config, catalog: demoCatalog, intent: 'presales', sentiment: 'neutral', ...extra }
}

function withConfig(patch: (c: Record<string, any>) => void): SiteConfig {
  const c = structuredClone(configJson) as Record<string, any>
  patch(c)
  return parseSiteConfig(c, 'config.json')
}

describe('evaluateRules', () => {
  it('three oily-skin questions → the bundle at 8折 with bundle prices from the catalog', () => {
    const d = evaluateRules('reply', ctx({ messages: oily }))!
    expect(d.rule.id).toBe('oily-bundle')
    expect(d.cards[0]).toEqual({ type: 'coupon', offerId: 'oily-bundle', code: 'OILY8', title: '油皮护理三件套', discount: '8折', terms: '三件同时下单可用' })
    expect(d.cards.slice(1).map((c) => c.type === 'product' && c.product.note)).toEqual(['8折价 ¥71.20', '8折价 ¥103.20', '8折价 ¥127.20'])
    expect(d.text).toContain('原价¥377，套装价¥301.60')
    expect(d.history?.shown['oily-bundle']).toEqual([NOW])
  })

  it('two oily questions are not enough, unless earlier visits asked too', () => {
    expect(evaluateRules('reply', ctx({ messages: oily.slice(0, 2), intent: 'other' }))).toBeUndefined()
    // The device's running count: one question in an earlier visit, plus this conversation's first.
    expect(evaluateRules('reply', ctx({ messages: oily.slice(0, 2), profile: { askedTags: { 油皮: 2 } } }))?.rule.id).toBe('oily-bundle')
    // A count that only repeats this conversation adds nothing.
    expect(evaluateRules('reply', ctx({ messages: oily.slice(0, 2), intent: 'other', profile: { askedTags: { 油皮: 1 } } }))).toBeUndefined()
  })

  it('a segment comes from the customer\'s traits (identity.ts leaves only a verified customer there)', () => {
    const config = withConfig((c) => c.rules.push({ id: 'vip', priority: 99, slot: 'reply', when: { segment: ['vip'] }, then: { offer: 'welcome-50', text: 'VIP {code}' } }))
    const vip = (profile: VisitorProfile) => evaluateRules('reply', ctx({ config, messages: [{ role: 'user', content: 'X5 多少钱' }], profile }))?.rule.id
    expect(vip({ segment: 'vip' })).not.toBe('vip')
    expect(vip({ customer: { id: 'c1', segment: 'vip' } })).toBe('vip')
    expect(vip({ customer: { id: 'c2', segment: 'new' } })).not.toBe('vip')
  })

  it('the running count is kept on the device: each message naming a counted tag adds one, others leave it', () => {
    const c = ctx({ messages: oily.slice(0, 1), profile: { askedTags: { 油皮: 4, 其他: 1 } } })
    expect(askedTagsPatch(c)).toEqual({ 油皮: 5, 其他: 1 })
    expect(askedTagsPatch(ctx({ messages: [{ role: 'user', content: 'X5 多少钱' }] }))).toBeUndefined()
  })

  it('respects consent, complaints, negative or angry visitors, and handoff dialogues', () => {
    const blocked: Partial<MarketingContext>[] = [
      { profile: { consent: { marketing: false } } },
      { intent: 'complaint' },
      { sentiment: 'angry' },
      { sentiment: 'negative' },
      { topic: 'handoff:asked' },
      { topic: 'return:quality' },
    ]
    for (const extra of blocked) expect(evaluateRules('reply', ctx({ messages: oily, ...extra }))).toBeUndefined()
    expect(evaluateRules('reply', ctx({ messages: oily, topic: 'flow:skincare' }))?.rule.id).toBe('oily-bundle')
  })

  it('with consentRequired, a missing consent means no promotion', () => {
    const config = withConfig((c) => (c.marketing.consentRequired = true))
    expect(evaluateRules('reply', ctx({ messages: oily }, config))).toBeUndefined()
    expect(evaluateRules('reply', ctx({ messages: oily, profile: { consent: { marketing: true } } }, config))?.rule.id).toBe('oily-bundle')
  })

  it('per region: opt-in where the region requires consent, opt-out elsewhere', () => {
    const config = withConfig((c) => (c.marketing.consentRequired = { default: false, regions: { DE: true } }))
    const page = (region?: string) => ({ url: 'https://shop.example/', ...(region && { region }) })
    expect(evaluateRules('reply', ctx({ messages: oily, page: page('DE') }, config))).toBeUndefined()
    expect(evaluateRules('reply', ctx({ messages: oily, page: page('DE'), profile: { consent: { marketing: true } } }, config))?.rule.id).toBe('oily-bundle')
    expect(evaluateRules('reply', ctx({ messages: oily, page: page('CN') }, config))?.rule.id).toBe('oily-bundle')
    expect(evaluateRules('reply', ctx({ messages: oily, page: page() }, config))?.rule.id).toBe('oily-bundle')
  })

  it('enforces the rule caps and the global caps from the history on the device', () => {
    const shownNow = (id: string, ago: number): VisitorProfile => ({ marketing: { shown: { [id]: [NOW - ago] } } })
    expect(evaluateRules('reply', ctx({ messages: oily, profile: shownNow('oily-bundle', 60_000) }))).toBeUndefined() // perVisit 1
    expect(evaluateRules('reply', ctx({ messages: oily, profile: shownNow('oily-bundle', 2 * DAY_MS) }))?.rule.id).toBe('oily-bundle')
    const busy: VisitorProfile = { marketing: { shown: { a: [NOW - 1000], b: [NOW - 2000] } } } // global perVisit 2
    expect(evaluateRules('reply', ctx({ messages: oily, profile: busy }))).toBeUndefined()
    // The returned history drops what no cap looks at any more (older than a week).
    const d = evaluateRules('reply', ctx({ messages: oily, profile: { marketing: { shown: { old: [NOW - 8 * DAY_MS] } } } }))!
    expect(d.history).toEqual({ shown: { 'oily-bundle': [NOW] } })
  })

  it('the highest priority wins; a tie goes to the smaller id', () => {
    const config = withConfig((c) => {
      c.rules = [
        { id: 'b-rule', priority: 5, slot: 'reply', then: { text: 'B' } },
        { id: 'a-rule', priority: 5, slot: 'reply', then: { text: 'A' } },
        { id: 'low', priority: 1, slot: 'reply', then: { text: 'L' } },
      ]
    })
    expect(evaluateRules('reply', ctx({}, config))?.text).toBe('A')
  })

  it('skips an offer past its expiresAt, and counts validHours from now', () => {
    const config = withConfig((c) => {
      c.offers.push({ type: 'coupon', id: 'old', title: '旧券', code: 'OLD', discount: { type: 'amount', value: 10 }, expiresAt: '2020-01-01T00:00:00Z' })
      c.rules = [
        { id: 'expired', priority: 9, slot: 'reply', then: { offer: 'old' } },
        { id: 'hesitate', priority: 1, slot: 'reply', when: { hesitation: true }, then: { offer: 'flash-24h' } },
      ]
    })
    const d = evaluateRules('reply', ctx({ messages: [{ role: 'user', content: '有点贵，我再考虑一下' }] }, config))!
    expect(d.rule.id).toBe('hesitate')
    expect(d.cards[0]).toMatchObject({ type: 'coupon', code: 'NOW50', discount: '立减50元', expiresAt: NOW + 24 * 3_600_000 })
  })

  it('hesitation from dwell time, passed by the widget as page.dwellMs', () => {
    const d = evaluateRules('reply', ctx({ page: { dwellMs: 90_000 }, messages: [{ role: 'user', content: 'X5 多少钱' }] }))
    expect(d?.rule.id).toBe('hesitation')
  })

  it('cross-sells the same 色系: lipstick → blush', () => {
    const lipstick = demoCatalog.get('lipstick-r1')!
    const d = evaluateRules('reply', ctx({ subjects: [lipstick], messages: [{ role: 'user', content: '这支口红什么色系' }] }))!
    expect(d.rule.id).toBe('lip-blush')
    expect(d.products.map((p) => p.id)).toEqual(['blush-b1'])
    expect(d.text).toContain('柔雾腮红 B1 焦糖枫')
  })

  it('makes a share link with ?ref=<visitorId>, even without marketing consent (it was asked for)', () => {
    const d = evaluateRules('reply', ctx({ visitorId: 'v_abc', page: { url: 'https://shop.example/p/x5?utm_term=x' }, profile: { consent: { marketing: false } }, messages: [{ role: 'user', content: '帮我生成推广链接' }] }))!
    expect(d.text).toContain('https://shop.example/p/x5?ref=v_abc')
    expect(d.history).toBeUndefined()
  })

  it('reminds a repurchase after the product cycle (使用周期)', () => {
    const d = evaluateRules('greeting', ctx({ profile: { purchases: [{ productId: 'oil-cleanser', ts: NOW - 61 * DAY_MS }] } }))
    expect(d?.rule.id).toBe('repurchase')
    expect(d?.text).toContain('清透控油洁面乳')
    expect(evaluateRules('greeting', ctx({ profile: { purchases: [{ productId: 'oil-cleanser', ts: NOW - 20 * DAY_MS }] } }))).toBeUndefined()
  })
})

describe('marketing config', () => {
  it('names the path of a bad reference', () => {
    expect(() => withConfig((c) => (c.rules[0].then.offer = 'nope'))).toThrow(/rules\.0\.then\.offer|rules\[0\]/)
  })
})
