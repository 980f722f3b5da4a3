// Privacy on the device: personal data masked before /v1/chat, the visitor token issued once and used
// by forget (erase on the edge) and by "download my data".
import { afterEach, describe, expect, it } from 'vitest'
import { createApi } from '../src/app/api.ts'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { done, meta, memoryKV, scriptedFetch, sseResponse, until, type Call } from './helpers.ts'

const chats: Chat[] = []
let seq = 0
afterEach(() => {
  chats.splice(0).forEach((c) => c.dispose())
  seq++
})

function setup(kv = memoryKV(), wrap?: (f: typeof fetch) => typeof fetch) {
  const f = scriptedFetch(() => sseResponse([meta, ['delta', { text: '好的' }], done]))
  const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv, fetch: wrap ? wrap(f.fetch) : f.fetch, channel: `huike-privacy-${seq}` })
  chats.push(chat)
  return { chat, kv, ...f }
}

const visitorCalls = (calls: Call[]) => calls.filter((c) => c.url.includes('/v1/visitors'))

describe('privacy', () => {
  it('masks a phone number in the /v1/chat request, while the bubble keeps what the visitor typed', async () => {
    const { chat, chatCalls } = setup()
    await chat.send('我的手机号是13812345678，邮箱 zhang.san@example.com')
    const sent = JSON.stringify(chatCalls[0]!.body)
    expect(sent).not.toContain('13812345678')
    expect(sent).toContain('138****5678')
    expect(sent).not.toContain('zhang.san@example.com')
    expect(chat.messages.value[0]!.text).toBe('我的手机号是13812345678，邮箱 zhang.san@example.com')
  })

  it('asks for a visitor token once, keeps it, and does not ask again on the next page view', async () => {
    const kv = memoryKV()
    const a = setup(kv)
    await a.chat.ready
    await until(() => expect(kv.map.get('token')).toMatchObject({ token: 'tok_test' }))
    const posts = visitorCalls(a.calls)
    expect(posts).toHaveLength(1)
    expect(posts[0]!.body).toEqual({ visitorId: kv.map.get('visitorId') })
    const b = setup(kv)
    await b.chat.ready
    await b.chat.send('你好')
    expect(visitorCalls(b.calls)).toHaveLength(0)
  })

  it('a 409 (the id is taken) is not accepted silently: a new id from the edge, then no asking on every page view', async () => {
    const kv = memoryKV()
    let posts = 0
    const a = setup(kv, (inner) => (async (url, init) => {
      if (String(url).endsWith('/v1/visitors')) {
        posts++
        if (JSON.parse(String(init?.body)).visitorId) return new Response(JSON.stringify({ error: { code: 'conflict', message: 'x' } }), { status: 409 })
        return new Response(JSON.stringify({ visitorId: 'v_new', token: 'tok_new' }), { status: 201 })
      }
      return inner(url, init)
    }) as typeof fetch)
    await a.chat.ready
    await until(() => expect(kv.map.get('token')).toEqual({ visitorId: 'v_new', token: 'tok_new' }))
    expect(kv.map.get('visitorId')).toBe('v_new')
    const b = setup(kv)
    await b.chat.ready
    await b.chat.send('你好')
    expect(posts).toBe(2)
    expect(visitorCalls(b.calls)).toHaveLength(0)
  })

  it('forget erases on the edge with the token (keepalive) and wipes locally', async () => {
    const kv = memoryKV()
    const inits: RequestInit[] = []
    const { chat, calls } = setup(kv, (inner) => (async (url, init) => {
      if (init?.method === 'DELETE') inits.push(init)
      return inner(url, init)
    }) as typeof fetch)
    await chat.send('你好')
    await until(() => expect(kv.map.get('token')).toBeTruthy())
    const visitorId = kv.map.get('visitorId') as string
    createApi(chat)('forget')
    await until(() => expect(kv.map.size).toBe(0))
    const del = calls.find((c) => c.url === `https://edge.example/v1/visitors/${visitorId}`)
    expect(del).toBeTruthy()
    expect(inits[0]!.keepalive).toBe(true)
    expect(new Headers(inits[0]!.headers).get('authorization')).toBe('Bearer tok_test')
    expect(chat.messages.value).toEqual([])
  })

  it('forget still wipes locally when the edge cannot be reached', async () => {
    const kv = memoryKV()
    const { chat } = setup(kv, (inner) => (async (url, init) => {
      if (init?.method === 'DELETE') throw new TypeError('Failed to fetch')
      return inner(url, init)
    }) as typeof fetch)
    await chat.send('你好')
    await until(() => expect(kv.map.get('token')).toBeTruthy())
    await chat.forget()
    expect(kv.map.size).toBe(0)
    expect(chat.messages.value).toEqual([])
  })

  it('exportData joins the edge export (with the token) and the local conversation and profile', async () => {
    const { chat, calls } = setup()
    await chat.send('你好')
    const data = await chat.exportData()
    const get = calls.find((c) => /\/v1\/visitors\/v_/.test(c.url))
    expect(get).toBeTruthy()
    expect(data.edge).toEqual({ events: [] })
    expect((data.messages as { text: string }[]).map((m) => m.text)).toEqual(['你好', '好的'])
    expect(data.visitorId).toMatch(/^v_/)
  })
})
