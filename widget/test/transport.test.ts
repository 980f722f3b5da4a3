import { describe, expect, it } from 'vitest'
import { streamChat, postJson } from '../src/app/transport.ts'
import { done, jsonResponse, meta, sseResponse, sseText, type Ev } from './helpers.ts'

const events: Ev[] = [
  meta,
  ['delta', { text: '您好，' }],
  ['delta', { text: 'X5 儿童手表 ¥899 😀' }],
  ['card', { type: 'product', product: { id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY' } }],
  ['suggest', { replies: ['有粉色吗？'] }],
  done,
]

const collect = async (res: Response | (() => Promise<Response>), signal = new AbortController().signal) => {
  const got: { event: string; data: unknown }[] = []
  const err = await streamChat('https://edge.example', { x: 1 }, signal, (e) => got.push(e), (async () => (typeof res === 'function' ? res() : res)) as typeof fetch)
  return { got, err }
}

describe('transport', () => {
  for (const chunk of [1, 2, 3, 7, 64, 100_000]) {
    it(`parses an SSE body cut into ${chunk}-byte chunks (even inside characters)`, async () => {
      const { got, err } = await collect(sseResponse(events, chunk))
      expect(err).toBeNull()
      expect(got.map((e) => e.event)).toEqual(['meta', 'delta', 'delta', 'card', 'suggest', 'done'])
      expect(got[2]!.data).toEqual({ text: 'X5 儿童手表 ¥899 😀' })
    })
  }

  it('handles CRLF line endings and skips unknown events', async () => {
    const text = sseText([meta, ['future', { x: 1 }], ['delta', { text: 'hi' }], done]).replace(/\n/g, '\r\n')
    const { got, err } = await collect(sseResponse(text, 3))
    expect(err).toBeNull()
    expect(got.map((e) => e.event)).toEqual(['meta', 'delta', 'done'])
  })

  it('POSTs JSON to {endpoint}/v1/chat', async () => {
    let seen: { url: string; init?: RequestInit } | undefined
    await streamChat('https://edge.example', { hello: '世界' }, new AbortController().signal, () => {}, (async (url: string, init?: RequestInit) => {
      seen = { url, init }
      return sseResponse([meta, done])
    }) as typeof fetch)
    expect(seen!.url).toBe('https://edge.example/v1/chat')
    expect(seen!.init!.method).toBe('POST')
    expect(JSON.parse(String(seen!.init!.body))).toEqual({ hello: '世界' })
  })

  it('maps a 400 JSON error to a typed error', async () => {
    const { got, err } = await collect(jsonResponse({ error: { code: 'invalid_request', message: 'messages: too long' } }, 400))
    expect(got).toEqual([])
    expect(err).toEqual({ code: 'invalid_request', message: 'messages: too long', status: 400 })
  })

  it('maps a non-JSON error page to code http', async () => {
    const { err } = await collect(new Response('<html>Bad gateway</html>', { status: 502 }))
    expect(err).toMatchObject({ code: 'http', status: 502 })
  })

  it('maps a network failure to code network, without throwing', async () => {
    const { err } = await collect(() => Promise.reject(new TypeError('Failed to fetch')))
    expect(err).toMatchObject({ code: 'network', message: 'Failed to fetch' })
  })

  it('returns an error event as the outcome, and stops there', async () => {
    const { got, err } = await collect(sseResponse([meta, ['delta', { text: 'par' }], ['error', { code: 'upstream_failed', message: 'model down' }], ['delta', { text: 'x' }]]))
    expect(got.map((e) => e.event)).toEqual(['meta', 'delta'])
    expect(err).toEqual({ code: 'upstream_failed', message: 'model down' })
  })

  it('treats a stream that ends without done as incomplete', async () => {
    const { err } = await collect(sseResponse([meta, ['delta', { text: 'half' }]]))
    expect(err).toMatchObject({ code: 'incomplete' })
  })

  it('reports an abort as aborted', async () => {
    const ctrl = new AbortController()
    const res = sseResponse([meta, ['delta', { text: 'a' }]], 100, ctrl.signal, true)
    const p = collect(res, ctrl.signal)
    setTimeout(() => ctrl.abort(), 10)
    const { got, err } = await p
    expect(got.map((e) => e.event)).toEqual(['meta', 'delta'])
    expect(err).toMatchObject({ code: 'aborted' })
  })

  it('postJson returns the JSON or a typed error', async () => {
    const ok = await postJson('https://e/v1/greet', {}, (async () => jsonResponse({ greeting: 'hi' })) as typeof fetch)
    expect(ok).toEqual({ ok: true, value: { greeting: 'hi' } })
    const bad = await postJson('https://e/v1/greet', {}, (async () => jsonResponse({ error: { code: 'rate_limited', message: 'slow down' } }, 429)) as typeof fetch)
    expect(bad).toEqual({ ok: false, error: { code: 'rate_limited', message: 'slow down', status: 429 } })
  })
})
