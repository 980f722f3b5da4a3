// End to end: an LLM's invented links, prices, offers and stock never reach the visitor, whatever
// the pieces they stream in, and `done.corrected` counts them.
import { describe, expect, it } from 'vitest'
import { answerText, askChat, eventData, scriptedModel, testApp } from '../testing.ts'

const noConsent = { profile: { consent: { marketing: false } } }

async function ask(pieces: string[], question = 'X5 多少钱？') {
  const events = await askChat(testApp({ model: scriptedModel(pieces) }), question, noConsent)
  const deltas = eventData(events, 'delta').map((d) => d.text)
  return { text: answerText(events), deltas, corrected: eventData(events, 'done')[0]!.corrected ?? 0 }
}

describe('guards on an LLM answer', () => {
  it('invented links: the link text stays, the URL goes', async () => {
    const r = await ask(['X5 可在[官方旗', '舰店](https://ev', 'il.example/x5)购买。购买链接：ht', 'tps://evil.example/buy ，或 www.evil', '.example/coupon 。'])
    expect(r.text).toContain('官方旗舰店')
    expect(r.deltas.join('|')).not.toMatch(/evil|https?:|www\./)
    expect(r.corrected).toBe(3)
  })

  it('keeps the product page and the config help link', async () => {
    const r = await ask(['X5 详情：[X5 儿童智能手表](/p/x5', '.html)，退货见 [政策](/help/returns.html)。'])
    expect(r.text).toBe('X5 详情：[X5 儿童智能手表](/p/x5.html)，退货见 [政策](/help/returns.html)。')
    expect(r.corrected).toBe(0)
  })

  it('Chinese-numeral and full-width prices become the catalog price', async () => {
    const r = await ask(['X5 现在只要九', '十九元。', '也就是 ９', '９元。'])
    expect(r.text).toBe('X5 现在只要899元。也就是 899元。')
    expect(r.corrected).toBe(2)
  })

  it('another product\'s invented price is dropped, not rewritten to the focus price', async () => {
    const r = await ask(['X5 售价 ¥899。', 'Y1 售价 ¥1', '299，Z9 售价 ¥5。', '还有问题吗？'])
    expect(r.text).toBe('X5 售价 ¥899。还有问题吗？')
    expect(r.corrected).toBeGreaterThanOrEqual(1)
  })

  it('invented offers without numbers or code words go', async () => {
    const r = await ask(['X5 售价 ¥899。', '结账时输', '入 HUIKE2024 享受优惠。', '现在第二件半', '价！', '还有问题吗？'])
    expect(r.deltas.join('|')).not.toMatch(/HUIKE2024|半价/)
    expect(r.text).toContain('还有问题吗？')
    expect(r.corrected).toBe(2)
  })

  it('invented stock goes; the catalog\'s stays', async () => {
    const r = await ask(['X5 售价 ¥899。', 'X5 目前缺', '货。', '库存还剩 ', '3 件。', 'X5 有货。'])
    expect(r.deltas.join('|')).not.toMatch(/缺货|3 件/)
    expect(r.text).toMatch(/^X5 售价 ¥899。.*X5 有货。$/u)
    expect(r.corrected).toBe(2)
  })
})

describe('when the guards leave (nearly) nothing', () => {
  it('the grounded offline answer follows instead of an empty or stub reply', async () => {
    const app = testApp({ model: scriptedModel(['用优惠码 SAVE90 ', '可以再减 90%。']) })
    const events = await askChat(app, 'X5 多少钱？')
    expect(answerText(events)).toContain('¥899')
    expect(answerText(events)).not.toContain('SAVE90')
    expect(eventData(events, 'done')[0]!.corrected).toBeGreaterThanOrEqual(1)
  })

  it('a reply with real content left is not padded', async () => {
    const app = testApp({ model: scriptedModel(['X5 售价 ¥899，支持 IP68 防水。', '用优惠码 SAVE90 再减。']) })
    expect(answerText(await askChat(app, 'X5 多少钱？'))).toBe('X5 售价 ¥899，支持 IP68 防水。')
  })
})
