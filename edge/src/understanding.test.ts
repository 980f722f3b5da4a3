import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../shared/protocol.ts'
import { classifyTurn } from './understanding.ts'

const turn = (text: string, aboutProduct = false) => classifyTurn([{ role: 'user', content: text }], 'zh-CN', { aboutProduct })

/** A conversation where the visitor's turns got (unhelpful) answers in between. */
function conversation(...userTurns: string[]): ChatMessage[] {
  return userTurns.flatMap((content, i) => [
    ...(i ? [{ role: 'assistant' as const, content: '您好，请问还有什么可以帮您？' }] : []),
    { role: 'user' as const, content },
  ])
}

describe('classifyTurn: intent', () => {
  it.each([
    ['这款有紫色吗', 'presales'],
    ['x5防水不', 'presales'],
    ['多钱', 'presales'],
    ['推荐一款手表', 'presales'],
    ['does the sport watch come in black?', 'presales'],
    ['怎么退货', 'aftersales'],
    ['手表坏了', 'aftersales'],
    ['保修多久', 'aftersales'],
    ['物流到哪了', 'aftersales'],
    ['my order never arrived', 'aftersales'],
    ['How do I get a refund?', 'aftersales'],
    ['有优惠券吗', 'promotion'],
    ['双十一打折吗', 'promotion'],
    ['any discount today?', 'promotion'],
    ['你们什么破服务', 'complaint'],
    ['差评!!!', 'complaint'],
    ['我要投诉你们', 'complaint'],
    ['your service is a scam', 'complaint'],
    ['转人工', 'human'],
    ['我要找真人', 'human'],
    ['找客服', 'human'],
    ['can I talk to a human agent', 'human'],
    ['你好', 'other'],
    ['你是机器人吗', 'other'],
    ['今天天气不错', 'other'],
    ['are you a bot?', 'other'],
  ] as const)('%s → %s', (text, intent) => {
    expect(turn(text).intent).toBe(intent)
  })

  it('lets an explicit request for a person win, with the rule named', () => {
    const r = turn('别废话了，转人工')
    expect(r).toMatchObject({ intent: 'human', confidence: { intent: 0.95 } })
    expect(r.signals).toContain('asks-for-human')
  })

  it('does not take a complaint about staff or a question about the bot for a request for a person', () => {
    expect(turn('我要投诉你们客服').intent).toBe('complaint')
    expect(turn('你是真人吗').intent).toBe('other')
  })

  it('treats a vague product follow-up as presales', () => {
    expect(turn('续航呢', true).intent).toBe('presales')
    expect(turn('谢谢', true).intent).toBe('other')
  })

  it('calls a message without words "other"', () => {
    expect(turn('？？').intent).toBe('other')
  })

  it('reads the newest user message only for the intent', () => {
    const r = classifyTurn(conversation('我要退货', '谢谢'), 'zh-CN')
    expect(r).toMatchObject({ intent: 'other', sentiment: 'positive' })
  })
})

describe('classifyTurn: sentiment and the brief’s emotion signals', () => {
  it.each([
    ['什么破东西！！', 'angry'],
    ['有货吗！！！', 'angry'],
    ['差评!!!', 'angry'],
    ['太失望了', 'negative'],
    ['谢谢你', 'positive'],
    ['thanks, great help', 'positive'],
    ['X5 多少钱', 'neutral'],
    ['IP68 防水吗', 'neutral'],
  ] as const)('%s feels %s', (text, sentiment) => {
    expect(turn(text).sentiment).toBe(sentiment)
  })

  it('reads exclamation runs as anger, unless the visitor is delighted', () => {
    expect(turn('怎么还不发货！！').signals).toContain('exclamation')
    expect(turn('怎么还不发货！！').sentiment).toBe('angry')
    expect(turn('太好了！！！谢谢').sentiment).toBe('positive')
  })

  it('reads ALL-CAPS English as shouting, but not model names', () => {
    expect(turn('THIS WATCH IS BROKEN')).toMatchObject({ sentiment: 'angry', signals: expect.arrayContaining(['all-caps']) })
    expect(turn('WHERE IS MY ORDER').sentiment).toBe('angry')
    expect(turn('Is the X5 GPS accurate?').signals).not.toContain('all-caps')
  })

  it.each([
    ['垃圾产品', 'angry'],
    ['骗子', 'angry'],
    ['退钱', 'angry'],
    ['refund now', 'angry'],
    ['给你们差评', 'negative'],
    ['我要投诉', 'negative'],
    ['this is useless', 'negative'],
  ] as const)('lexicon: %s → at least %s', (text, sentiment) => {
    expect(turn(text).sentiment).toBe(sentiment)
  })

  it('reads a question sent again as frustration, and a third time as anger', () => {
    const twice = classifyTurn(conversation('x5有粉色吗', 'x5有粉色吗？'), 'zh-CN')
    expect(twice).toMatchObject({ intent: 'presales', sentiment: 'negative' })
    expect(twice.signals).toContain('repeated-question')
    const thrice = classifyTurn(conversation('退货怎么申请', '退货怎么申请啊', '退货到底怎么申请'), 'zh-CN')
    expect(thrice).toMatchObject({ intent: 'aftersales', sentiment: 'angry' })
    expect(thrice.signals).toContain('repeated-question-3x')
  })

  it('reads the same short answer to a guided flow\'s questions as answers, not repetition or pinging', () => {
    const skips = conversation('我想送个礼物', '跳过', '跳过', '跳过')
    expect(classifyTurn(skips, 'zh-CN').sentiment).not.toBe('neutral') // without the flow context: looks like pinging
    const answering = classifyTurn(skips, 'zh-CN', { answering: true })
    expect(answering.sentiment).toBe('neutral')
    expect(answering.signals).not.toContain('repeated-question-3x')
  })

  it('recognises the same question despite a typo, filler words or case', () => {
    expect(classifyTurn(conversation('退货怎么申请', '退或怎么申请'), 'zh-CN').signals).toContain('repeated-question')
    expect(classifyTurn(conversation('do you ship to canada', 'DO YOU SHIP TO CANADA'), 'en').signals).toContain('repeated-question')
  })

  it('does not count a new question or repeated thanks as a repeat', () => {
    expect(classifyTurn(conversation('x5多少钱', 'y1多少钱'), 'zh-CN').sentiment).toBe('neutral')
    expect(classifyTurn(conversation('谢谢', '谢谢'), 'zh-CN').sentiment).toBe('positive')
  })

  it('reads a burst of short pings as impatience', () => {
    const r = classifyTurn(conversation('在吗', '人呢', '？'), 'zh-CN')
    expect(r).toMatchObject({ intent: 'other', sentiment: 'negative' })
    expect(r.signals).toContain('short-turns')
    // Short but substantive turns are not pings.
    expect(classifyTurn(conversation('x5多少钱', '有粉色吗'), 'zh-CN').signals).not.toContain('short-turns')
  })
})

describe('classifyTurn: ordinary phrases that once read as anger or the wrong request', () => {
  it.each([
    ['送妈妈的', 'neutral'],
    ['给我妈的生日挑个礼物', 'neutral'],
    ['这款X5有没有坑', 'neutral'],
  ] as const)('%s is not angry (%s)', (text, sentiment) => {
    const r = turn(text)
    expect(r.sentiment).toBe(sentiment)
    expect(r.intent).not.toBe('human')
    expect(r.intent).not.toBe('complaint')
  })

  it('still reads real swearing as anger', () => {
    expect(turn('妈的，怎么还没到').sentiment).toBe('angry')
    expect(turn('坑爹啊')).toMatchObject({ intent: 'complaint', sentiment: 'angry' })
  })

  it('does not read a negated praise word as positive', () => {
    expect(turn('不喜欢，想退货')).toMatchObject({ intent: 'aftersales', sentiment: 'negative' })
    expect(turn('not happy with it').sentiment).toBe('negative')
    expect(turn("I don't like it").sentiment).toBe('negative')
  })

  it.each([
    ['I want a gift', 'presales'],
    ['帮我挑护肤品', 'presales'],
    ['200以内', 'presales'],
    ['under $300', 'presales'],
  ] as const)('%s → %s', (text, intent) => {
    expect(turn(text).intent).toBe(intent)
  })

  it('reads poor quality as a negative complaint or after-sales turn', () => {
    const r = turn('手表质量不好')
    expect(['complaint', 'aftersales']).toContain(r.intent)
    expect(r.sentiment).toBe('negative')
  })
})

describe('classifyTurn: confidence, determinism, speed', () => {
  const samples = ['这款有紫色吗', '退钱！！！', '你好', 'REFUND NOW', '有优惠券吗', '转人工', '嗯', '', '🙂', 'a'.repeat(2000)]

  it('gives both confidences in 0–1 and a list of signals', () => {
    for (const text of samples) {
      const { confidence, signals } = turn(text)
      for (const c of [confidence.intent, confidence.sentiment]) {
        expect(c).toBeGreaterThanOrEqual(0)
        expect(c).toBeLessThanOrEqual(1)
      }
      expect(Array.isArray(signals)).toBe(true)
    }
  })

  it('is more sure of a clear turn than of a vague one', () => {
    expect(turn('怎么申请退货退款').confidence.intent).toBeGreaterThan(turn('那个').confidence.intent)
  })

  it('gives the same answer every time', () => {
    for (const text of samples) expect(turn(text)).toEqual(turn(text))
  })
})
