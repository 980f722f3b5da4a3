// Product knowledge through POST /v1/chat with the offline responder: grounded facts, honest gaps,
// recommendations under constraints, comparisons, follow-ups, and a site's own vocabulary.
import { describe, expect, it } from 'vitest'
import { ConfigError, parseSiteConfig } from './site-config.ts'
import { answerText, askChat, demoConfig, eventData, testApp } from './testing.ts'
import type { ChatMessage, CompareCard } from '../../shared/protocol.ts'

const app = testApp()
const productCards = (events: Awaited<ReturnType<typeof askChat>>) => eventData(events, 'card').flatMap((c) => (c.type === 'product' ? [c.product] : []))

describe('grounded answers', () => {
  it('answers a product question from the catalog even when it reads like after-sales ("准不准")', async () => {
    const text = answerText(await askChat(app, 'X5 的定位准不准'))
    expect(text).toContain('误差小于5米')
  })

  it('says the catalog does not list an attribute instead of guessing (zh and en)', async () => {
    const zh = answerText(await askChat(app, 'X5 屏幕多大？'))
    expect(zh).toContain('没有提到X5 儿童智能手表的屏幕')
    const en = answerText(await askChat(app, 'How big is the X5 screen?', { lang: 'en' }))
    expect(en).toContain("don't mention the screen of X5")
  })

  it('answers a colour it lacks honestly, with the colours it has', async () => {
    const text = answerText(await askChat(app, 'Z7有蓝色的吗'))
    expect(text).toBe('抱歉，Z7 智能手机目前没有蓝色，有紫色、黑色、白色可选。')
  })

  it('does not quote the focused product for a product we do not sell, and suggests real ones', async () => {
    const events = await askChat(app, 'X9 多少钱', { page: { productId: 'x5' } })
    const text = answerText(events)
    expect(text).toContain('本店没有“X9”')
    expect(text).not.toContain('¥899')
    expect(productCards(events).map((p) => p.id)).toContain('x5')
  })

  it('carries the product and the question into an English follow-up', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'Does the Z7 come in purple?' },
      { role: 'assistant', content: 'Yes, Z7 智能手机 comes in 紫色.' },
      { role: 'user', content: 'what about the Z7 Lite?' },
    ]
    const events = await askChat(app, history, { lang: 'en' })
    expect(answerText(events)).toMatch(/Z7 Lite 智能手机 doesn't come in purple; it is available in 蓝色, 粉色\..*out of stock/)
    expect(productCards(events).map((p) => p.id)).toEqual(['z7-lite'])
  })
})

describe('recommendations', () => {
  it('shows only products that meet every constraint, each card with a reason from its attributes', async () => {
    const events = await askChat(app, '送女朋友的手表，两千以内')
    const cards = productCards(events)
    expect(cards.map((c) => c.id)).toEqual(['watch-lady', 'watch-sport'])
    expect(cards.every((c) => c.price <= 2000)).toBe(true)
    expect(cards[0]!.note).toBe('适用人群：女士；风格：简约精致')
    expect(answerText(events)).toMatch(/^为您找到 2 款符合「手表、适合女士、¥2000以内」的商品：/)
    expect(eventData(events, 'suggest')[0]!.replies[0]).toBe('Aurora 女表 和 运动手表 有什么区别？')
  })

  it('says honestly when nothing qualifies and offers the nearest, marked as such', async () => {
    const events = await askChat(app, 'recommend a kids watch under 300', { lang: 'en' })
    expect(answerText(events)).toMatch(/^Sorry, nothing we sell matches all of "kids watch, under ¥300"\. The closest:\n- Y1 儿童学习手表, ¥499/)
    expect(productCards(events).map((c) => c.id)).toEqual(['y1'])
  })

  it('offers "more" when more products qualify, and shows the others when asked', async () => {
    const first = await askChat(app, '推荐护肤品')
    expect(eventData(first, 'suggest')[0]!.replies).toContain('还有别的吗？')
    const history: ChatMessage[] = [
      { role: 'user', content: '推荐护肤品' },
      { role: 'assistant', content: answerText(first) },
      { role: 'user', content: '还有别的吗？' },
    ]
    const more = productCards(await askChat(app, history)).map((c) => c.id)
    expect(more).toHaveLength(1)
    expect(productCards(first).map((c) => c.id)).not.toContain(more[0])
  })
})

describe('comparisons', () => {
  it('compares with a competitor in a compare card: prices on the products, shared attributes as rows, the rival unlinked', async () => {
    const events = await askChat(app, 'X5和K9比怎么样')
    const [card] = eventData(events, 'card') as CompareCard[]
    expect(card!.type).toBe('compare')
    expect(card!.products).toEqual([
      expect.objectContaining({ id: 'x5', price: 899, url: '/p/x5.html' }),
      { id: 'rival-k9', name: 'K9 儿童手表（竞品）', price: 999, currency: 'CNY', competitor: true },
    ])
    expect(card!.rows).toEqual([
      { attribute: '定位', values: ['九重定位，误差小于5米', '三重定位，误差约15米'] },
      { attribute: '重量', values: ['35g', '45g'] },
      { attribute: '防水指数', values: ['IP68', 'IP67'] },
    ])
    const text = answerText(events)
    expect(text).toContain('重量：X5 35g；K9 45g')
    expect(text).toContain('K9 儿童手表（竞品）不是本店商品')
    expect(eventData(events, 'profile')).toEqual([{ patch: { askedProducts: ['x5'] } }])
  })

  it('compares in English with English row labels', async () => {
    const [card] = eventData(await askChat(app, 'compare Z7 vs Z7 Lite', { lang: 'en' }), 'card') as CompareCard[]
    expect(card!.rows.map((r) => r.attribute)).toEqual(['colours', 'memory', 'screen', '电池', 'weight', 'water resistance', 'camera'])
  })
})

describe("a site's own vocabulary", () => {
  const config = parseSiteConfig(
    { ...demoConfig, knowledge: { attributes: [{ key: '机芯', synonyms: ['走时方式', 'movement'], label: { 'zh-CN': '机芯', en: 'movement' }, ask: { 'zh-CN': '{name} 用什么机芯？', en: 'Which movement does {name} use?' } }] } },
    'site.json',
  )
  const siteApp = testApp({ config })

  it('answers an attribute through the synonyms the site config adds', async () => {
    expect(answerText(await askChat(siteApp, 'Aurora 男表的走时方式是什么？'))).toContain('机芯：自动机械')
    expect(answerText(await askChat(siteApp, 'Which movement does Aurora 男表 have?', { lang: 'en' }))).toContain('movement: 自动机械')
    // Without the site's entry the same words mean nothing in particular.
    expect(answerText(await askChat(testApp({ config: { ...demoConfig, knowledge: { attributes: [], terms: [] } } }), 'Aurora 男表的走时方式是什么？'))).not.toContain('自动机械。')
  })

  it('suggests the site attribute as a quick reply', async () => {
    const [suggest] = eventData(await askChat(siteApp, 'Aurora 男表多少钱'), 'suggest')
    expect(suggest!.replies).toContain('Aurora 男表用什么机芯？')
  })

  it('rejects a bad entry with its path', () => {
    expect(() => parseSiteConfig({ ...demoConfig, knowledge: { attributes: [{ key: '机芯', synonyms: [] }] } }, 'site.json')).toThrow(ConfigError)
    expect(() => parseSiteConfig({ ...demoConfig, knowledge: { attributes: [{ key: '机芯', synonyms: [] }] } }, 'site.json')).toThrow(/knowledge\.attributes\[0\]\.synonyms/)
  })
})

describe('English attribute questions on the demo catalog', () => {
  it.each([
    ['Does the X5 watch have GPS?', undefined, '九重定位，误差小于5米'],
    ['Can I track my kid with the X5?', undefined, '九重定位，误差小于5米'],
    ['How long does the Z7 battery last?', undefined, '5000mAh'],
    ['Is it automatic or quartz?', 'watch-classic', '自动机械'],
    ['How big is it?', 'watch-classic', '40mm'],
    ['Can I swim with it?', 'watch-sport', '5ATM'],
    ['What size is the oil control cleanser?', undefined, '120g'],
    ['What are the benefits of the oil control cleanser?', undefined, '控油、清洁毛孔'],
  ])('%s (%s) → %s', async (question, productId, value) => {
    const text = answerText(await askChat(app, question, { lang: 'en', ...(productId && { page: { productId } }) }))
    expect(text).toContain(value)
  })
})
