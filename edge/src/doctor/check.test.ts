import { describe, expect, it } from 'vitest'
import { answerBody, answers, answersFaq, carries, distinctivePart, expectedOf, polarity, sameQuantities } from './check.ts'

describe('carrying a value', () => {
  it('is NFKC- and case-insensitive, and never inside a longer number or code', () => {
    expect(carries('适用面积：30m2。', '30㎡')).toBe(true)
    expect(carries('净重：6.8KG', '6.8kg')).toBe(true)
    expect(carries('续航 32 小时', '32小时')).toBe(true)
    expect(carries('售价 ¥1300', '300')).toBe(false)
    expect(carries('H13级滤网', 'H1')).toBe(false)
    expect(carries('4.25kg', '4.2')).toBe(false)
  })

  it('accepts the same amount in another unit', () => {
    expect(sameQuantities('享受 12 个月保修', '整机1年')).toBe(true)
    expect(sameQuantities('comes with a 24-month warranty', '2年')).toBe(true)
    expect(sameQuantities('净重 6800 克', '6.8kg')).toBe(true)
    expect(sameQuantities('享受 12 个月保修', '2年')).toBe(false)
    expect(sameQuantities('风量 300m³/h', '300m')).toBe(false)
  })
})

describe('what of an answer counts', () => {
  const context = { description: '定时定量自动喂食，手机远程查看。', price: 399, names: ['萌爪 F3 智能喂食器'] }

  it('drops the overview, the price summary and what admits not knowing', () => {
    const overview = '萌爪 F3 智能喂食器，售价 ¥399。定时定量自动喂食，手机远程查看。'
    expect(answerBody(overview, context)).toEqual([])
    const unsure = '商品资料里没有直接提到这一点。我能确认的是：萌爪 F3 智能喂食器，¥399，净重 1.8kg，容量 4L。需要的话，可以请人工客服帮您进一步确认。'
    expect(answers(unsure, expectedOf('1.8kg'), context)).toBe(false)
    expect(answers('萌爪 F3 智能喂食器的净重：1.8kg。', expectedOf('1.8kg'), context)).toBe(true)
  })

  it('takes any one of a list', () => {
    expect(answers('有的，萌爪 F3 智能喂食器有雾蓝。', expectedOf(['奶白', '雾蓝']), context)).toBe(true)
  })

  it('reads a yes or a no from the sentence naming the fact, names that hold 无 left out', () => {
    expect(polarity('支持')).toBe(true)
    expect(polarity('不支持')).toBe(false)
    const wireless = { names: ['无线吸尘器 V8'] }
    expect(answers('无线吸尘器 V8的自动喂食：是。', expectedOf(true), wireless, ['自动喂食'])).toBe(true)
    expect(answers('无线吸尘器 V8的自动喂食：否。', expectedOf(true), wireless, ['自动喂食'])).toBe(false)
    expect(answers('无线吸尘器 V8的自动喂食：否。', expectedOf(false), wireless, ['自动喂食'])).toBe(true)
    expect(answers('可以，断电后还能喂。', expectedOf('支持'), {}, ['自动喂食'])).toBe(true)
    expect(answers('商品资料里没有提到它的自动喂食，我不能确定。', expectedOf(false), {}, ['自动喂食'])).toBe(false)
  })

  it('does not count a sentence about another product', () => {
    const other = { aboutOthers: (s: string) => s.includes('W2') }
    expect(answers('萌爪 W2 宠物饮水机的材质：ABS。', expectedOf('ABS'), other)).toBe(false)
  })
})

describe('FAQ answers', () => {
  it('are recognised by their most distinctive clause', () => {
    const part = distinctivePart('可以，活性炭层吸附甲醛，甲醛CADR为120m³/h；新装修建议同时开窗通风。', ['可以，用车载USB-C供电即可。'])
    expect(part).toBe('甲醛cadr为120m3/h')
    expect(answersFaq('可以，活性炭层吸附甲醛，甲醛CADR为120m³/h。', part)).toBe(true)
    expect(answersFaq('清岚 AP-300 空气净化器，售价 ¥1299。', part)).toBe(false)
  })
})
