// Batched analytics: one request per batch, a unique id per event, sendBeacon when the page is hidden,
// retry with backoff, a bounded outbox kept in storage, window.dataLayer, reply_latency.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createChat } from '../src/app/chat-state.ts'
import { createEventQueue } from '../src/app/events.ts'
import { done, meta, memoryKV, scriptedFetch, sseResponse, until } from './helpers.ts'

const ev = (type: string, props: Record<string, unknown> = {}) => ({ type, visitorId: 'v_1', sessionId: 's_1', ts: 1, props })

function recorder(status = 202) {
  const bodies: { events: { id: string; type: string }[] }[] = []
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    bodies.push(JSON.parse(String(init!.body)))
    return new Response(null, { status })
  }) as unknown as typeof globalThis.fetch & ReturnType<typeof vi.fn>
  return { bodies, fetch }
}

const queues: { dispose(): void }[] = []
beforeEach(() => {
  delete (window as { dataLayer?: unknown }).dataLayer
})
afterEach(() => {
  queues.splice(0).forEach((q) => q.dispose())
  vi.useRealTimers()
})

function queue(fetch: typeof globalThis.fetch, kv = memoryKV(), flushMs = 2000) {
  const q = createEventQueue({ endpoint: 'https://edge.example', kv, fetch, flushMs })
  queues.push(q)
  return q
}

describe('event queue', () => {
  it('sends one batch after ~2 s instead of one request per event, each event with its own id', async () => {
    vi.useFakeTimers()
    const r = recorder()
    const q = queue(r.fetch)
    q.push(ev('widget_open'))
    q.push(ev('message_sent'))
    q.push(ev('view_product'))
    expect(r.fetch).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(2100)
    expect(r.bodies).toHaveLength(1)
    const ids = r.bodies[0]!.events.map((e) => e.id)
    expect(r.bodies[0]!.events.map((e) => e.type)).toEqual(['widget_open', 'message_sent', 'view_product'])
    expect(new Set(ids).size).toBe(3)
    expect(ids.every((id) => /^e_/.test(id))).toBe(true)
  })

  it('sends at once when 20 events are waiting', async () => {
    vi.useFakeTimers()
    const r = recorder()
    const q = queue(r.fetch)
    for (let i = 0; i < 20; i++) q.push(ev('view_product', { i }))
    await vi.advanceTimersByTimeAsync(0)
    expect(r.bodies).toHaveLength(1)
    expect(r.bodies[0]!.events).toHaveLength(20)
  })

  it('retries a failed batch with backoff, with the same ids (the edge drops repeats)', async () => {
    vi.useFakeTimers()
    let fail = 2
    const bodies: { events: { id: string }[] }[] = []
    const fetch = (async (_u: unknown, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init!.body)))
      return new Response(null, { status: fail-- > 0 ? 503 : 202 })
    }) as typeof globalThis.fetch
    const kv = memoryKV()
    const q = queue(fetch, kv)
    q.push(ev('cart_add'))
    await vi.advanceTimersByTimeAsync(2100) // fails
    expect(bodies).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(2100) // backoff 2 s: fails
    expect(bodies).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2100) // backoff 4 s: not yet
    expect(bodies).toHaveLength(2)
    await vi.advanceTimersByTimeAsync(2100)
    expect(bodies).toHaveLength(3)
    expect(new Set(bodies.map((b) => b.events[0]!.id)).size).toBe(1)
    expect(q.size).toBe(0)
    expect(kv.map.get('outbox')).toEqual([])
  })

  it('drops a batch the edge refuses for good (400, 413) instead of retrying it forever', async () => {
    vi.useFakeTimers()
    let status = 400
    const bodies: unknown[] = []
    const fetch = vi.fn(async (_u: RequestInfo | URL, init?: RequestInit) => {
      bodies.push(JSON.parse(String(init!.body)))
      return new Response(null, { status })
    }) as unknown as typeof globalThis.fetch
    const kv = memoryKV()
    const q = queue(fetch, kv)
    q.push(ev('widget_open'))
    await vi.advanceTimersByTimeAsync(2100)
    expect(bodies).toHaveLength(1)
    status = 202
    q.push(ev('message_sent'))
    await vi.advanceTimersByTimeAsync(2100)
    // The next batch carries only the new event: the refused one is not sent again.
    expect(bodies).toHaveLength(2)
    expect((bodies[1] as { events: { type: string }[] }).events.map((e) => e.type)).toEqual(['message_sent'])
  })

  it('a site event with a name the edge would refuse is not queued, and the developer is told', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const r = recorder()
    const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv: memoryKV(), fetch: r.fetch, flushMs: 0 })
    const conversions: unknown[] = []
    chat.on('conversion', (d) => conversions.push(d))
    await chat.track('addToCart')
    await chat.track('purchase', { value: 899, orderId: 'o1' })
    await until(() => expect(r.bodies.flatMap((b) => (b.events ?? []).map((e) => e.type))).toContain('purchase'))
    expect(r.bodies.flatMap((b) => (b.events ?? []).map((e) => e.type))).not.toContain('addToCart')
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('snake_case'), 'addToCart')
    expect(conversions).toEqual([{ value: 899, orderId: 'o1' }]) // huike('on', 'conversion', fn)
    warn.mockRestore()
  })

  it('keeps at most 200 unsent events in storage, and sends them on the next page view', async () => {
    vi.useFakeTimers()
    const kv = memoryKV()
    const offline = (async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof globalThis.fetch
    const q = queue(offline, kv, 60_000)
    for (let i = 0; i < 250; i++) q.push(ev('view_product', { i }))
    await vi.advanceTimersByTimeAsync(0)
    const kept = kv.map.get('outbox') as { props: { i: number } }[]
    expect(kept).toHaveLength(200)
    expect(kept.at(-1)!.props.i).toBe(249)
    q.dispose()
    const r = recorder()
    queue(r.fetch, kv)
    await vi.advanceTimersByTimeAsync(2100)
    expect(r.bodies.flatMap((b) => b.events).length).toBeGreaterThanOrEqual(20)
  })

  it('uses sendBeacon when the page is hidden or left', async () => {
    const r = recorder()
    const beacon = vi.fn((_url: string, _data?: BodyInit | null) => true)
    Object.defineProperty(navigator, 'sendBeacon', { value: beacon, configurable: true })
    try {
      const q = queue(r.fetch)
      q.push(ev('view_product', { productId: 'x5' }))
      q.push(ev('cart_add'))
      dispatchEvent(new Event('pagehide'))
      expect(beacon).toHaveBeenCalledTimes(1)
      expect(beacon.mock.calls[0]![0]).toBe('https://edge.example/v1/events')
      const body = JSON.parse(await (beacon.mock.calls[0]![1] as Blob).text())
      expect(body.events.map((e: { type: string }) => e.type)).toEqual(['view_product', 'cart_add'])
      expect(q.size).toBe(0)
      expect(r.fetch).not.toHaveBeenCalled()
    } finally {
      delete (navigator as { sendBeacon?: unknown }).sendBeacon
    }
  })

  it('pushes every event to window.dataLayer as huike_<type>, creating it if missing', () => {
    const q = queue(recorder().fetch)
    q.push(ev('coupon_copied', { offerId: 'o1' }))
    expect((window as unknown as { dataLayer: unknown[] }).dataLayer).toEqual([{ event: 'huike_coupon_copied', offerId: 'o1' }])
    const existing: unknown[] = [{ event: 'gtm.js' }]
    ;(window as unknown as { dataLayer: unknown[] }).dataLayer = existing
    q.push(ev('widget_open'))
    expect(existing).toEqual([{ event: 'gtm.js' }, { event: 'huike_widget_open' }])
  })

  it('tracks reply_latency (ms to the first delta) after each reply', async () => {
    let t = 1000
    const f = scriptedFetch(async () => {
      t += 350
      return sseResponse([meta, ['delta', { text: '好的' }], done])
    })
    const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv: memoryKV(), fetch: f.fetch, channel: 'ev-latency', flushMs: 0, now: () => t })
    try {
      await chat.send('你好')
      const reply = chat.messages.value.at(-1)!
      await until(() => {
        const e = f.calls.filter((c) => c.url.endsWith('/v1/events')).flatMap((c) => c.body.events).find((x: { type: string }) => x.type === 'reply_latency')
        expect(e).toMatchObject({ props: { ms: 350, messageId: reply.id } })
      })
    } finally {
      chat.dispose()
    }
  })
})

describe('events that lead off the page', () => {
  it('a product_click goes at once, in its own request, after whatever was waiting', async () => {
    vi.useFakeTimers()
    const r = recorder()
    const q = queue(r.fetch)
    q.push(ev('reply_latency', { ms: 300 }))
    q.push(ev('product_click', { productId: 'x5' }))
    await vi.advanceTimersByTimeAsync(0)
    expect(r.bodies.map((b) => b.events.map((e) => e.type))).toEqual([['reply_latency'], ['product_click']])
    q.dispose()
  })
})
