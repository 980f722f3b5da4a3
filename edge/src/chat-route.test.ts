import { describe, expect, it, vi } from 'vitest'
import { CardSchema, ChatEventSchemas, type ChatMessage } from '../../shared/protocol.ts'
import type { ChatModel } from './model/types.ts'
import { answerText, askChat, chatBody, eventData, names, postJson, readEvents, testApp } from './testing.ts'

const app = testApp()

describe('POST /v1/chat', () => {
  it('streams meta first, then the answer, the catalog card, suggestions, and exactly one done last', async () => {
    const res = await postJson(app, '/v1/chat', chatBody('X5 儿童手表多少钱？'))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('x-accel-buffering')).toBe('no')
    const events = await readEvents(res)
    const order = names(events)

    expect(order[0]).toBe('meta')
    expect(order.at(-1)).toBe('done')
    expect(order.filter((n) => n === 'meta' || n === 'done' || n === 'error')).toEqual(['meta', 'done'])
    const firstCard = order.indexOf('card')
    expect(order.lastIndexOf('delta')).toBeLessThan(firstCard)
    expect(order.indexOf('suggest')).toBeGreaterThan(firstCard)
    for (const e of events) expect(ChatEventSchemas[e.event].safeParse(e.data).success).toBe(true)

    const [meta] = eventData(events, 'meta')
    expect(meta).toMatchObject({ v: 1, intent: 'presales', provider: 'offline' })
    expect(meta!.products[0]).toBe('x5')
    expect(meta!.fallback).toBeUndefined()
    expect(eventData(events, 'card')).toEqual([{ type: 'product', product: expect.objectContaining({ id: 'x5', price: 899, currency: 'CNY', url: '/p/x5.html' }) }])
    expect(eventData(events, 'done')).toEqual([{ finish: 'stop', provider: 'offline' }])
  })

  it('answers the price from the catalog, in several pieces', async () => {
    const events = await askChat(app, 'X5 儿童手表多少钱？')
    expect(answerText(events)).toContain('¥899')
    expect(eventData(events, 'delta').length).toBeGreaterThan(3)
  })

  it('carries the product of the conversation into a follow-up that names none', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'Z7 手机有紫色吗？' },
      { role: 'assistant', content: '有的，Z7 智能手机有紫色。' },
      { role: 'user', content: '内存多大?' },
    ]
    const events = await askChat(app, history)
    const text = answerText(events)
    expect(text).toContain('8GB+256GB')
    expect(text).toContain('12GB+512GB')
    expect(eventData(events, 'card').map((c) => c.type === 'product' && CardSchema.parse(c) && c.product.id)).toEqual(['z7'])
  })

  it('follows up on the product page the visitor is on', async () => {
    const events = await askChat(app, '续航多久？', { page: { productId: 'x5' } })
    expect(answerText(events)).toContain('3天')
  })

  it('says yes to a colour the product has, and honestly no (with the real colours) to one it lacks', async () => {
    expect(answerText(await askChat(app, 'Z7 手机有紫色吗？'))).toMatch(/有的.*紫色/)
    const lacking = answerText(await askChat(app, 'X5 有紫色吗？'))
    expect(lacking).toContain('没有紫色')
    expect(lacking).toContain('粉色')
    expect(lacking).toContain('蓝色')
  })

  it('says when a product is out of stock', async () => {
    expect(answerText(await askChat(app, 'Z7 Lite 多少钱？'))).toMatch(/¥1999.*缺货/)
  })

  it('answers in English when asked to', async () => {
    const events = await askChat(app, 'How much is the X5 kids watch?', { lang: 'en' })
    expect(answerText(events)).toMatch(/costs ¥899/)
    expect(eventData(events, 'suggest')[0]!.replies.every((r) => !/\p{Script=Han}{2}/u.test(r.replace(/X5/, '')))).toBe(true)
  })

  it('admits when nothing matches, naming real products instead', async () => {
    const events = await askChat(app, '有卖自行车吗？')
    const text = answerText(events)
    expect(text).toContain('没找到')
    expect(text).toContain('X5 儿童智能手表')
    expect(eventData(events, 'card')).toEqual([])
  })

  it('never shows a product card for a competitor: asked about by name, it is compared, unlinked', async () => {
    const events = await askChat(app, 'K9 儿童手表（竞品）怎么样？')
    const cards = eventData(events, 'card')
    expect(cards.filter((c) => c.type === 'product')).toEqual([])
    const [compare] = cards
    expect(compare).toMatchObject({ type: 'compare', products: [{ id: 'x5', url: '/p/x5.html' }, { id: 'rival-k9', competitor: true }] })
    expect(compare!.type === 'compare' && compare!.products[1]).not.toHaveProperty('url')
    expect(answerText(events)).toContain('不是本店商品')
  })

  it('suggests follow-ups about what was not asked yet', async () => {
    const [suggest] = eventData(await askChat(app, 'X5 儿童手表多少钱？'), 'suggest')
    expect(suggest!.replies.length).toBeGreaterThanOrEqual(2)
    expect(suggest!.replies.length).toBeLessThanOrEqual(3)
    expect(suggest!.replies.some((r) => r.includes('多少钱'))).toBe(false)
  })

  it('remembers the products asked about in a profile patch', async () => {
    const events = await askChat(app, 'Z7 多少钱？', { profile: { askedProducts: ['x5'] } })
    expect(eventData(events, 'profile')).toEqual([{ patch: { askedProducts: ['x5', 'z7'] } }])
  })

  it('tells the intent and sentiment of the turn', async () => {
    const [meta] = eventData(await askChat(app, '垃圾产品，我要投诉！！'), 'meta')
    expect(meta).toMatchObject({ intent: 'complaint', sentiment: 'angry' })
  })
})

describe('POST /v1/chat when the model fails', () => {
  it('falls back to the offline answer when the model fails before its first token', async () => {
    const failing: ChatModel = {
      provider: 'openai',
      name: 'broken',
      async *stream() {
        throw new Error('connection refused')
      },
    }
    const events = await askChat(testApp({ model: failing }), 'X5 儿童手表多少钱？')
    expect(eventData(events, 'meta')).toEqual([expect.objectContaining({ provider: 'offline', fallback: 'upstream_error' })])
    expect(answerText(events)).toContain('899')
    expect(names(events).at(-1)).toBe('done')
  })

  it('ends with a masked error (no upstream details) when the model breaks mid-answer', async () => {
    const breaking: ChatModel = {
      provider: 'openai',
      name: 'flaky',
      async *stream() {
        yield 'X5 的价格是'
        throw new Error('socket hang up at 10.0.0.3:443 with secret details')
      },
    }
    const events = await askChat(testApp({ model: breaking }), 'X5 儿童手表多少钱？')
    expect(names(events)).toEqual(['meta', 'delta', 'error'])
    expect(eventData(events, 'meta')[0]!.provider).toBe('openai')
    expect(eventData(events, 'error')).toEqual([{ code: 'upstream_failed', message: '回答中断了，请重试。' }])
  })

  it('aborts the model as soon as the visitor stops reading', async () => {
    let modelSignal: AbortSignal | undefined
    const endless: ChatModel = {
      provider: 'openai',
      name: 'endless',
      async *stream(_input, signal) {
        modelSignal = signal
        for (;;) {
          yield '还在说'
          await new Promise((resolve) => setTimeout(resolve, 5))
        }
      },
    }
    const res = await postJson(testApp({ model: endless }), '/v1/chat', chatBody('X5 儿童手表多少钱？'))
    const reader = res.body!.getReader()
    await reader.read()
    await reader.read()
    await reader.cancel()
    await vi.waitFor(() => expect(modelSignal?.aborted).toBe(true))
  })
})
