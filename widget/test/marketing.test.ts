import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { createApi } from '../src/app/api.ts'
import { touchIdentity, SESSION_IDLE_MS } from '../src/app/storage.ts'
import type { GreetResponse } from '../src/app/types.ts'
import { done, meta, memoryKV, scriptedFetch, sseResponse, until, type Ev } from './helpers.ts'

const coupon = { type: 'coupon', offerId: 'kids-new', code: 'KIDS50', title: '新客券', discount: '立减50元' }
const withCoupon: Ev[] = [meta, ['delta', { text: '送您一张券' }], ['card', coupon], done]
const pre: GreetResponse = {
  greeting: '您好！在找儿童定位手表吗？', suggestions: ['X5 多少钱？'], cards: [], campaign: 'kids-watch', variant: null,
  proactive: { trigger: 'landing', text: '儿童手表定位看这里' }, profile: { marketing: { shown: { r1: [1] } } },
}

const chats: Chat[] = []
let seq = 0
beforeEach(() => sessionStorage.clear())
afterEach(() => chats.splice(0).forEach((c) => c.dispose()))

function setup(o: { greeted?: Promise<GreetResponse | null>; kv?: ReturnType<typeof memoryKV> } = {}) {
  const f = scriptedFetch(() => sseResponse(withCoupon))
  const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv: o.kv ?? memoryKV(), fetch: f.fetch, channel: `mk-${seq++}`, greeted: o.greeted, flushMs: 0 })
  chats.push(chat)
  const events = () => f.calls.filter((c) => c.url.endsWith('/v1/events')).map((c) => c.body.events[0])
  return { chat, api: createApi(chat), events, ...f }
}

describe('marketing in the app', () => {
  it('uses the bubble chunk’s greet answer instead of asking again, and merges its profile', async () => {
    const { chat, calls } = setup({ greeted: Promise.resolve(pre) })
    chat.setOpen(true)
    await until(() => expect(chat.messages.value[0]?.text).toBe('您好！在找儿童定位手表吗？'))
    expect(calls.filter((c) => c.url.endsWith('/v1/greet'))).toHaveLength(0)
    expect(chat.profile.value.marketing).toEqual({ shown: { r1: [1] } })
  })

  it('clicking the bubble: its text is the first assistant message, with the greeting’s quick replies', async () => {
    const { api, chat, calls } = setup({ greeted: Promise.resolve(pre) })
    api('opener', '儿童手表定位看这里')
    api('open')
    await until(() => expect(chat.messages.value.map((m) => m.text)).toEqual(['儿童手表定位看这里']))
    expect(chat.messages.value[0]).toMatchObject({ role: 'assistant', greeting: true, suggestions: ['X5 多少钱？'] })
    await new Promise((r) => setTimeout(r, 20))
    expect(chat.messages.value).toHaveLength(1) // no second greeting
    expect(calls.filter((c) => c.url.endsWith('/v1/greet'))).toHaveLength(0)
  })

  it('a coupon card is shown and counted; copying tells huike("on","coupon") listeners and /v1/events', async () => {
    const { chat, api, events } = setup()
    const heard: unknown[] = []
    api('on', 'coupon', (d: unknown) => heard.push(d))
    await chat.send('有优惠吗？')
    expect(chat.messages.value.at(-1)!.cards).toEqual([coupon])
    await until(() => expect(events()).toContainEqual(expect.objectContaining({ type: 'coupon_shown', props: { offerId: 'kids-new' } })))
    chat.couponCopied(coupon as never)
    expect(heard).toEqual([{ offerId: 'kids-new', code: 'KIDS50' }])
    await until(() => expect(events()).toContainEqual(expect.objectContaining({ type: 'coupon_copied', props: { offerId: 'kids-new' } })))
  })

  it('no coupon for a visitor who refused marketing, even if one arrives', async () => {
    const { chat, api, events } = setup()
    await api('consent', { marketing: false })
    await chat.send('有优惠吗？')
    expect(chat.messages.value.at(-1)!.cards ?? []).toEqual([])
    expect(events().some((e) => e.type === 'coupon_shown')).toBe(false)
  })

  it('keeps nested objects the edge sends whole (marketing history), and flags cart abandonment', async () => {
    const { chat, api } = setup()
    await chat.ready
    chat.mergeProfile({ marketing: { shown: { r1: [1, 2] } }, consent: { marketing: true } })
    chat.mergeProfile({ marketing: { shown: { r1: [1, 2], r2: [3] } } })
    expect(chat.profile.value).toMatchObject({ marketing: { shown: { r1: [1, 2], r2: [3] } }, consent: { marketing: true } })
    api('track', 'cart_add', { productId: 'x5' })
    await until(() => expect(chat.profile.value.cartAbandoned).toBe(true))
    api('track', 'purchase', { value: 899 })
    await until(() => expect(chat.profile.value.cartAbandoned).toBe(false))
    expect(chat.profile.value.purchases).toBeUndefined() // no product named: nothing to remind of
    // A purchase names its product: remembered for the repurchase reminder, the last 20 kept.
    for (let i = 0; i < 21; i++) api('track', 'purchase', { productId: i === 20 ? 'oil-cleanser' : `p${i}`, value: 89 })
    await until(() => expect(chat.profile.value.purchases?.at(-1)).toMatchObject({ productId: 'oil-cleanser', ts: expect.any(Number) }))
    expect(chat.profile.value.purchases).toHaveLength(20)
  })

  it('counts visits and keeps the previous visit’s time as lastVisit (once per new session)', async () => {
    const kv = memoryKV()
    const t0 = 1_700_000_000_000
    await touchIdentity(kv, t0)
    await touchIdentity(kv, t0 + 60_000) // same visit
    expect(kv.map.get('profile')).toEqual({ visits: 1 })
    const later = t0 + 60_000 + SESSION_IDLE_MS + 1
    await touchIdentity(kv, later)
    expect(kv.map.get('profile')).toEqual({ visits: 2, lastVisit: t0 + 60_000 })
  })

  it('asks /v1/greet itself without a bubble answer, and reports the experiment exposure once per visit', async () => {
    const variant = { experiment: 'opener', id: 'a' }
    const f = scriptedFetch(() => sseResponse(withCoupon))
    const fetch = (async (url: string, init?: RequestInit) =>
      String(url).endsWith('/v1/greet')
        ? new Response(JSON.stringify({ ...pre, variant, proactive: null }))
        : f.fetch(url, init)) as typeof globalThis.fetch
    for (let i = 0; i < 2; i++) {
      const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv: memoryKV(), fetch, channel: `mk-x-${i}`, flushMs: 0 })
      chats.push(chat)
      chat.setOpen(true)
      await until(() => expect(chat.messages.value).toHaveLength(1))
    }
    const exposures = f.calls.filter((c) => c.url.endsWith('/v1/events')).map((c) => c.body.events[0]).filter((e) => e.type === 'experiment_exposure')
    expect(exposures).toHaveLength(1)
    expect(exposures[0].props).toEqual({ experiment: 'opener', variant: 'a' })
  })
})
