// Calm questions of other trades read without the catalog: how often a part is replaced, how high a
// robot climbs, a worry before buying, a robot that is a product, terms in capitals. And with the
// catalog (`productQuestion`, set by dialogue/product-question.ts): a question about a product keeps
// presales and neutral unless it carries an unmistakable request for a person or a real grievance.
import { describe, expect, it } from 'vitest'
import { classifyTurn } from '../understanding.ts'
import { chitChat } from './chit-chat.ts'
import { concepts } from './concepts.ts'
import { productTerms } from './product-terms.ts'
import { isShouting } from './signals.ts'
import { normalize } from './text.ts'
import type { Product } from '../../../shared/catalog.ts'

const turn = (text: string, context: Parameters<typeof classifyTurn>[2] = {}) => classifyTurn([{ role: 'user', content: text }], 'zh-CN', context)

describe('calm questions without a product in sight', () => {
  it.each(['净化器滤网多久换一次', '刷头几个月换一次', '能过多高的门槛', '门槛多高能过', '会不会坏', '会不会漏水', '洗了会缩水吗', '能机洗吗', '机器人的拖布能机洗吗', '扫地机器人噪音大吗', '这是扫地机器人吗', 'IS IT HEPA'])(
    '"%s" is presales and not upset',
    (text) => {
      const r = turn(text)
      expect(r.intent).toBe('presales')
      expect(r.sentiment).not.toMatch(/negative|angry/)
    },
  )

  it('still hears the assistant called a robot, and a robot refused', () => {
    expect(turn('机器人太笨了').intent).toBe('complaint')
    expect(turn('这机器人根本听不懂').intent).toBe('complaint')
    expect(turn('不要机器人').intent).toBe('human')
    expect(turn('你是机器人吗').intent).toBe('other')
    expect(chitChat('你是机器人吗')).toBe('identity')
    expect(chitChat('是机器人吗？')).toBe('identity')
    for (const q of ['RV-9是机器人吗', '这是扫地机器人吗', '扫地机器人吗']) expect(chitChat(q), q).toBeUndefined()
  })

  it('reads a worry as a worry and a fault as a fault', () => {
    expect(concepts(normalize('会不会坏'))).toContain('@worry')
    expect(concepts(normalize('会不会坏'))).not.toContain('@broken')
    expect(concepts(normalize('屏幕坏了'))).toContain('@broken')
    expect(concepts(normalize('滤网多久换一次'))).not.toContain('@exchange')
    expect(concepts(normalize('我要换货'))).toContain('@exchange')
    expect(turn('屏幕坏了').intent).toBe('aftersales')
  })
})

describe('capitals: terms, codes and the shop\'s own words are not shouting', () => {
  const headlamp = { id: 'hl-1', name: 'Lumo HL-1 LED Headlamp', price: 129, currency: 'CNY', attributes: { 'Battery life': '40 h on low' }, faq: [], tags: [], aliases: [], related: [], competitor: false } satisfies Product

  it('leaves out units, standards and model codes', () => {
    for (const text of ['IS IT HEPA', 'HL-1 LED BATTERY LIFE?', 'AP-300用的是HEPA滤网吗？CADR多少', 'IPX4 USB-C LED GPS?', 'X5 有 GPS 吗']) expect(isShouting(text), text).toBe(false)
    for (const text of ['I WANT MY MONEY BACK', 'THIS IS USELESS', 'WHERE IS MY ORDER']) expect(isShouting(text), text).toBe(true)
  })

  it('leaves out the words of the products the turn is about, but not function or complaint words', () => {
    const isTerm = productTerms([headlamp])
    expect(isShouting('LUMO HEADLAMP BATTERY LIFE')).toBe(true)
    expect(isShouting('LUMO HEADLAMP BATTERY LIFE', isTerm)).toBe(false)
    expect(isShouting('THIS HEADLAMP IS USELESS ON LOW', isTerm)).toBe(true)
  })
})

describe('a question about a product (productQuestion)', () => {
  const product = { productQuestion: true }

  it('is presales and neutral whatever its words', () => {
    for (const text of ['滤网坏了能换吗', '担心买了后悔，噪音大吗', '会不会不好用', '2cm的门槛不行吗', 'DOES IT CHARGE BY USB?', '这是真人试戴图吗', '定位要找客服开通吗']) {
      expect(turn(text, product), text).toMatchObject({ intent: 'presales', sentiment: 'neutral' })
    }
  })

  it('keeps a question about its deals a promotion question', () => {
    expect(turn('X5有优惠券吗', product).intent).toBe('promotion')
  })

  it('still hears an unmistakable request for a person, an insult and a grievance', () => {
    expect(turn('X5 转人工', product).intent).toBe('human')
    expect(turn('X5 人工客服在吗', product).intent).toBe('human')
    expect(turn('X5是不是骗人的？', product).sentiment).toBe('angry')
    expect(turn('X5有货吗！！', product).sentiment).toBe('angry')
    expect(turn('X5真难用，有别的吗', product).sentiment).toBe('negative')
  })
})
