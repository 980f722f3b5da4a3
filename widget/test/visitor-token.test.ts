// A visitor id someone else registered first (issue 11): the 409 is not accepted silently; the widget
// asks the edge for a new id with its token, moves the device to it, and export, erase and everything
// it sends from then on use the new id.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { done, jsonResponse, memoryKV, scriptedFetch, sseResponse, tick, until } from './helpers.ts'

const chats: Chat[] = []
let seq = 0
afterEach(() => {
  chats.splice(0).forEach((c) => c.dispose())
  vi.restoreAllMocks()
  seq++
})

/** An edge that behaves like visitors-route.ts: first registration wins, `{}` mints an id. */
function edge() {
  const tokens = new Map<string, string>([['v_claimed', 'tok_attacker']])
  const requests: { method: string; url: string; body?: any; auth?: string | null }[] = []
  const inner = scriptedFetch(() => sseResponse([['delta', { text: '好的' }], done]))
  const edgeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const body = init?.body && typeof init.body === 'string' ? JSON.parse(init.body) : undefined
    requests.push({ method: init?.method ?? 'GET', url, body, auth: new Headers(init?.headers).get('authorization') })
    if (url.endsWith('/v1/visitors')) {
      if (body.visitorId && tokens.has(body.visitorId)) {
        return jsonResponse({ error: { code: 'conflict', message: 'Visitor id is already registered to another device' } }, 409)
      }
      const visitorId = body.visitorId ?? `v_minted${tokens.size}`
      tokens.set(visitorId, `tok_${visitorId}`)
      return jsonResponse({ visitorId, token: `tok_${visitorId}` }, 201)
    }
    const own = /\/v1\/visitors\/([^/?]+)$/.exec(url)
    if (own) {
      const auth = new Headers(init?.headers).get('authorization')
      if (auth !== `Bearer ${tokens.get(decodeURIComponent(own[1]!))}`) return jsonResponse({ error: { code: 'forbidden', message: 'x' } }, 403)
      return init?.method === 'DELETE' ? new Response(null, { status: 204 }) : jsonResponse({ visitorId: own[1], events: [] })
    }
    return inner.fetch(input, init)
  }) as typeof fetch
  return { fetch: edgeFetch, requests, tokens }
}

function setup(kv: ReturnType<typeof memoryKV>, e = edge()) {
  const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv, fetch: e.fetch, channel: `huike-vt-${seq}`, flushMs: 0 })
  chats.push(chat)
  return { chat, ...e }
}

describe('visitor token: a claimed visitor id', () => {
  it('on 409 mints a new id through the edge, moves the device to it, and exports and erases with it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const kv = memoryKV()
    kv.map.set('visitorId', 'v_claimed')
    kv.map.set('messages', [{ id: 'm_1', role: 'user', text: '之前的问题', ts: 1, status: 'done' }])
    const { chat, requests } = setup(kv)
    await chat.ready
    await until(() => expect(kv.map.get('token')).toEqual({ visitorId: 'v_minted1', token: 'tok_v_minted1' }))
    expect(requests.filter((r) => r.url.endsWith('/v1/visitors')).map((r) => r.body)).toEqual([{ visitorId: 'v_claimed' }, {}])
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('visitor id taken'))
    // The local data moved with the device: same conversation, new id.
    expect(kv.map.get('visitorId')).toBe('v_minted1')
    expect(chat.messages.value.map((m) => m.text)).toEqual(['之前的问题'])

    // What goes out from now on carries the new id.
    await chat.send('还有吗？')
    await chat.track('product_click', { id: 'x5' })
    const chatBody = requests.find((r) => r.url.endsWith('/v1/chat'))!.body
    expect(chatBody.visitorId).toBe('v_minted1')
    await until(() => expect(requests.some((r) => r.url.endsWith('/v1/events'))).toBe(true))
    for (const r of requests.filter((x) => x.url.endsWith('/v1/events'))) {
      expect(r.body.events.every((ev: { visitorId: string }) => ev.visitorId === 'v_minted1')).toBe(true)
    }

    // "Download my data" and "delete my data" work: the new id, its own token, never the claimed one.
    const data = await chat.exportData()
    expect(data.visitorId).toBe('v_minted1')
    expect(data.edge).toEqual({ visitorId: 'v_minted1', events: [] })
    await chat.forget()
    const del = requests.find((r) => r.method === 'DELETE')!
    expect(del.url).toBe('https://edge.example/v1/visitors/v_minted1')
    expect(del.auth).toBe('Bearer tok_v_minted1')
    expect(requests.some((r) => r.url.includes('/v1/visitors/v_claimed'))).toBe(false)
  })

  it('recovers a device an older widget left without a token (it accepted the 409 silently)', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const kv = memoryKV()
    kv.map.set('visitorId', 'v_claimed')
    kv.map.set('token', { visitorId: 'v_claimed' })
    const { chat } = setup(kv)
    await chat.ready
    await until(() => expect(kv.map.get('token')).toEqual({ visitorId: 'v_minted1', token: 'tok_v_minted1' }))
    expect(kv.map.get('visitorId')).toBe('v_minted1')
  })

  it('keeps the id when another tab of this device registered it first', async () => {
    const kv = memoryKV()
    kv.map.set('visitorId', 'v_mine')
    const e = edge()
    const slow = (async (input: RequestInfo | URL, init?: RequestInit) => {
      // The other tab got the token (and stored it) while this tab's request was on its way.
      if (String(input).endsWith('/v1/visitors')) {
        e.tokens.set('v_mine', 'tok_other_tab')
        kv.map.set('token', { visitorId: 'v_mine', token: 'tok_other_tab' })
      }
      return e.fetch(input, init)
    }) as typeof fetch
    const { chat, requests } = setup(kv, { ...e, fetch: slow })
    await chat.ready
    const data = await chat.exportData()
    expect(data.visitorId).toBe('v_mine')
    expect(data.edge).toEqual({ visitorId: 'v_mine', events: [] })
    expect(requests.filter((r) => r.url.endsWith('/v1/visitors'))).toHaveLength(1)
    expect(kv.map.get('visitorId')).toBe('v_mine')
  })

  it('a registration that fails (offline) is asked again, not remembered', async () => {
    const kv = memoryKV()
    const e = edge()
    let failed = 0
    const flaky = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!failed && String(input).endsWith('/v1/visitors')) {
        failed++
        throw new TypeError('Failed to fetch')
      }
      return e.fetch(input, init)
    }) as typeof fetch
    const { chat } = setup(kv, { ...e, fetch: flaky })
    await chat.ready
    await until(() => expect(failed).toBe(1))
    await tick()
    expect(kv.map.get('token')).toBeUndefined()
    const data = await chat.exportData()
    expect(data.edge).toMatchObject({ events: [] })
    expect(kv.map.get('token')).toMatchObject({ visitorId: kv.map.get('visitorId') })
  })
})
