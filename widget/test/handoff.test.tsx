import { render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { Cards } from '../src/app/components/Cards.tsx'
import { mount } from '../src/app/main.tsx'
import { done, memoryKV, scriptedFetch, sseResponse, until, type Ev, t } from './helpers.ts'

const handoff = {
  type: 'handoff', reason: 'angry', next: '正在联系人工客服，通常不超过 2 分钟。等待时可以继续向 AI 助手提问。', hours: '每天 9:00–21:00', online: true, live: { waitMs: 120_000 },
  contacts: [{ label: '电话 400-800-1234', href: 'tel:4008001234' }, { label: 'evil', href: 'javascript:alert(1)' }],
}
const ticket = {
  type: 'ticket', id: 'T-20261123-0001', kind: 'quality', status: '已受理', title: '质量问题退货',
  steps: ['拍下破损处的照片', '提供订单号', '我们寄出上门取件单'],
  product: { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY' },
  link: { label: '退货政策', href: '/policy/returns' },
}

afterEach(() => {
  document.body.innerHTML = ''
})

function setup(events: Ev[], kv = memoryKV()) {
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const f = scriptedFetch(() => sseResponse(events))
  const api = mount(root, { lang: 'zh-CN', color: '#e4393c', endpoint: 'https://edge.example', kv, fetch: f.fetch, channel: `handoff-${Math.random()}`, flushMs: 0 })
  return { root, api, kv, ...f }
}

describe('handoff', () => {
  it('shows a banner and the card, fires on("handoff") listeners and reports the event', async () => {
    const meta: Ev = ['meta', { v: 1, intent: 'complaint', sentiment: 'angry', products: [], provider: 'offline', topic: 'handoff:angry' }]
    const { root, api, calls } = setup([meta, ['delta', { text: '非常抱歉给您带来不好的体验。' }], ['card', handoff], done])
    const heard: unknown[] = []
    api('on', 'handoff', (d: unknown) => heard.push(d))
    api('send', '垃圾！！！退钱！！！')
    const banner = await until(() => {
      const el = root.querySelector('[part="handoff"]')
      if (!el) throw new Error('no banner')
      return el
    })
    // No promise in the banner: who answers next, and when people are there.
    expect(banner.textContent).toContain('人工客服')
    expect(banner.textContent).not.toContain('已为您转接')
    expect(banner.textContent).toContain('每天 9:00–21:00')
    const card = root.querySelector('[part="card"][data-type="handoff"]')!
    expect(card.textContent).toContain('通常不超过 2 分钟')
    // The shop's tel: link is kept; a javascript: one is not rendered at all.
    expect([...card.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['tel:4008001234'])
    expect(heard).toEqual([{ reason: 'angry', online: true }])
    await until(() => expect(calls.some((c) => c.url.endsWith('/v1/events') && c.body.events[0].type === 'handoff')).toBe(true))
  })

  it('keeps the banner after a reload, from the stored conversation', async () => {
    const kv = memoryKV()
    kv.map.set('messages', [
      { id: 'm1', role: 'user', text: '转人工', ts: 1, status: 'done' },
      { id: 'm2', role: 'assistant', text: '好的', ts: 2, status: 'done', cards: [{ ...handoff, online: false }] },
    ])
    const { root, api } = setup([done], kv)
    api('open')
    await until(() => expect(root.querySelector('[part="handoff"]')?.textContent).toContain('人工客服暂不在线'))
  })
})

describe('ticket card', () => {
  it('shows the title, status, ticket number, product, steps in order and the policy link', () => {
    const c = render(<Cards cards={[ticket]} s={t('zh-CN')} lang="zh-CN" />).container
    const card = c.querySelector('[part="card"][data-type="ticket"]')!
    expect(card.textContent).toContain('质量问题退货')
    expect(card.textContent).toContain('已受理')
    expect(card.querySelector('.ticket-id')!.textContent).toBe('T-20261123-0001')
    expect(card.textContent).toContain('X5 儿童智能手表')
    expect([...card.querySelectorAll('li')].map((li) => li.textContent)).toEqual(ticket.steps)
    expect(card.querySelector('a')!.getAttribute('href')).toBe('/policy/returns')
  })

  it('drops an unsafe policy link but keeps the ticket', () => {
    const c = render(<Cards cards={[{ ...ticket, link: { label: 'x', href: 'javascript:alert(1)' } }]} s={t('en')} lang="en" />).container
    expect(c.querySelector('[data-type="ticket"]')).toBeTruthy()
    expect(c.querySelector('a')).toBeNull()
    expect(c.textContent).toContain('Ticket')
  })
})
