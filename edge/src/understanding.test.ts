import { describe, expect, it } from 'vitest'
import { classifyTurn } from './understanding.ts'

const turn = (text: string, aboutProduct = false) => classifyTurn([{ role: 'user', content: text }], 'zh-CN', { aboutProduct })

describe('classifyTurn', () => {
  it.each([
    ['我想退货', 'aftersales'],
    ['手表坏了能保修吗', 'aftersales'],
    ['How do I get a refund?', 'aftersales'],
    ['有优惠券吗', 'promotion'],
    ['any discount today?', 'promotion'],
    ['我要投诉你们', 'complaint'],
    ['转人工', 'human'],
    ['can I talk to a human agent', 'human'],
    ['X5 多少钱', 'presales'],
    ['推荐一款手表', 'presales'],
    ['有紫色吗', 'presales'],
    ['今天天气不错', 'other'],
  ] as const)('%s → %s', (text, intent) => {
    expect(turn(text).intent).toBe(intent)
  })

  it('treats a product follow-up as presales', () => {
    expect(turn('续航呢', true).intent).toBe('presales')
  })

  it('reads the newest user message only', () => {
    const messages = [
      { role: 'user' as const, content: '我要退货' },
      { role: 'assistant' as const, content: '好的' },
      { role: 'user' as const, content: '谢谢' },
    ]
    expect(classifyTurn(messages, 'zh-CN')).toEqual({ intent: 'other', sentiment: 'positive' })
  })

  it.each([
    ['垃圾产品', 'angry'],
    ['什么破东西！！', 'angry'],
    ['THIS WATCH IS BROKEN', 'angry'],
    ['refund now', 'angry'],
    ['太失望了', 'negative'],
    ['this is useless', 'negative'],
    ['谢谢你', 'positive'],
    ['thanks, great help', 'positive'],
    ['X5 多少钱', 'neutral'],
    ['IP68 防水吗', 'neutral'],
  ] as const)('%s feels %s', (text, sentiment) => {
    expect(turn(text).sentiment).toBe(sentiment)
  })
})
