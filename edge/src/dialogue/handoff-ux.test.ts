// The handoff as a visitor reads it: no promise of help right now when nobody can join, a short
// bubble when the card carries the details, and a plain acknowledgement afterwards.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { HandoffCard } from '../../../shared/protocol.ts'
import { converse, testApp } from '../testing.ts'

const app = testApp()
const handoffOf = (cards: { type: string }[]) => cards.find((c): c is HandoffCard => c.type === 'handoff')
const OFF_DUTY = new Date('2026-11-23T14:30:00Z') // 22:30 in Shanghai
const ON_DUTY = new Date('2026-11-23T04:00:00Z') // 12:00

function at(now: Date) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(now)
}

afterEach(() => {
  vi.useRealTimers()
})

describe('handoff wording', () => {
  it('does not promise immediate help outside business hours: the hours, and where to reach the shop', async () => {
    at(OFF_DUTY)
    const { text, cards } = await converse(app, ['你们这什么垃圾服务！！！退钱！！！'])
    const card = handoffOf(cards)!
    expect(card.online).toBe(false)
    expect(text).toMatch(/^非常抱歉/)
    expect(text).not.toMatch(/马上|这就|请稍候/)
    expect(text).toContain('联系我们')
    expect(text).toContain('每天 9:00–21:00')
    expect(text).not.toContain(card.next)
  })

  it('within business hours but without a live channel, says no person can join here, in a short bubble', async () => {
    at(ON_DUTY)
    const { text, cards } = await converse(app, ['你们这什么垃圾服务！！！退钱！！！'])
    expect(handoffOf(cards)!.online).toBe(true)
    expect(text).toBe('非常抱歉，让您不愉快了。这里暂时无法直接转接人工客服。您可以通过下方的方式联系我们。')
  })

  it('gives English hours without nested brackets', async () => {
    at(OFF_DUTY)
    const { text, cards } = await converse(app, ['Can I talk to a human?'], { lang: 'en' })
    const card = handoffOf(cards)!
    expect(card.next).not.toMatch(/\([^)]*\(/)
    expect(card.hours).toBe('Every day 9:00–21:00 (Beijing time)')
    expect(text).not.toMatch(/\([^)]*\(/)
    expect(text).toContain("we're open every day 9:00–21:00, Beijing time")
  })
})

describe('after a handoff', () => {
  it('answers "好的" with a short acknowledgement and no product', async () => {
    at(OFF_DUTY)
    const r = await converse(app, ['转人工', '好的'])
    expect(r.text).toBe('好的。有补充随时告诉我。')
    expect(r.meta.products).toEqual([])
    expect(r.cards).toEqual([])
  })

  it('does not ask the visitor to say 转人工 again', async () => {
    at(OFF_DUTY)
    const r = await converse(app, ['转人工', '好的', '还是没用'])
    expect(r.text).not.toContain('转人工')
    expect(r.text).not.toContain('talk to a human')
  })

  it('acknowledges thanks in English too', async () => {
    const r = await converse(app, ['How much is the X5?', 'thanks'], { lang: 'en' })
    expect(r.text).toBe("You're welcome! Anything else, just ask.")
    expect(r.cards).toEqual([])
  })
})
