import { describe, expect, it } from 'vitest'
import { TicketCardSchema, type TicketCard } from '../../../../shared/protocol.ts'
import { demoConfig, eventData } from '../../testing.ts'
import { converse, handle, useToday } from './testing.ts'
import { dialogueContext } from '../handoff-testing.ts'
import { addMonths, findPurchaseDate, type Ymd } from './dates.ts'
import { findOrderNumber, orderPattern } from './order-number.ts'

const TODAY: Ymd = { y: 2026, m: 11, d: 23 }
useToday()

describe('warranty check', () => {
  it('answers "how long is the warranty" from the catalog, without asking for an order', async () => {
    const { meta, ticket, text } = await converse(['Aurora 女表保修多久？'])
    expect(meta.topic).toBe('warranty:policy')
    expect(text).toContain('24 个月')
    expect(ticket).toBeUndefined()
    const en = await converse(['How long is the warranty on the X5?'], 'en')
    expect(en.text).toContain('12-month warranty')
  })

  it('answers in one message: in warranty', async () => {
    const { meta, ticket, text } = await converse(['X5 还在保修期吗？订单号 202311150123，2026年3月2日买的'])
    expect(meta.topic).toBe('warranty:in')
    expect(TicketCardSchema.parse(ticket)).toMatchObject({
      kind: 'warranty',
      status: '保修期内',
      title: 'X5 儿童智能手表 · 保修查询',
      product: { id: 'x5' },
      link: { label: '保修政策', href: '/help/warranty.html' },
    })
    expect(ticket!.steps[0]).toBe('保修至 2027-03-01（12 个月）')
    expect(text).toContain('目前在保修期内')
  })

  it('answers in one message: expired, "去年3月" read relative to today', async () => {
    const { meta, ticket, text } = await converse(['X5 保修查询：订单号 202311150123，去年3月买的'])
    expect(meta.topic).toBe('warranty:expired')
    expect(ticket).toMatchObject({ kind: 'warranty', status: '已过保' })
    expect(ticket!.steps[0]).toBe('已于 2026-02-28 过保（12 个月保修）')
    expect(text).toContain('2025年3月购买')
    expect(text).toContain('付费维修')
  })

  it('in English: "order 123456 bought 2025-03-02"', async () => {
    const { meta, ticket, text } = await converse(['Is my X5 still under warranty? order 123456 bought 2025-03-02'], 'en')
    expect(meta.topic).toBe('warranty:expired')
    expect(ticket).toMatchObject({ status: 'Out of warranty', title: 'Warranty check · X5' })
    expect(text).toContain('ended on 2026-03-01')
  })

  it('asks for what is missing, then answers on the next turn', async () => {
    const first = await converse(['我的 Z7 手机要保修'])
    expect(first.meta.topic).toBe('warranty:ask')
    expect(first.text).toContain('请告诉我订单号和购买日期')
    expect(first.ticket).toBeUndefined()
    const second = await converse(['我的 Z7 手机要保修', '订单号 998877665544，上个月买的'])
    expect(second.meta.topic).toBe('warranty:in')
    expect(second.ticket).toMatchObject({ product: { id: 'z7' }, status: '保修期内' })
  })

  it('collects the product, order and date over three turns', async () => {
    const { meta, ticket } = await converse(['查一下保修', 'Y1', '订单 20240601123，2025年12月1日'])
    expect(meta.topic).toBe('warranty:in')
    expect(ticket?.product?.id).toBe('y1')
  })

  it('asks which product when it cannot tell, suggesting some', async () => {
    const { meta, text, events } = await converse(['保修怎么查？订单号 202311150123，2026-01-05 买的'])
    expect(meta.topic).toBe('warranty:ask')
    expect(text).toContain('是哪款商品')
    expect(eventData(events, 'suggest')[0]!.replies.length).toBeGreaterThanOrEqual(2)
  })

  it('uses the product page the visitor is on', async () => {
    const { ticket } = await converse(['还在保修吗？订单号 202311150123，2026-01-05 买的'], 'zh-CN', { page: { productId: 'y1' } })
    expect(ticket?.product?.id).toBe('y1')
  })

  it('asks again for a bad order number, saying the format', async () => {
    const { meta, text, ticket } = await converse(['X5 保修，订单号 12ab，2025-03-02 买的'])
    expect(meta.topic).toBe('warranty:invalid-order')
    expect(text).toContain('订单号「12ab」好像不对')
    expect(text).toContain('6–20 位数字')
    expect(ticket).toBeUndefined()
    const en = await converse(['X5 warranty, order 123, bought 2025-03-02'], 'en')
    expect(en.meta.topic).toBe('warranty:invalid-order')
    expect(en.text).toContain('6 to 20 digits')
  })

  it('reports a bad order number and a future date together', async () => {
    const { meta, text, ticket } = await converse(['X5 要保修', '订单号abc，2030-01-05购买的'])
    expect(meta.topic).toBe('warranty:invalid-order')
    expect(text).toContain('订单号「abc」好像不对')
    expect(text).toContain('购买日期「2030-01-05」还没到')
    expect(ticket).toBeUndefined()
    const en = await converse(['X5 warranty please', 'order #abc, bought 2030-01-05'], 'en')
    expect(en.text).toContain('"abc" doesn\'t look like an order number')
    expect(en.text).toContain('"2030-01-05" is in the future')
  })

  it('takes the corrected order number on the next turn', () => {
    const reply = handle(dialogueContext(['X5 保修，订单号 12ab，2025-03-02 买的', '订单号 202311150123'], { intent: 'aftersales' }))
    expect(reply?.topic).toBe('warranty:expired')
  })

  it('asks again for a date in the future or one that does not exist', async () => {
    const future = await converse(['X5 保修，订单号 202311150123，2027年1月1日买的'])
    expect(future.meta.topic).toBe('warranty:invalid-date')
    expect(future.text).toContain('还没到')
    const impossible = await converse(['X5 保修，订单号 202311150123，2025-13-45 买的'])
    expect(impossible.meta.topic).toBe('warranty:invalid-date')
    expect(impossible.text).toContain('没看懂购买日期「2025-13-45')
    const vague = await converse(['X5 保修，订单号 202311150123，去年买的'])
    expect(vague.text).toContain('请问是去年几月买的')
  })

  it('uses the config default for a product without warrantyMonths', () => {
    const config = { ...demoConfig, aftersales: { ...demoConfig.aftersales, defaultWarrantyMonths: 24 } }
    const reply = handle(dialogueContext(['X5表带保修，订单号 202311150123，2025-03-02 买的'], { config }))
    expect(reply?.topic).toBe('warranty:in')
    expect((reply?.cards[0] as TicketCard).steps[0]).toBe('保修至 2027-03-01（24 个月）')
  })

  it('raises a ticket notice with the case details', () => {
    const reply = handle(dialogueContext(['X5 保修，订单号 202311150123，2026-03-02 买的']))
    expect(reply?.notice).toEqual({
      type: 'ticket',
      data: {
        id: expect.stringMatching(/^T-20261123-/),
        kind: 'warranty',
        status: 'in-warranty',
        product: { id: 'x5', name: 'X5 儿童智能手表' },
        orderNumber: '202311150123',
        purchaseDate: '2026-03-02',
        warrantyMonths: 12,
        warrantyUntil: '2027-03-01',
      },
    })
  })

  it('does not claim other turns, nor a follow-up that adds nothing', () => {
    expect(handle(dialogueContext(['X5 多少钱？'], { intent: 'presales' }))).toBeUndefined()
    expect(handle(dialogueContext(['查一下保修', 'X5 多少钱？'], { intent: 'presales' }))).toBeUndefined()
  })
})

describe('purchase dates', () => {
  const date = (text: string) => findPurchaseDate(text, TODAY)
  it.each([
    ['2025-03-02', { y: 2025, m: 3, d: 2 }, false],
    ['2025/3/2 买的', { y: 2025, m: 3, d: 2 }, false],
    ['2025年3月2日', { y: 2025, m: 3, d: 2 }, false],
    ['2025年3月', { y: 2025, m: 3, d: 1 }, true],
    ['去年3月买的', { y: 2025, m: 3, d: 1 }, true],
    ['去年十二月五号', { y: 2025, m: 12, d: 5 }, false],
    ['3月5号买的', { y: 2026, m: 3, d: 5 }, false],
    ['12月20号买的', { y: 2025, m: 12, d: 20 }, false],
    ['上个月买的', { y: 2026, m: 10, d: 1 }, true],
    ['半年前', { y: 2026, m: 5, d: 23 }, true],
    ['3个月前', { y: 2026, m: 8, d: 23 }, true],
    ['10天前', { y: 2026, m: 11, d: 13 }, false],
    ['昨天', { y: 2026, m: 11, d: 22 }, false],
    ['March 2, 2025', { y: 2025, m: 3, d: 2 }, false],
    ['2nd of March 2025', { y: 2025, m: 3, d: 2 }, false],
    ['bought it in March 2025', { y: 2025, m: 3, d: 1 }, true],
    ['last December', { y: 2025, m: 12, d: 1 }, true],
    ['2 months ago', { y: 2026, m: 9, d: 23 }, true],
    ['3/2/2025', { y: 2025, m: 3, d: 2 }, false],
  ])('reads "%s"', (text, expected, approx) => {
    expect(date(text)).toMatchObject({ kind: 'date', date: expected, approx })
  })

  it('reports future, impossible and vague dates, and none', () => {
    expect(date('2027-01-01')).toMatchObject({ kind: 'future' })
    expect(date('2025-02-30')).toMatchObject({ kind: 'invalid' })
    expect(date('去年买的')).toMatchObject({ kind: 'vague', text: '去年' })
    expect(date('last year')).toMatchObject({ kind: 'vague' })
    expect(date('订单号 202311150123')).toBeUndefined()
    expect(date('保修多久？')).toBeUndefined()
  })

  it('adds months, clamping the day', () => {
    expect(addMonths({ y: 2025, m: 1, d: 31 }, 1)).toEqual({ y: 2025, m: 2, d: 28 })
    expect(addMonths({ y: 2025, m: 11, d: 15 }, 14)).toEqual({ y: 2027, m: 1, d: 15 })
  })
})

describe('order numbers', () => {
  const pattern = orderPattern('^[0-9]{6,20}$')
  it('finds them after a keyword or alone, and reports a wrong one', () => {
    expect(findOrderNumber('订单号 202311150123，去年3月买的', pattern)).toEqual({ kind: 'order', value: '202311150123' })
    expect(findOrderNumber('order #123456', pattern)).toEqual({ kind: 'order', value: '123456' })
    expect(findOrderNumber('order number is 123456', pattern)).toEqual({ kind: 'order', value: '123456' })
    expect(findOrderNumber('202311150123', pattern)).toEqual({ kind: 'order', value: '202311150123' })
    expect(findOrderNumber('订单号 12ab', pattern)).toEqual({ kind: 'invalid', value: '12ab' })
    expect(findOrderNumber('12345', pattern)).toEqual({ kind: 'invalid', value: '12345' })
    expect(findOrderNumber('X5 保修，2025-03-02 买的', pattern, '2025-03-02')).toBeUndefined()
    expect(findOrderNumber('my order arrived 3 days ago', pattern)).toBeUndefined()
    expect(findOrderNumber('电话 13812345678', pattern)).toBeUndefined()
  })

  it('reports letters given as the order number, but not words after "order"', () => {
    expect(findOrderNumber('订单号abc，购买的', pattern)).toEqual({ kind: 'invalid', value: 'abc' })
    expect(findOrderNumber('单号是 ABC-DEF', pattern)).toEqual({ kind: 'invalid', value: 'ABC-DEF' })
    expect(findOrderNumber('order #abc', pattern)).toEqual({ kind: 'invalid', value: 'abc' })
    expect(findOrderNumber('order number: abc', pattern)).toEqual({ kind: 'invalid', value: 'abc' })
    expect(findOrderNumber('订单号abc 202311150123', pattern)).toEqual({ kind: 'order', value: '202311150123' })
    expect(findOrderNumber('order number and date below', pattern)).toBeUndefined()
    expect(findOrderNumber('my order is late', pattern)).toBeUndefined()
    expect(findOrderNumber('订单状态怎么查', pattern)).toBeUndefined()
    expect(findOrderNumber('订单号 ABCDEF', orderPattern('[A-Z]{6}'))).toEqual({ kind: 'order', value: 'ABCDEF' })
  })

  it('follows the configured format', () => {
    const so = orderPattern('SO[0-9]{8}')
    expect(findOrderNumber('订单 SO20251102', so)).toEqual({ kind: 'order', value: 'SO20251102' })
    expect(findOrderNumber('订单 SO2025', so)).toEqual({ kind: 'invalid', value: 'SO2025' })
  })
})
