import { fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '../src/app/main.tsx'
import { done, meta, memoryKV, scriptedFetch, sseResponse, until, type Call, type Ev, shadowQueries } from './helpers.ts'

const x5 = { type: 'product', product: { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', url: '/p/x5.html', image: '/img/x5.svg' } }
const reply: Ev[] = [meta, ['delta', { text: '**X5** 售价 ¥899：\n- 九重定位\n- IP68' }], ['card', x5], ['suggest', { replies: ['有粉色吗？'] }], done]

let n = 0
afterEach(() => {
  document.body.innerHTML = ''
  n++
})

function setup(responders: ((call: Call) => Response | Promise<Response>)[] = [() => sseResponse(reply)], kv = memoryKV(), lang: 'zh-CN' | 'en' = 'zh-CN') {
  const host = document.createElement('div')
  host.id = 'huike-root'
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const launcher = document.createElement('button')
  launcher.setAttribute('part', 'launcher')
  root.append(launcher)
  const f = scriptedFetch(...responders)
  const api = mount(root, { lang, color: '#0a7cff', endpoint: 'https://edge.example', launcher, kv, fetch: f.fetch, channel: `mount-${n}`, flushMs: 0 })
  const { $, $$, find } = shadowQueries(root)
  return { root, api, launcher, kv, $, $$, find, ...f }
}

describe('mounted widget', () => {
  it('opens from the API, greets, and answers a suggestion with markdown, a product card and quick replies', async () => {
    const { api, launcher, $, $$, chatCalls } = setup()
    const events: string[] = []
    api('on', 'open', () => events.push('open'))
    api('on', 'message', (d: { text: string }) => events.push(`message:${d.text}`))
    api('on', 'reply', () => events.push('reply'))
    api('open')
    await until(() => expect($('[part="panel"]')).toBeTruthy())
    expect(launcher.getAttribute('aria-expanded')).toBe('true')
    expect($('[part="panel"]')!.querySelector('[aria-live="polite"]')).toBeTruthy()
    await until(() => expect($('[part="message"][data-role="assistant"]')?.textContent).toContain('您好，我是小慧'))
    expect($('.title strong')!.textContent).toBe('慧客商城')
    const suggestion = $('[part="suggestion"]')!
    expect(suggestion.textContent).toBe('X5 多少钱？')
    suggestion.click()
    await until(() => expect($('[part="card"][data-type="product"]')).toBeTruthy())
    await until(() => expect($('[part="send"]')).toBeTruthy())
    const msgs = $$('[part="message"]')
    expect(msgs.map((m) => m.dataset.role)).toEqual(['assistant', 'user', 'assistant'])
    expect(msgs[1]!.textContent).toBe('X5 多少钱？')
    expect(msgs[2]!.querySelector('strong')!.textContent).toBe('X5')
    expect(msgs[2]!.querySelectorAll('li')).toHaveLength(2)
    expect($('[part="card"]')!.textContent).toContain('¥899')
    expect($$('[part="suggestion"]').map((b) => b.textContent)).toEqual(['有粉色吗？'])
    expect(chatCalls).toHaveLength(1)
    expect(events).toEqual(['open', 'message:X5 多少钱？', 'reply'])
  })

  it('sends typed text with Enter, from the composer', async () => {
    const { api, find, chatCalls } = setup()
    api('open')
    const input = await find<HTMLTextAreaElement>('[part="input"]')
    fireEvent.input(input, { target: { value: '续航多久？' } })
    fireEvent.keyDown(input, { key: 'Enter' })
    await until(() => expect(chatCalls).toHaveLength(1))
    expect(chatCalls[0]!.body.messages.at(-1)).toEqual({ role: 'user', content: '续航多久？' })
  })

  it('shows an error row with retry instead of chat text, and retry recovers', async () => {
    const { api, $, $$ } = setup([() => new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'x' } }), { status: 429 }), () => sseResponse(reply)])
    api('send', '你好')
    await until(() => expect($('[role="alert"]')).toBeTruthy())
    expect($('[role="alert"]')!.textContent).toContain('消息发送太频繁')
    expect($$('[part="message"][data-role="assistant"]').some((m) => m.textContent!.includes('rate'))).toBe(false)
    expect($('.dots')).toBeNull() // no frozen typing indicator
    ;($('[role="alert"] button') as HTMLButtonElement).click()
    await until(() => expect($('[part="card"]')).toBeTruthy())
    expect($('[role="alert"]')).toBeNull()
  })

  it('Esc closes the panel and returns focus to the launcher', async () => {
    const { api, $, find, launcher, root } = setup()
    const closed = vi.fn()
    api('on', 'close', closed)
    api('open')
    const panel = await find('[part="panel"]')
    fireEvent.keyDown(panel, { key: 'Escape' })
    await until(() => expect($('[part="panel"]')).toBeNull())
    expect(closed).toHaveBeenCalledOnce()
    expect(launcher.getAttribute('aria-expanded')).toBe('false')
    expect(root.activeElement).toBe(launcher)
  })

  it('keeps Tab inside the open panel', async () => {
    const { api, $, find, root } = setup()
    api('open')
    const panel = await find('[part="panel"]')
    await find('[part="suggestion"]')
    const close = $<HTMLButtonElement>('.close')!
    const input = $<HTMLTextAreaElement>('[part="input"]')!
    input.focus()
    fireEvent.keyDown(panel, { key: 'Tab' }) // send is disabled: the textarea is the last stop
    expect(root.activeElement).toBe(close)
    fireEvent.keyDown(panel, { key: 'Tab', shiftKey: true })
    expect(root.activeElement).toBe(input)
  })

  it('shows the stored conversation after a reload, rendered as safely as live text', async () => {
    const kv = memoryKV()
    kv.map.set('messages', [
      { id: 'm_1', role: 'user', text: '<b>hi</b>', ts: 1, status: 'done' },
      { id: 'm_2', role: 'assistant', text: '**好** [x](javascript:alert(1)) <img src=x onerror=alert(1)>', ts: 2, status: 'done', cards: [{ ...x5, product: { ...x5.product, url: 'javascript:alert(1)' } }, { type: 'nope' }] },
      { id: 'm_3', role: 'assistant', text: 'half', ts: 3, status: 'streaming' },
      { bogus: true },
    ])
    const { api, $, $$, calls } = setup(undefined, kv)
    api('open')
    await until(() => expect($$('[part="message"]')).toHaveLength(3))
    expect($('[part="message"][data-role="user"]')!.textContent).toBe('<b>hi</b>')
    const a = $$('[part="message"][data-role="assistant"]')[0]!
    expect(a.querySelector('strong')!.textContent).toBe('好')
    expect(a.querySelector('.bubble')!.querySelector('a, img, b')).toBeNull()
    expect($$('[part="card"]')).toHaveLength(1)
    expect($('[part="card"] a')).toBeNull()
    expect($$('[part="message"]')[2]!.textContent).toContain('已停止')
    expect(calls.some((c) => c.url.endsWith('/v1/greet'))).toBe(false) // history exists: no greeting
  })

  it('speaks English with data-lang="en"', async () => {
    const { api, $, launcher } = setup(undefined, memoryKV(), 'en')
    api('open')
    await until(() => expect($('[part="input"]')).toBeTruthy())
    expect($('[part="input"]')!.getAttribute('placeholder')).toBe('Type your question…')
    expect(launcher.getAttribute('aria-label')).toBe('Close chat')
  })

  it('stop keeps the partial answer and marks it stopped', async () => {
    const { api, $, $$ } = setup([(call) => sseResponse([meta, ['delta', { text: '正在为您查询' }]], 100, call.signal, true)])
    api('send', '帮我查一下')
    await until(() => expect($('[part="stop"]')).toBeTruthy())
    await until(() => expect($$('[part="message"][data-role="assistant"]').at(-1)?.textContent).toContain('正在为您查询'))
    ;($('[part="stop"]') as HTMLButtonElement).click()
    await until(() => expect($('[part="send"]')).toBeTruthy())
    expect($$('[part="message"]').at(-1)!.textContent).toContain('已停止生成')
  })

  it('while a reasoning model thinks, the typing indicator says so; the answer replaces it, and the next question starts plain', async () => {
    let push: (ev: Ev) => void = () => {}
    let end = () => {}
    const held = () => {
      const enc = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        start(c) {
          push = ([e, d]) => c.enqueue(enc.encode(`event: ${e}\ndata: ${JSON.stringify(d)}\n\n`))
          end = () => c.close()
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    }
    const { api, $, chatCalls } = setup([held])
    api('send', '哪款更适合送礼？')
    await until(() => expect(chatCalls).toHaveLength(1))
    expect($('.dots')).toBeTruthy()
    push(meta)
    expect($('.dots')!.textContent).toBe('') // typing, not yet thinking
    push(['status', { state: 'thinking' }])
    await until(() => expect($('.dots')!.textContent).toBe('正在思考'))
    expect($('.dots')!.parentElement!.getAttribute('aria-label')).toBe('正在思考')
    push(['delta', { text: '推荐 X5 儿童智能手表。' }])
    push(done)
    end()
    await until(() => expect($('[part="send"]')).toBeTruthy())
    expect($('.dots')).toBeNull()
    expect(document.body.innerHTML + $('[part="panel"]')!.textContent).not.toContain('正在思考')
    api('send', '有粉色吗？')
    await until(() => expect(chatCalls).toHaveLength(2))
    expect($('.dots')!.textContent).toBe('')
  })

  it('JS API: identify, consent, page and track reach the profile, requests and /v1/events; forget wipes them', async () => {
    const { api, kv, calls, chatCalls, $$, find } = setup()
    const circular: Record<string, unknown> = { id: 'c_1', tier: 'gold' }
    api('identify', { id: 'c_1', tier: 'gold', onClick: () => {} })
    api('identify', Object.assign(circular, { self: circular })) // not JSON-safe: ignored, nothing breaks
    api('consent', { marketing: true })
    api('page', { productId: 'x5', category: '儿童手表' })
    await api('track', 'purchase', { value: 899, orderId: 'o1' })
    const sent = calls.filter((c) => c.url === 'https://edge.example/v1/events').flatMap((c) => c.body.events)
    const purchase = sent.find((e: { type: string }) => e.type === 'purchase')
    expect(purchase).toMatchObject({ props: { value: 899, orderId: 'o1' } })
    expect(purchase.visitorId).toMatch(/^v_/)
    await api('send', '这款有货吗？')
    // visits: counted on the device; cartAbandoned: false after a purchase (the edge's cart trigger reads it).
    const stored = { customer: { id: 'c_1', tier: 'gold' }, consent: { marketing: true }, visits: 1, cartAbandoned: false }
    expect(chatCalls[0]!.body.profile).toEqual(stored)
    expect(chatCalls[0]!.body.page).toMatchObject({ productId: 'x5', category: '儿童手表' })
    expect(kv.map.get('profile')).toEqual(stored)
    await find('[part="card"]')
    await api('forget')
    expect(kv.map.size).toBe(0)
    await until(() => expect($$('[part="message"]')).toHaveLength(0))
  })

  it('identify sends the shop server\'s proof; another customer replaces the last; reset logs out without erasing on the edge', async () => {
    const { api, kv, calls, chatCalls, find } = setup([() => sseResponse(reply), () => sseResponse(reply), () => sseResponse(reply)])
    api('identify', { id: 'c_1', segment: 'vip' }, { hash: 'a1b2' })
    api('identify', { tier: 'gold' }) // more traits of the same customer keep the proof
    await api('send', '你好')
    expect(chatCalls[0]!.body.profile).toMatchObject({ customer: { id: 'c_1', segment: 'vip', tier: 'gold' }, identityHash: 'a1b2' })
    await find('[part="card"]')
    // Someone else logs in on this computer: nothing of the last customer's traits or proof stays.
    api('identify', { id: 'c_2' })
    await api('send', '你好')
    expect(chatCalls[1]!.body.profile.customer).toEqual({ id: 'c_2' })
    expect(chatCalls[1]!.body.profile.identityHash).toBeUndefined()
    const before = chatCalls[1]!.body.visitorId
    await api('reset')
    expect(kv.map.get('profile')).toBeUndefined()
    expect(calls.some((c) => c.url.includes('/v1/visitors/'))).toBe(false) // no DELETE of the old visitor
    await api('send', '你好')
    expect(chatCalls[2]!.body.visitorId).not.toBe(before)
    expect(chatCalls[2]!.body.profile.customer).toBeUndefined()
  })
})
