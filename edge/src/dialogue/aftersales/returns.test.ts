import { describe, expect, it } from 'vitest'
import { TicketCardSchema, type TicketCard } from '../../../../shared/protocol.ts'
import { demoConfig, eventData } from '../../testing.ts'
import { converse, handle, useToday } from './testing.ts'
import { dialogueContext } from '../handoff-testing.ts'

useToday()

describe('returns: a quality problem', () => {
  it('apologises, gives the standard steps and opens a quality ticket', async () => {
    const { meta, ticket, text } = await converse(['我买的X5手表屏幕坏了，想退货'])
    expect(meta.topic).toBe('return:quality')
    expect(text).toMatch(/^非常抱歉/)
    expect(text).toContain('预付费退货面单')
    expect(TicketCardSchema.parse(ticket)).toMatchObject({
      type: 'ticket',
      kind: 'quality',
      status: '已受理',
      title: 'X5 儿童智能手表 · 质量问题退货',
      product: { id: 'x5', price: 899 },
      link: { label: '退换货政策', href: '/help/returns.html' },
    })
    expect(ticket!.id).toMatch(/^T-20261123-[2-9A-HJ-NP-Z]{6}$/)
    expect(text).toContain(ticket!.id)
    expect(ticket!.steps.join()).toMatch(/照片.*订单号.*面单.*退款/)
  })

  it('raises a ticket notice with the order number when given', () => {
    const reply = handle(dialogueContext(['X5 收到就不开机，订单号 202311150123，要退货'], { intent: 'aftersales' }))
    expect(reply?.topic).toBe('return:quality')
    expect(reply?.notice).toMatchObject({ type: 'ticket', data: { kind: 'quality', orderNumber: '202311150123', product: { id: 'x5' } } })
    expect((reply?.cards[0] as TicketCard).steps[1]).toBe('订单号 202311150123 已记下')
    // The same conversation quotes the same ticket.
    expect(handle(dialogueContext(['X5 收到就不开机，订单号 202311150123，要退货'], { intent: 'aftersales' }))?.notice?.data.id).toBe(reply?.notice?.data.id)
  })

  it('in English too', async () => {
    const { meta, ticket, text } = await converse(['I want to return my Z7, it arrived broken'], 'en')
    expect(meta.topic).toBe('return:quality')
    expect(text).toMatch(/^I'm so sorry/)
    expect(ticket).toMatchObject({ kind: 'quality', status: 'Opened', product: { id: 'z7' } })
  })

  it('takes a quality problem reported without the word return', () => {
    expect(handle(dialogueContext(['我的Z7手机漏水了'], { intent: 'aftersales' }))?.topic).toBe('return:quality')
  })

  it('leaves a worry before buying to the product answer', () => {
    expect(handle(dialogueContext(['X5 摔了会坏吗？'], { intent: 'presales' }))).toBeUndefined()
    expect(handle(dialogueContext(['X5 多少钱？'], { intent: 'presales' }))).toBeUndefined()
  })
})

describe('returns: any other reason', () => {
  it('gives self-service steps and the return policy, no ticket', async () => {
    const { meta, ticket, text, events } = await converse(['我想退货，尺码不合适'])
    expect(meta.topic).toBe('return:change-of-mind')
    expect(ticket).toBeUndefined()
    expect(text).toContain('7 天内')
    expect(text).toContain('[退换货政策](/help/returns.html)')
    expect(text).toMatch(/申请退货/)
    expect(eventData(events, 'suggest')[0]!.replies).toContain('其实是质量问题')
  })

  it('uses the configured window and link', () => {
    const config = { ...demoConfig, aftersales: { ...demoConfig.aftersales, returnDays: 15, returnPolicyUrl: 'https://shop.example/returns' } }
    const reply = handle(dialogueContext(['买错了，想退款'], { config }))
    expect(reply?.text).toContain('15 天内')
    expect(reply?.text).toContain('(https://shop.example/returns)')
    expect(reply?.notice).toBeUndefined()
  })

  it('says when the purchase date looks past the window', () => {
    const reply = handle(dialogueContext(['不喜欢，想退货，2026-10-01 买的']))
    expect(reply?.text).toMatch(/约 53 天.*7 天无理由退货期/)
  })

  it('in English', async () => {
    const { meta, text } = await converse(["I'd like to return the X5, I changed my mind"], 'en')
    expect(meta.topic).toBe('return:change-of-mind')
    expect(text).toContain('Within 7 days of delivery')
  })
})

describe('returns: over two turns', () => {
  it('asks why, then follows the reason the visitor gives', async () => {
    const first = await converse(['我想退货'])
    expect(first.meta.topic).toBe('return:ask')
    expect(eventData(first.events, 'suggest')[0]!.replies).toEqual(['商品有质量问题', '不想要了，买错了'])
    expect((await converse(['我想退货', '不想要了，买错了'])).meta.topic).toBe('return:change-of-mind')
    // The quick reply's own words (sentiment given here, so the classifier's mood does not decide it).
    const quality = handle(dialogueContext(['我想退货', '商品有质量问题'], { intent: 'aftersales', sentiment: 'negative' }))
    expect(quality?.topic).toBe('return:quality')
    expect(quality?.cards[0]).toMatchObject({ type: 'ticket', kind: 'quality' })
  })

  it('lets a later message that gives no reason go to other handlers', () => {
    expect(handle(dialogueContext(['我想退货', 'X5 多少钱？'], { intent: 'presales' }))).toBeUndefined()
  })
})

describe('returns: an angry visitor', () => {
  it('is handed to a person instead (the handoff handler goes first)', async () => {
    const { meta, ticket, events } = await converse(['什么垃圾质量！！！X5屏幕都裂了，马上给我退货退钱！！！'])
    expect(meta.topic).toBe('handoff:angry')
    expect(ticket).toBeUndefined()
    expect(eventData(events, 'card').map((c) => c.type)).toEqual(['handoff'])
  })
})

describe('returns: which product', () => {
  it('never takes a product the assistant only suggested', async () => {
    const { meta, ticket } = await converse(['A gift for my husband, under 3000, business style', 'My order arrived broken, I want a refund'], 'en')
    expect(meta.topic).toBe('return:quality')
    expect(ticket!.product).toBeUndefined()
    expect(ticket!.title).not.toMatch(/Aurora/)
    expect(meta.products).toEqual([])
  })

  it('takes the product the visitor named earlier, or the page they are on', async () => {
    const named = await converse(['我买的X5', '收到就坏了，要退货'])
    expect(named.ticket!.product?.id).toBe('x5')
    const page = await converse(['收到的手表屏幕坏了，要退货'], 'zh-CN', { page: { url: 'https://shop.example/p/x5.html', productId: 'x5' } })
    expect(page.ticket!.product?.id).toBe('x5')
  })
})
