// The demo's own misreadings from issue 10: a shade chosen is not a return, hesitation gets no "the
// facts don't say", an invoice question asks for no order number, a finder refinement is answered.
import { describe, expect, it } from 'vitest'
import { converse, testApp } from './testing.ts'

const app = testApp()

describe('demo turns that are not after-sales', () => {
  it('"我要豆沙色的" after asking a lipstick\'s shades answers about that shade', async () => {
    const { text, meta } = await converse(app, ['口红R1有什么色号？', '我要豆沙色的'])
    expect(meta.intent).not.toBe('aftersales')
    expect(text).toContain('豆沙色')
    expect(text).not.toContain('订单号')
  })

  it('"有点贵，我再考虑一下" gets no "the facts don\'t say"', async () => {
    const { text } = await converse(app, ['Z7 多少钱', '有点贵，我再考虑一下'])
    expect(text).not.toContain('没有直接提到')
    expect(text).toContain('考虑')
  })

  it('"你们的发票怎么开" asks for no order number', async () => {
    const { text } = await converse(app, ['你们的发票怎么开'])
    expect(text).not.toContain('订单号')
    expect(text).toContain('人工客服')
  })

  it('a real return still asks for the order', async () => {
    expect((await converse(app, ['X5坏了'])).text).toContain('订单号')
  })
})
