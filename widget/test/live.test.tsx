// Live handoff to a person (CONTRACT §6), as the visitor sees it: the widget waits for a person after a
// handoff card with `live`, shows who joined, their typing and their messages (data-role="agent"), sends
// the visitor's messages to them while they hold the chat, asks for 1–5 only after they closed it, tells
// the visitor honestly when nobody came, and returns to the assistant when released or asked to.
import { fireEvent } from '@testing-library/preact'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount } from '../src/app/main.tsx'
import { done, jsonResponse, memoryKV, meta, shadowQueries, sseResponse, until, type Ev } from './helpers.ts'

const TOKEN = 'tok_live'
const handoff = { type: 'handoff', reason: 'asked', next: '正在为您联系人工客服，请稍候。', online: true, live: { waitMs: 180_000 } }
const agent = { id: 'a1', name: '小王' }

/** The channel module the app imports (the same instance), for its timings. */
const channel = () => import(/* @vite-ignore */ __HUIKE_LIVE__) as Promise<typeof import('../src/app/live/index.ts')>
let saved: Record<string, number>
beforeEach(async () => {
  const { liveTimings } = await channel()
  saved = { ...liveTimings }
  liveTimings.firstRetryMs = 5
})
afterEach(async () => {
  Object.assign((await channel()).liveTimings, saved)
  document.body.innerHTML = ''
  sessionStorage.clear()
})

interface Connection {
  headers: Headers
  push(event: string, data: unknown, id?: string): void
  /** The edge ends the response (a restart, a proxy). */
  drop(): void
  closed: boolean
}

/**
 * A fake edge: /v1/chat answers with the next script, GET /v1/live is a stream the test writes into,
 * POST /v1/live/messages and /v1/live/leave are recorded.
 */
function fakeEdge(...scripts: Ev[][]) {
  const chats: { body: any }[] = []
  const posts: { path: string; body: any; auth: string | null }[] = []
  const connections: Connection[] = []
  /** Like a cross-origin edge whose CORS setup does not allow the Last-Event-ID header: the request fails. */
  const settings = { refuseResume: false }
  const enc = new TextEncoder()
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input)
    const body = init?.body ? JSON.parse(String(init.body)) : undefined
    if (url.endsWith('/v1/events')) return new Response(null, { status: 202 })
    if (url.endsWith('/v1/visitors')) return jsonResponse({ token: TOKEN }, 201)
    if (url.endsWith('/v1/greet')) return jsonResponse({ greeting: '您好', suggestions: [], cards: [] })
    if (url.includes('/v1/live?')) {
      if (settings.refuseResume && new Headers(init?.headers).has('last-event-id')) throw new TypeError('Failed to fetch')
      let ctl!: ReadableStreamDefaultController<Uint8Array>
      const c: Connection = {
        headers: new Headers(init?.headers),
        closed: false,
        push: (event, data, id) => ctl.enqueue(enc.encode(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)),
        drop: () => ((c.closed = true), ctl.close()),
      }
      const stream = new ReadableStream<Uint8Array>({ start: (x) => void (ctl = x), cancel: () => void (c.closed = true) })
      init?.signal?.addEventListener('abort', () => {
        c.closed = true
        try {
          ctl.error(new DOMException('aborted', 'AbortError'))
        } catch {
          // already closed
        }
      })
      connections.push(c)
      return new Response(stream, { headers: { 'content-type': 'text/event-stream' } })
    }
    if (url.includes('/v1/live/')) {
      posts.push({ path: new URL(url).pathname, body, auth: new Headers(init?.headers).get('authorization') })
      return jsonResponse({ ok: true }, 201)
    }
    chats.push({ body })
    return sseResponse(scripts[Math.min(chats.length - 1, scripts.length - 1)]!)
  }) as typeof globalThis.fetch
  const open = () => connections.filter((c) => !c.closed)
  /** The one open connection, once it is there. */
  const live = () => until(() => {
    expect(open()).toHaveLength(1)
    return open()[0]!
  })
  return { fetch, chats, posts, connections, open, live, settings }
}

function setup(edge: ReturnType<typeof fakeEdge>, kv = memoryKV(), lang: 'zh-CN' | 'en' = 'zh-CN') {
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const api = mount(root, { lang, color: '#e4393c', endpoint: 'https://edge.example', kv, fetch: edge.fetch, channel: `live-${Math.random()}`, flushMs: 0 })
  api('open')
  return { api, kv, root, ...shadowQueries(root) }
}

const askForPerson: Ev[] = [meta, ['delta', { text: '好的，为您转人工。' }], ['card', handoff], done]
const agentText = (q: ReturnType<typeof shadowQueries>) => q.$$('[part="message"][data-role="agent"]').map((m) => m.textContent)

/** A visitor who asked for a person, and the person who took the conversation. */
async function joined(edge = fakeEdge(askForPerson, [meta, ['delta', { text: 'X5 售价 ¥899。' }], done]), kv = memoryKV()) {
  const w = setup(edge, kv)
  await w.api('send', '转人工')
  const conn = await edge.live()
  conn.push('status', { conversationId: 'c1', status: 'active', agent }, '1')
  await until(() => expect(w.$('[part="handoff"]')!.textContent).toContain('人工客服 小王 已接入'))
  return { ...w, edge, conn }
}

describe('live handoff', () => {
  it('waits for a person with a way back, then shows who joined, their typing and their message as data-role agent', async () => {
    const edge = fakeEdge(askForPerson)
    const { api, $, $$, find } = setup(edge)
    await api('send', '转人工')
    await until(() => expect($('[part="handoff"]')?.textContent).toContain('正在为您联系人工客服…'))
    expect($('[part="handoff"] button')!.textContent).toBe('返回 AI 助手')
    const conn = await edge.live()
    expect(conn.headers.get('authorization')).toBe(`Bearer ${TOKEN}`)

    conn.push('status', { conversationId: 'c1', status: 'active', agent }, '1')
    await until(() => expect($('[part="handoff"]')!.textContent).toContain('人工客服 小王 已接入'))
    conn.push('typing', { conversationId: 'c1', agent, typing: true }, '2')
    await until(() => expect($('.list [role="status"]')?.textContent).toContain('小王 正在输入…'))

    conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '您好，我是**小王**。<img src=x onerror=alert(1)>', ts: 5, agent }, '3')
    const msg = await find('[part="message"][data-role="agent"]')
    expect(msg.textContent).toContain('小王')
    expect(msg.querySelector('strong')!.textContent).toBe('小王') // the same safe markdown as the assistant's
    expect(msg.querySelector('img')).toBeNull() // raw HTML stays text
    expect(msg.textContent).toContain('<img src=x onerror=alert(1)>')
    expect($('.list [role="status"]')).toBeNull() // the message ended the typing
    expect($$('[part="feedback"]').length).toBe(2) // 👍/👎 only under the assistant's own reply
  })

  it('sends the visitor’s messages to the person while they hold the chat, with no assistant reply; released, the assistant answers again with the person’s words as context', async () => {
    const { api, edge, conn, $, $$, find } = await joined()
    conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: 'X5 今天有货。', ts: 5, agent }, '2')
    await find('[part="message"][data-role="agent"]')

    await api('send', '那我下单了')
    await until(() => expect(edge.posts).toEqual([{ path: '/v1/live/messages', body: { visitorId: expect.stringMatching(/^v_/), text: '那我下单了' }, auth: `Bearer ${TOKEN}` }]))
    expect(edge.chats).toHaveLength(1)
    expect($$('[part="message"][data-role="assistant"]')).toHaveLength(1) // no empty bubble from the assistant
    expect($$('[part="message"][data-role="user"]').map((m) => m.textContent)).toEqual(['转人工', '那我下单了'])

    conn.push('status', { conversationId: 'c1', status: 'closed', outcome: 'released', agent }, '3')
    await until(() => expect($('[part="handoff"]')).toBeNull())
    expect($('[part="csat"]')).toBeNull() // released to the assistant: not the end of the conversation
    await api('send', 'X5 多少钱')
    await until(() => expect(edge.chats).toHaveLength(2))
    expect(edge.chats[1]!.body.messages).toContainEqual({ role: 'assistant', content: expect.stringMatching(/小王.*X5 今天有货。/) })
    expect(edge.chats[1]!.body.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'assistant', 'user', 'user'])
    await until(() => expect($$('[part="message"][data-role="assistant"]').at(-1)!.textContent).toContain('X5 售价 ¥899。'))
  })

  it('goes back to the assistant whenever the visitor asks: /v1/live/leave, and /v1/chat again', async () => {
    const { api, edge, $ } = await joined()
    fireEvent.click($('[part="handoff"] button')!)
    await until(() => expect(edge.posts.map((p) => p.path)).toEqual(['/v1/live/leave']))
    expect(edge.posts[0]!.auth).toBe(`Bearer ${TOKEN}`)
    await until(() => expect($('[part="handoff"]')).toBeNull())
    expect(edge.open()).toHaveLength(0)
    await api('send', 'X5 多少钱')
    await until(() => expect(edge.chats).toHaveLength(2))
  })

  it('asks for 1–5 only after the person closed the chat, not at the handoff or while they talk', async () => {
    const { conn, $, $$, find } = await joined()
    expect($('[part="csat"]')).toBeNull()
    conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '已为您处理好了。', ts: 5, agent }, '2')
    await find('[part="message"][data-role="agent"]')
    expect($('[part="csat"]')).toBeNull()
    conn.push('status', { conversationId: 'c1', status: 'closed', outcome: 'closed', agent }, '3')
    await until(() => expect($$('[part="csat"]')).toHaveLength(5))
    expect($('[part="handoff"]')).toBeNull()
  })

  it('nobody came in time: says so honestly and the handoff card offers the message form', async () => {
    const edge = fakeEdge(askForPerson)
    const { api, kv, $, $$ } = setup(edge)
    await api('send', '转人工')
    const conn = await edge.live()
    conn.push('status', { conversationId: 'c1', status: 'waiting', waitMs: 180_000 }, '1')
    conn.push('status', { conversationId: 'c1', status: 'closed', outcome: 'unanswered' }, '2')
    await until(() => expect($$('[part="message"][data-role="assistant"]').at(-1)!.textContent).toContain('现在没有人工客服能接入'))
    expect($('[part="handoff"]')).toBeNull()
    expect($('[part="csat"]')).toBeNull()
    expect($('[role="alert"]')).toBeNull() // a notice, not an error
    type Stored = { cards?: { type: string; form?: boolean; live?: unknown }[] }[]
    await until(() => {
      const card = (kv.map.get('messages') as Stored).flatMap((m) => m.cards ?? []).find((c) => c.type === 'handoff')!
      expect(card.form).toBe(true)
      expect(card).not.toHaveProperty('live')
    })
    expect(edge.open()).toHaveLength(0)
  })

  it('a handoff without a live channel opens no connection', async () => {
    const edge = fakeEdge([meta, ['delta', { text: '已记录。' }], ['card', { ...handoff, live: undefined }], done])
    const { api, find } = setup(edge)
    await api('send', '转人工')
    await find('[part="card"][data-type="handoff"]')
    await new Promise((r) => setTimeout(r, 30))
    expect(edge.connections).toHaveLength(0)
  })
})

describe('live handoff, resumed', () => {
  it('reconnects after a drop with Last-Event-ID, and nothing shows twice', async () => {
    const { conn, edge, $$, find } = await joined()
    conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '稍等。', ts: 5, agent }, '7')
    await find('[part="message"][data-role="agent"]')
    conn.drop()
    const again = await until(() => {
      expect(edge.connections).toHaveLength(2)
      return edge.connections[1]!
    })
    expect(again.headers.get('last-event-id')).toBe('7')
    again.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '稍等。', ts: 5, agent }, '7') // a replay
    again.push('message', { conversationId: 'c1', id: 'lm2', role: 'agent', content: '查到了。', ts: 6, agent }, '8')
    await until(() => expect(agentText({ $$ } as ReturnType<typeof shadowQueries>)).toEqual(['小王稍等。', '小王查到了。']))
  })

  it('still reaches the person when Last-Event-ID is refused (a CORS setup without it): the next try resyncs in full', async () => {
    const { conn, edge, $$, find } = await joined()
    conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '稍等。', ts: 5, agent }, '7')
    await find('[part="message"][data-role="agent"]')
    edge.settings.refuseResume = true
    conn.drop()
    const again = await until(() => {
      expect(edge.connections).toHaveLength(2)
      return edge.connections[1]!
    })
    expect(again.headers.has('last-event-id')).toBe(false)
    // The edge's full state: the status and every message of the person so far.
    again.push('status', { conversationId: 'c1', status: 'active', agent }, '9')
    again.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '稍等。', ts: 5, agent }, '9')
    again.push('message', { conversationId: 'c1', id: 'lm2', role: 'agent', content: '查到了。', ts: 6, agent }, '9')
    await until(() => expect(agentText({ $$ } as ReturnType<typeof shadowQueries>)).toEqual(['小王稍等。', '小王查到了。']))
  })

  it('treats a connection silent past the heartbeats as dead and connects again', async () => {
    ;(await channel()).liveTimings.deadMs = 40
    const { edge } = await joined()
    await until(() => expect(edge.connections.length).toBeGreaterThanOrEqual(2))
    expect(edge.connections[0]!.closed).toBe(true)
  })

  it('survives a reload: the person’s messages and the banner come back, the channel resumes where it was', async () => {
    const kv = memoryKV()
    const first = await joined(undefined, kv)
    first.conn.push('message', { conversationId: 'c1', id: 'lm1', role: 'agent', content: '在的。', ts: 5, agent }, '4')
    await first.find('[part="message"][data-role="agent"]')
    document.body.innerHTML = '' // the page goes; what it stored stays

    const edge = fakeEdge([done])
    const second = setup(edge, kv)
    const conn = await edge.live()
    expect(conn.headers.get('last-event-id')).toBe('4')
    expect(agentText(second)).toEqual(['小王在的。'])
    expect(second.$('[part="handoff"]')!.textContent).toContain('人工客服 小王 已接入')
    conn.push('message', { conversationId: 'c1', id: 'lm2', role: 'agent', content: '还需要什么？', ts: 6, agent }, '5')
    await until(() => expect(agentText(second)).toEqual(['小王在的。', '小王还需要什么？']))
  })

  it('shows English strings on English pages', async () => {
    const edge = fakeEdge(askForPerson)
    const { api, $ } = setup(edge, memoryKV(), 'en')
    await until(() => expect($('[part="input"]')).toBeTruthy())
    await api('send', 'a person please')
    await until(() => expect($('[part="handoff"]')?.textContent).toContain('Back to the assistant'))
    ;(await edge.live()).push('status', { conversationId: 'c1', status: 'active', agent: { id: 'a2', name: 'Sam' } }, '1')
    await until(() => expect($('[part="handoff"]')!.textContent).toContain('Sam joined the chat'))
  })
})
