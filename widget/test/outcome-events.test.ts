// The outcomes the report counts: a guided flow that reached its products, a ticket opened, a visit
// through a share link — each reported once.
import { afterEach, expect, it } from 'vitest'
import { mount } from '../src/app/main.tsx'
import { done, memoryKV, scriptedFetch, sseResponse, until, type Ev } from './helpers.ts'

afterEach(() => {
  document.body.innerHTML = ''
  sessionStorage.clear()
  history.replaceState(null, '', '/')
})

function setup(events: Ev[]) {
  const host = document.createElement('div')
  document.body.append(host)
  const root = host.attachShadow({ mode: 'open' })
  const f = scriptedFetch(() => sseResponse(events))
  const api = mount(root, { lang: 'zh-CN', color: '#e4393c', endpoint: 'https://edge.example', kv: memoryKV(), fetch: f.fetch, channel: `outcomes-${Math.random()}`, flushMs: 0 })
  const sent = () => f.calls.filter((c) => c.url.endsWith('/v1/events')).flatMap((c) => c.body.events as { type: string; props: Record<string, unknown> }[])
  return { api, sent, root }
}

const meta = (topic: string): Ev => ['meta', { v: 1, intent: 'presales', sentiment: 'neutral', products: [], provider: 'offline', topic }]
const product = (id: string): Ev => ['card', { type: 'product', product: { id, name: id, price: 1, currency: 'CNY' } }]

it('reports flow_completed once when a flow reply brings its products', async () => {
  const { api, sent } = setup([meta('flow:gift-watch'), ['delta', { text: '为您推荐：' }], product('watch-lady'), product('watch-sport'), done])
  api('send', '简约')
  await until(() => expect(sent().some((e) => e.type === 'flow_completed')).toBe(true))
  const completed = sent().filter((e) => e.type === 'flow_completed')
  expect(completed).toHaveLength(1)
  expect(completed[0]!.props).toEqual({ flow: 'gift-watch', productId: 'watch-lady' })
})

it('reports ticket_created with the ticket id', async () => {
  const ticket = { type: 'ticket', id: 'T-20261123-ABC123', kind: 'quality', status: '已受理', title: '质量问题退货', steps: ['拍照'] }
  const { api, sent } = setup([meta('return:quality'), ['delta', { text: '非常抱歉' }], ['card', ticket], done])
  api('send', '手表坏了要退货')
  await until(() => expect(sent().find((e) => e.type === 'ticket_created')?.props).toEqual({ ticketId: 'T-20261123-ABC123', kind: 'quality' }))
})

it('does not ask for a 1–5 rating after a plain answer', async () => {
  const plain = setup([meta('product'), ['delta', { text: 'X5 售价 ¥899' }], product('x5'), done])
  plain.api('send', 'X5 多少钱')
  await until(() => expect(plain.root.querySelector('[part="card"]')).toBeTruthy())
  await new Promise((r) => setTimeout(r, 50))
  expect(plain.root.querySelector('[part="csat"]')).toBeNull()
})

it('asks the 1–5 satisfaction question after a resolved conversation (a ticket opened)', async () => {
  const ticket = { type: 'ticket', id: 'T-1', kind: 'warranty', status: '保修期内', title: '保修查询', steps: ['寄修'] }
  const resolved = setup([meta('warranty:in'), ['delta', { text: '查到了' }], ['card', ticket], done])
  resolved.api('send', '订单号 202311150123，2026年3月2日买的')
  await until(() => expect(resolved.root.querySelectorAll('[part="csat"]')).toHaveLength(5))
})

it('reports a visit through a share link once per visit', async () => {
  history.replaceState(null, '', '/?ref=v_friend')
  const pages = [setup([done]), setup([done])] // two page views of the same visit
  const refs = () => pages.flatMap((p) => p.sent()).filter((e) => e.type === 'referral_visit')
  await until(() => expect(refs()).toHaveLength(1))
  await new Promise((r) => setTimeout(r, 50))
  expect(refs()).toHaveLength(1)
  expect(refs()[0]!.props).toEqual({ ref: 'v_friend' })
})
