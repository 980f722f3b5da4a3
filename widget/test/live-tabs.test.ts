// One live connection per visitor, however many tabs: the tab holding the visitor's Web Lock connects and
// relays what arrives to the others; when it closes, another takes over where it left off. Without Web
// Locks every tab connects on its own, and nothing shows twice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { done, jsonResponse, memoryKV, meta, sseResponse, until, type Ev } from './helpers.ts'

const handoff = { type: 'handoff', reason: 'asked', next: '请稍候。', online: true, live: { waitMs: 180_000 } }
const agent = { id: 'a1', name: '小王' }
const askForPerson: Ev[] = [meta, ['delta', { text: '为您转人工。' }], ['card', handoff], done]

/** navigator.locks as browsers have it: one holder per name, the others queue; a waiter can give up (signal). */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>()
  return {
    request(name: string, options: { signal?: AbortSignal }, run: () => Promise<unknown>) {
      const before = tails.get(name) ?? Promise.resolve()
      let started = false
      const held = new Promise((resolve, reject) => {
        options.signal?.addEventListener('abort', () => !started && reject(new DOMException('aborted', 'AbortError')))
        void before.then(() => {
          if (options.signal?.aborted) return
          started = true
          run().then(resolve, reject)
        })
      })
      tails.set(name, before.then(() => held).catch(() => {}))
      return held
    },
  }
}

/** A fake edge shared by the tabs: GET /v1/live streams the test writes into. */
function fakeEdge() {
  const connections: { headers: Headers; push(e: string, d: unknown, id: string): void; closed: boolean }[] = []
  const enc = new TextEncoder()
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    if (url.endsWith('/v1/events')) return new Response(null, { status: 202 })
    if (url.endsWith('/v1/visitors')) return jsonResponse({ token: 'tok_tabs' }, 201)
    if (url.includes('/v1/live?')) {
      let ctl!: ReadableStreamDefaultController<Uint8Array>
      const c = {
        headers: new Headers(init?.headers),
        closed: false,
        push: (e: string, d: unknown, id: string) => ctl.enqueue(enc.encode(`id: ${id}\nevent: ${e}\ndata: ${JSON.stringify(d)}\n\n`)),
      }
      init?.signal?.addEventListener('abort', () => {
        c.closed = true
        ctl.error(new DOMException('aborted', 'AbortError'))
      })
      connections.push(c)
      // Cancelling the body (the widget letting go) closes the connection, as in a browser.
      const body = new ReadableStream<Uint8Array>({ start: (x) => void (ctl = x), cancel: () => void (c.closed = true) })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    }
    if (url.includes('/v1/live/')) return jsonResponse({ ok: true }, 201)
    return sseResponse(askForPerson)
  }) as typeof globalThis.fetch
  const open = () => connections.filter((c) => !c.closed)
  return { fetch, connections, open }
}

const chats: Chat[] = []
function tab(edge: ReturnType<typeof fakeEdge>, kv: ReturnType<typeof memoryKV>, channel: string) {
  const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv, fetch: edge.fetch, channel, flushMs: 0 })
  chats.push(chat)
  return chat
}
const agentTexts = (c: Chat) => c.messages.value.filter((m) => typeof m.agent === 'string').map((m) => m.text)

beforeEach(async () => {
  ;(await import(/* @vite-ignore */ __HUIKE_LIVE__)).liveTimings.firstRetryMs = 5
})
afterEach(async () => {
  for (const c of chats.splice(0)) c.dispose()
  ;(await import(/* @vite-ignore */ __HUIKE_LIVE__)).liveTimings.firstRetryMs = 1000
  Reflect.deleteProperty(navigator, 'locks')
})

describe('live handoff across tabs', () => {
  it('holds one connection for the visitor’s tabs, relays to the other tab, and hands over when the leading tab closes', async () => {
    Object.defineProperty(navigator, 'locks', { value: fakeLocks(), configurable: true })
    const kv = memoryKV()
    const edge = fakeEdge()
    const a = tab(edge, kv, 'tabs-1')
    const b = tab(edge, kv, 'tabs-1')
    await Promise.all([a.ready, b.ready])
    await a.send('转人工')
    await until(() => expect(b.live.state.value?.status).toBe('waiting'))
    await until(() => expect(edge.connections).toHaveLength(1))

    const first = edge.connections[0]!
    first.push('status', { conversationId: 'c1', status: 'active', agent }, '1')
    first.push('typing', { conversationId: 'c1', agent, typing: true }, '2')
    await until(() => expect(b.live.typing.value).toBe('小王'))
    first.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '您好', ts: 1, agent }, '3')
    await until(() => expect(agentTexts(b)).toEqual(['您好']))
    expect(b.live.state.value).toMatchObject({ status: 'active', agent: { name: '小王' } })
    expect(b.live.typing.value).toBe('')
    await new Promise((r) => setTimeout(r, 20))
    expect(edge.connections).toHaveLength(1) // the second tab never opened its own

    a.dispose() // the leading tab closes: its lock goes, the other tab takes over from the last event
    const second = await until(() => {
      expect(edge.open()).toHaveLength(1)
      expect(edge.connections).toHaveLength(2)
      return edge.connections[1]!
    })
    expect(second.headers.get('last-event-id')).toBe('3')
    second.push('message', { conversationId: 'c1', id: 'lm2', role: 'agent', content: '还在吗', ts: 2, agent }, '4')
    await until(() => expect(agentTexts(b)).toEqual(['您好', '还在吗']))
  })

  it('without Web Locks every tab connects, and each message shows once', async () => {
    const kv = memoryKV()
    const edge = fakeEdge()
    const a = tab(edge, kv, 'tabs-2')
    const b = tab(edge, kv, 'tabs-2')
    await Promise.all([a.ready, b.ready])
    await a.send('转人工')
    await until(() => expect(edge.connections).toHaveLength(2))
    const msg = { conversationId: 'c1', id: 'lm1', role: 'agent', content: '您好', ts: 1, agent }
    for (const c of edge.connections) c.push('message', msg, '1')
    await until(() => expect(agentTexts(a)).toEqual(['您好']))
    await until(() => expect(agentTexts(b)).toEqual(['您好']))
    await new Promise((r) => setTimeout(r, 20))
    expect(agentTexts(b)).toEqual(['您好'])
  })

  it('a person closing the chat in one tab ends the channel in every tab', async () => {
    Object.defineProperty(navigator, 'locks', { value: fakeLocks(), configurable: true })
    const kv = memoryKV()
    const edge = fakeEdge()
    const a = tab(edge, kv, 'tabs-3')
    const b = tab(edge, kv, 'tabs-3')
    await Promise.all([a.ready, b.ready])
    await a.send('转人工')
    await until(() => expect(edge.connections).toHaveLength(1))
    edge.connections[0]!.push('status', { conversationId: 'c1', status: 'closed', outcome: 'closed', agent }, '2')
    await until(() => expect(b.live.state.value?.status).toBe('closed'))
    expect(a.csat.value).toBe(true)
    await new Promise((r) => setTimeout(r, 30))
    expect(edge.open()).toHaveLength(0)
    expect(edge.connections).toHaveLength(1) // nobody takes over a closed conversation
    expect(kv.map.get('liveCursor')).toBeNull()
  })
})
