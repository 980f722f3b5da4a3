// The preference center in the panel header, and "删除我的对话记录" typed in the chat.
import { fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mount } from '../src/app/main.tsx'
import { done, meta, memoryKV, scriptedFetch, sseResponse, until, type Ev, shadowQueries } from './helpers.ts'

const reply: Ev[] = [meta, ['delta', { text: '好的' }], done]
let n = 0
afterEach(() => {
  document.body.innerHTML = ''
  n++
})

function setup(lang: 'zh-CN' | 'en' = 'zh-CN', script: Ev[] = reply) {
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const kv = memoryKV()
  const f = scriptedFetch(() => sseResponse(script))
  const api = mount(root, { lang, color: '#0a7cff', endpoint: 'https://edge.example', kv, fetch: f.fetch, channel: `prefs-${n}`, flushMs: 0 })
  const { $, $$, find } = shadowQueries(root)
  const events = () => f.calls.filter((c) => c.url.endsWith('/v1/events')).flatMap((c) => c.body.events)
  return { root, api, kv, $, $$, find, events, ...f }
}

describe('preference center', () => {
  it('the menu button toggles aria-expanded, and Esc closes the menu but not the panel', async () => {
    const { api, $, find } = setup()
    api('open')
    const btn = await find<HTMLButtonElement>('[part="menu"]')
    expect(btn.getAttribute('aria-expanded')).toBe('false')
    fireEvent.click(btn)
    await until(() => expect($('#hk-prefs')).toBeTruthy())
    expect(btn.getAttribute('aria-expanded')).toBe('true')
    fireEvent.keyDown($('#hk-prefs button')!, { key: 'Escape' })
    await until(() => expect($('#hk-prefs')).toBeNull())
    expect(btn.getAttribute('aria-expanded')).toBe('false')
    expect($('[part="panel"]')).toBeTruthy()
  })

  it('the offers switch records consent in the profile and as a consent event', async () => {
    const { api, $, find, kv, events } = setup()
    api('open')
    fireEvent.click(await find('[part="menu"]'))
    const sw = await find<HTMLButtonElement>('[role="switch"]')
    expect(sw.getAttribute('aria-checked')).toBe('true')
    fireEvent.click(sw)
    await until(() => expect($('[role="switch"]')!.getAttribute('aria-checked')).toBe('false'))
    expect(kv.map.get('profile')).toMatchObject({ consent: { marketing: false } })
    await until(() => expect(events().find((e) => e.type === 'consent')).toMatchObject({ props: { marketing: false } }))
    fireEvent.click(sw)
    await until(() => expect(events().filter((e) => e.type === 'consent').at(-1)).toMatchObject({ props: { marketing: true } }))
  })

  it('download builds a JSON file from the edge export and the local data', async () => {
    const created: Blob[] = []
    const orig = URL.createObjectURL
    URL.createObjectURL = ((b: Blob) => (created.push(b), 'blob:x')) as typeof URL.createObjectURL
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {})
    try {
      const { api, find, calls } = setup('en')
      await api('send', 'hello')
      fireEvent.click(await find('[part="menu"]'))
      const dl = [...(await find('#hk-prefs')).querySelectorAll('button')].find((b) => b.textContent === 'Download my data')!
      fireEvent.click(dl)
      await until(() => expect(click).toHaveBeenCalled())
      const data = JSON.parse(await created[0]!.text())
      expect(data.edge).toEqual({ events: [] })
      expect(data.messages.map((m: { text: string }) => m.text)).toEqual(['hello', '好的'])
      expect(calls.some((c) => /\/v1\/visitors\/v_/.test(c.url))).toBe(true)
    } finally {
      URL.createObjectURL = orig
      click.mockRestore()
    }
  })

  it('delete asks first; cancel keeps everything, confirm wipes the panel and erases on the edge', async () => {
    const { api, $, $$, find, kv, calls } = setup()
    await api('send', '你好')
    await until(() => expect($$('[part="message"]')).toHaveLength(2))
    fireEvent.click(await find('[part="menu"]'))
    fireEvent.click((await find('#hk-prefs .danger'))!)
    await find('.confirm')
    fireEvent.click($('.confirm button')!) // cancel
    await until(() => expect($('.confirm')).toBeNull())
    expect($$('[part="message"]')).toHaveLength(2)
    fireEvent.click(await find('[part="menu"]'))
    fireEvent.click((await find('#hk-prefs .danger'))!)
    fireEvent.click(await find('[part="erase"]'))
    await until(() => expect($$('[part="message"]')).toHaveLength(0))
    await until(() => expect($('.empty')!.textContent).toBe('已删除本设备和服务器上的对话记录与资料。')) // said, not just silent
    expect(kv.map.size).toBe(0)
    expect(calls.some((c) => /\/v1\/visitors\/v_/.test(c.url))).toBe(true)
  })

  it('"删除我的对话记录" typed in the chat opens the same confirm step and is not sent', async () => {
    const { api, $$, find, chatCalls } = setup()
    await api('send', '你好')
    await api('send', '删除我的对话记录')
    await find('.confirm')
    expect(chatCalls).toHaveLength(1)
    fireEvent.click(await find('[part="erase"]'))
    await until(() => expect($$('[part="message"]')).toHaveLength(0))
  })
})

describe('feedback', () => {
  it('👍/👎 under a finished reply: a feedback event, and the choice remembered on the message', async () => {
    const { api, $$, find, kv, events } = setup()
    await api('send', '你好，我电话 13812345678')
    await find('[part="feedback"]')
    const [up, down] = $$('[part="feedback"]')
    expect(up!.getAttribute('aria-pressed')).toBe('false')
    fireEvent.click(down!)
    await until(() => expect($$('[part="feedback"]')[1]!.getAttribute('aria-pressed')).toBe('true'))
    const reply = (kv.map.get('messages') as { id: string; role: string; feedback?: number }[]).find((m) => m.role === 'assistant')!
    expect(reply.feedback).toBe(-1)
    // A 👎 names the reply's topic (meta.topic, else its intent) and the question, masked, for the gap list.
    await until(() => expect(events().find((e) => e.type === 'feedback')).toEqual(expect.objectContaining({
      props: { messageId: reply.id, value: -1, topic: 'presales', q: '你好，我电话 138****5678' },
    })))
    fireEvent.click($$('[part="feedback"]')[1]!) // the same choice again: not counted twice
    fireEvent.click($$('[part="feedback"]')[0]!)
    await until(() => expect(events().filter((e) => e.type === 'feedback').map((e) => e.props.value)).toEqual([-1, 1]))
    expect(events().filter((e) => e.type === 'feedback')[1]!.props).not.toHaveProperty('q') // 👍 needs no question
  })
})

describe('satisfaction', () => {
  // A case the assistant resolved (a ticket opened); after a person closes a live chat: widget/test/live.test.tsx.
  const ticket = { type: 'ticket', id: 'T-1', kind: 'warranty', status: '保修期内', title: '保修查询', steps: ['寄修'] }
  it('after a case is opened asks 1–5 once per session, as a feedback event {csat}', async () => {
    sessionStorage.clear()
    const { api, $, $$, find, events } = setup('zh-CN', [meta, ['delta', { text: '已为您登记保修。' }], ['card', ticket], done])
    await api('send', '我的手表坏了，订单号 202311150123')
    await find('[part="csat"]')
    expect($$('[part="csat"]')).toHaveLength(5)
    fireEvent.click($$('[part="csat"]')[3]!)
    await until(() => expect($('[part="csat"]')).toBeNull())
    await until(() => expect(events().find((e) => e.type === 'feedback')).toMatchObject({ props: { csat: 4, topic: 'presales' } }))
    await api('send', '还有一个问题')
    await until(() => expect($$('[part="message"]')).toHaveLength(4))
    expect($('[part="csat"]')).toBeNull()
  })

  it('can be skipped: it goes for the visit, and nothing is counted', async () => {
    sessionStorage.clear()
    const { api, $, find, events } = setup('zh-CN', [meta, ['delta', { text: '已为您登记保修。' }], ['card', ticket], done])
    await api('send', '我的手表坏了，订单号 202311150123')
    await find('[part="csat"]')
    expect($('.csat p')!.textContent).toContain('1 很不满意 – 5 很满意')
    fireEvent.click($('.csat div button:last-child')!)
    await until(() => expect($('[part="csat"]')).toBeNull())
    await api('send', '还有一个问题')
    await until(() => expect($('[part="message"]')).toBeTruthy())
    expect($('[part="csat"]')).toBeNull()
    expect(events().some((e) => e.type === 'feedback')).toBe(false)
  })
})
