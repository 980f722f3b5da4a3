import { describe, expect, test } from 'vitest'
import { ChatEventSchemas, type ChatEvent } from './protocol.ts'
import { createEventParser, encodeEvent } from './sse.ts'

const events: ChatEvent[] = [
  { event: 'meta', data: { v: 1, intent: 'presales', sentiment: 'neutral', products: ['x5'], provider: 'offline' } },
  { event: 'delta', data: { text: 'X5 儿童智能手表\n售价 ¥899。' } },
  { event: 'delta', data: { text: 'data: not an event\n\nevent: done' } },
  { event: 'card', data: { type: 'product', product: { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', url: '/p/x5.html' } } },
  { event: 'suggest', data: { replies: ['有什么颜色？', '防水吗？'] } },
  { event: 'profile', data: { patch: { askedProducts: ['x5'] } } },
  { event: 'done', data: { finish: 'stop', provider: 'offline' } },
]
const wire = events.map(encodeEvent).join('')

function parseInChunks(text: string, cut: (i: number) => number): ChatEvent[] {
  const out: ChatEvent[] = []
  const parser = createEventParser((e) => out.push(e))
  for (let i = 0; i < text.length; ) {
    const n = cut(i)
    parser.feed(text.slice(i, i + n))
    i += n
  }
  parser.end()
  return out
}

describe('SSE encode → parse', () => {
  test('round-trips every event, including text that looks like SSE framing', () => {
    expect(parseInChunks(wire, () => wire.length)).toEqual(events)
  })

  test('survives chunks cut anywhere, even one character at a time', () => {
    expect(parseInChunks(wire, () => 1)).toEqual(events)
    expect(parseInChunks(wire, (i) => 1 + (i % 7))).toEqual(events)
  })

  test('every encoded event validates against its shared schema', () => {
    for (const e of events) expect(ChatEventSchemas[e.event].safeParse(e.data).success).toBe(true)
  })

  test('skips unknown events and broken data instead of failing the stream', () => {
    const text = 'event: future\ndata: {"x":1}\n\nevent: delta\ndata: {oops\n\n' + encodeEvent(events[1]!)
    expect(parseInChunks(text, () => 5)).toEqual([events[1]])
  })

  test('accepts CRLF line endings from proxies', () => {
    expect(parseInChunks(wire.replace(/\n/g, '\r\n'), () => 3)).toEqual(events)
  })
})
