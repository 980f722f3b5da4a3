// Coupon questions answered from the offer the visitor already holds (or their refusal), never "none".
import { describe, expect, it } from 'vitest'
import { answerText, askChat, eventData, postJson, testApp } from '../testing.ts'

const NOW = Date.UTC(2026, 10, 23, 12)
const app = testApp({ now: () => NOW })
const page = { url: '/p/z7.html', productId: 'z7' }

describe('greet on a product page', () => {
  it('suggests questions about the product shown, in the visitor\'s language', async () => {
    const zh = await (await postJson(app, '/v1/greet', JSON.stringify({ visitorId: 'v_1', page }))).json()
    expect(zh.suggestions).toEqual(['Z7 多少钱？', 'Z7 有哪些颜色？', 'Z7 内存多大？'])
    const en = await (await postJson(app, '/v1/greet', JSON.stringify({ visitorId: 'v_1', lang: 'en', page }))).json()
    expect(en.suggestions[0]).toBe('How much is Z7?')
  })

  it('a campaign\'s own suggestions still win', async () => {
    const body = await (await postJson(app, '/v1/greet', JSON.stringify({ visitorId: 'v_1', page: { url: '/p/z7.html?utm_term=' + encodeURIComponent('儿童智能手表定位'), productId: 'z7' } }))).json()
    expect(body.suggestions).toEqual(['帮我挑儿童手表', 'X5 防水吗？', 'X5 和 Y1 有什么区别？'])
  })
})

describe('"有优惠券吗？" after the greeting showed a coupon', () => {
  it('points to the coupon shown (code and discount from the config), with no product pitch', async () => {
    const shown = { marketing: { shown: { 'opener.coupon': [NOW - 3_600_000] } } }
    const events = await askChat(app, '有优惠券吗？', { profile: shown, page })
    const text = answerText(events)
    expect(text).toContain('刚才给您的新客券 HELLO50 还可以用：立减50元')
    expect(text).not.toContain('Z7 智能手机')
    expect(text).not.toContain('没有查到可用的优惠券') // never denies the coupon it is pointing to
    const cards = eventData(events, 'card')
    expect(cards).toEqual([expect.objectContaining({ type: 'coupon', code: 'HELLO50', expiresAt: NOW - 3_600_000 + 168 * 3_600_000 })])
  })

  it('in English, and not once the offer has expired', async () => {
    const en = answerText(await askChat(app, 'Do you have any coupons?', { lang: 'en', profile: { marketing: { shown: { 'opener.flash': [NOW - 3_600_000] } } } }))
    expect(en).toContain('¥50 off with code NOW50')
    const old = answerText(await askChat(app, '有优惠券吗？', { profile: { marketing: { shown: { 'opener.flash': [NOW - 25 * 3_600_000] } } } }))
    expect(old).not.toContain('NOW50')
  })

  it('with marketing consent refused, says offers are off rather than that none exist', async () => {
    const events = await askChat(app, '有优惠券吗？', { profile: { consent: { marketing: false }, marketing: { shown: { 'opener.coupon': [NOW] } } } })
    expect(answerText(events)).toContain('您之前关闭了优惠推送')
    expect(eventData(events, 'card').filter((c) => c.type === 'coupon')).toEqual([])
  })
})
