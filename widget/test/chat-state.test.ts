import { afterEach, describe, expect, it, vi } from 'vitest'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { done, meta, memoryKV, scriptedFetch, sseResponse, tick, until, type Call, type Ev } from './helpers.ts'

const chats: Chat[] = []
let channelSeq = 0
afterEach(() => {
  chats.splice(0).forEach((c) => c.dispose())
  channelSeq++
})

function setup(responders: ((call: Call) => Response | Promise<Response>)[], kv = memoryKV(), channel = `huike-test-${channelSeq}`) {
  const f = scriptedFetch(...responders)
  const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv, fetch: f.fetch, channel, flushMs: 0 })
  chats.push(chat)
  return { chat, kv, ...f }
}

const x5 = { type: 'product', product: { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', url: '/p/x5.html' } }
const script: Ev[] = [
  meta,
  ['delta', { text: 'X5 儿童手表' }],
  ['delta', { text: '售价 **¥899**。' }],
  ['card', x5],
  ['card', { type: 'hologram', id: 'future' }],
  ['suggest', { replies: ['有粉色吗？', '续航多久？'] }],
  ['profile', { patch: { interests: ['儿童手表'] } }],
  done,
]

describe('chat state', () => {
  it('applies meta → deltas → card → suggest → profile → done as one assistant message', async () => {
    const { chat, chatCalls, kv } = setup([() => sseResponse(script, 7)])
    const replies: unknown[] = []
    const sent: unknown[] = []
    chat.on('reply', (d) => replies.push(d))
    chat.on('message', (d) => sent.push(d))
    await chat.send('  X5 多少钱？ ')
    const [user, reply] = chat.messages.value
    expect(chat.messages.value).toHaveLength(2)
    expect(user).toMatchObject({ role: 'user', text: 'X5 多少钱？', status: 'done' })
    expect(reply).toMatchObject({ role: 'assistant', text: 'X5 儿童手表售价 **¥899**。', status: 'done', suggestions: ['有粉色吗？', '续航多久？'] })
    expect(reply!.cards).toEqual([x5])
    expect(chat.status.value).toBe('idle')
    expect(chat.profile.value).toEqual({ visits: 1, interests: ['儿童手表'] }) // visits: the new visit, counted on the device
    expect(sent).toEqual([{ text: 'X5 多少钱？' }])
    expect(replies).toEqual([{ text: reply!.text, cards: [x5] }])
    // The request, per CONTRACT §4.
    const body = chatCalls[0]!.body
    expect(body).toMatchObject({ messages: [{ role: 'user', content: 'X5 多少钱？' }], profile: {}, lang: 'zh-CN' })
    expect(body.visitorId).toMatch(/^v_/)
    expect(body.sessionId).toMatch(/^s_/)
    expect(body.page.url).toBe(location.href)
    // Stored for the next page view.
    expect(kv.map.get('messages')).toEqual(chat.messages.value)
    expect(kv.map.get('profile')).toEqual({ visits: 1, interests: ['儿童手表'] }) // visits: the new visit, counted on the device
  })

  it('shows waiting, then streaming, then idle', async () => {
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const { chat } = setup([
      async () => {
        await gate
        return sseResponse(script, 1000)
      },
    ])
    const p = chat.send('你好')
    await until(() => expect(chat.status.value).toBe('waiting'))
    expect(chat.messages.value).toHaveLength(1)
    release()
    await p
    expect(chat.status.value).toBe('idle')
  })

  it('turns an error event into an error state, without chat text, and retry sends again', async () => {
    const { chat, chatCalls } = setup([
      () => sseResponse([meta, ['delta', { text: '一半' }], ['error', { code: 'upstream_failed', message: 'model down' }]]),
      () => sseResponse(script),
    ])
    await chat.send('X5 多少钱？')
    expect(chat.status.value).toBe('error')
    expect(chat.error.value).toEqual({ code: 'upstream_failed', message: 'model down' })
    expect(chat.messages.value.map((m) => m.role)).toEqual(['user'])
    await chat.retry()
    expect(chatCalls).toHaveLength(2)
    expect(chatCalls[1]!.body.messages).toEqual(chatCalls[0]!.body.messages)
    expect(chat.status.value).toBe('idle')
    expect(chat.error.value).toBeNull()
    expect(chat.messages.value.map((m) => m.role)).toEqual(['user', 'assistant'])
  })

  it('turns HTTP and network failures into typed errors', async () => {
    const { chat } = setup([
      () => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } }), { status: 429 }),
      () => Promise.reject(new TypeError('Failed to fetch')),
    ])
    await chat.send('一')
    expect(chat.error.value).toMatchObject({ code: 'rate_limited', status: 429 })
    await chat.retry()
    expect(chat.status.value).toBe('error')
    expect(chat.error.value).toMatchObject({ code: 'network' })
  })

  it('stop aborts the request; the partial answer stays, marked stopped', async () => {
    const { chat, chatCalls } = setup([(call) => sseResponse([meta, ['delta', { text: '正在为您' }]], 100, call.signal, true)])
    const p = chat.send('推荐一款手表')
    await until(() => expect(chat.status.value).toBe('streaming'))
    chat.stop()
    await p
    expect(chatCalls[0]!.signal!.aborted).toBe(true)
    expect(chat.status.value).toBe('idle')
    expect(chat.messages.value.at(-1)).toMatchObject({ role: 'assistant', text: '正在为您', status: 'stopped' })
    expect(chat.error.value).toBeNull()
  })

  it('greets on first open with the edge greeting, kept out of later requests', async () => {
    const { chat, calls, chatCalls } = setup([() => sseResponse(script)])
    const opened = vi.fn()
    chat.on('open', opened)
    chat.setOpen(true)
    expect(opened).toHaveBeenCalledOnce()
    await until(() => expect(chat.messages.value).toHaveLength(1))
    expect(chat.messages.value[0]).toMatchObject({ role: 'assistant', text: '您好，我是小慧', greeting: true, suggestions: ['X5 多少钱？'] })
    expect(chat.brand.value).toBe('慧客商城')
    const greet = calls.find((c) => c.url === 'https://edge.example/v1/greet')!
    expect(greet.body).toMatchObject({ profile: {}, lang: 'zh-CN', page: { url: location.href } })
    expect(greet.body.visitorId).toMatch(/^v_/)
    await chat.send('X5 多少钱？')
    expect(chatCalls[0]!.body.messages).toEqual([{ role: 'user', content: 'X5 多少钱？' }])
    // Second open: history exists, no second greeting.
    chat.setOpen(false)
    chat.setOpen(true)
    await tick(10)
    expect(calls.filter((c) => c.url.endsWith('/v1/greet'))).toHaveLength(1)
    expect(calls.some((c) => c.url.endsWith('/v1/events') && c.body.events[0].type === 'widget_open')).toBe(true)
  })

  it('restores history and profile from storage (a reload)', async () => {
    const first = setup([() => sseResponse(script)])
    await first.chat.send('X5 多少钱？')
    first.chat.dispose()
    const second = setup([() => sseResponse(script)], first.kv, 'other')
    await second.chat.ready
    expect(second.chat.messages.value).toEqual(first.chat.messages.value)
    expect(second.chat.profile.value).toEqual({ visits: 1, interests: ['儿童手表'] }) // visits: the new visit, counted on the device
    await second.chat.send('有粉色吗？')
    expect(second.chatCalls[0]!.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user'])
    expect(second.chatCalls[0]!.body.visitorId).toBe(first.chatCalls[0]!.body.visitorId)
  })

  it('keeps tabs in sync: the other tab shows the message and the finished reply, and sends nothing', async () => {
    const kv = memoryKV()
    const a = setup([() => sseResponse(script)], kv, 'huike-sync')
    const b = setup([() => sseResponse(script)], kv, 'huike-sync')
    await Promise.all([a.chat.ready, b.chat.ready])
    await a.chat.send('X5 多少钱？')
    await until(() => expect(b.chat.messages.value.map((m) => m.text)).toEqual(['X5 多少钱？', 'X5 儿童手表售价 **¥899**。']))
    expect(b.chat.messages.value.at(-1)!.status).toBe('done')
    expect(b.chatCalls).toHaveLength(0)
    await until(() => expect(b.chat.profile.value).toMatchObject({ interests: ['儿童手表'] }))
    await b.chat.forget()
    await until(() => expect(a.chat.messages.value).toEqual([]))
    expect(kv.map.size).toBe(0)
  })

  it('forget wipes stored data and starts a new visitor', async () => {
    const { chat, kv, chatCalls } = setup([() => sseResponse(script)])
    await chat.send('一')
    const before = chatCalls[0]!.body.visitorId
    await chat.forget()
    expect(kv.map.size).toBe(0)
    expect(chat.messages.value).toEqual([])
    expect(chat.profile.value).toEqual({})
    await chat.send('二')
    expect(chatCalls[1]!.body.visitorId).not.toBe(before)
    expect(chatCalls[1]!.body.messages).toEqual([{ role: 'user', content: '二' }])
  })

  it('forget keeps a "no" to marketing: deleting the data is not a yes', async () => {
    const { chat, kv, chatCalls } = setup([() => sseResponse(script)])
    await chat.setConsent(false)
    await chat.send('一')
    await chat.forget()
    expect(chat.profile.value).toEqual({ consent: { marketing: false } })
    await until(() => expect(kv.map.get('profile')).toEqual({ consent: { marketing: false } }))
    await chat.send('二')
    expect(chatCalls[1]!.body.profile).toMatchObject({ consent: { marketing: false } })
  })

  it('sends the page context set by huike("page") with later requests', async () => {
    const { chat, chatCalls } = setup([() => sseResponse(script)])
    chat.setPage({ productId: 'x5', category: '儿童手表' })
    await chat.send('这款防水吗？')
    expect(chatCalls[0]!.body.page).toMatchObject({ productId: 'x5', category: '儿童手表' })
  })

  it('sends at most 20 messages from a long history', async () => {
    const kv = memoryKV()
    kv.map.set('messages', Array.from({ length: 40 }, (_, i) => ({ id: `m_${i}`, role: i % 2 ? 'assistant' : 'user', text: `t${i}`, ts: i, status: 'done' })))
    const { chat, chatCalls } = setup([() => sseResponse(script)], kv)
    await chat.send('最新')
    const sent = chatCalls[0]!.body.messages
    expect(sent).toHaveLength(20)
    expect(sent.at(-1)).toEqual({ role: 'user', content: '最新' })
    expect(sent[0]).toEqual({ role: 'assistant', content: 't21' })
  })
})
