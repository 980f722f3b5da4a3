import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { renderError } from '../errors.ts'
import { forwardedClient, rateLimit } from './rate-limit.ts'

function app(perMinute: number, clock: { t: number }) {
  const a = new Hono()
  a.onError(renderError)
  a.use('*', rateLimit({ perMinute, clientKey: forwardedClient, maxClients: 3, now: () => clock.t }))
  a.post('/v1/chat', (c) => c.text('ok'))
  return a
}
const from = (ip: string) => ({ method: 'POST', headers: { 'cf-connecting-ip': ip } })

describe('rateLimit', () => {
  it('allows a burst up to the limit, then 429 with Retry-After and the one error shape', async () => {
    const clock = { t: 0 }
    const a = app(3, clock)
    for (let i = 0; i < 3; i++) expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(200)
    const refused = await a.request('/v1/chat', from('1.1.1.1'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('20')
    expect(await refused.json()).toEqual({ error: { code: 'rate_limited', message: 'Too many requests: at most 3 a minute. Try again in 20 s.' } })
  })

  it('counts each client apart, and refills over time', async () => {
    const clock = { t: 0 }
    const a = app(2, clock)
    for (let i = 0; i < 2; i++) await a.request('/v1/chat', from('1.1.1.1'))
    expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(429)
    expect((await a.request('/v1/chat', from('2.2.2.2'))).status).toBe(200) // someone else
    clock.t += 30_000 // half a minute: one request back
    expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(200)
    expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(429)
  })

  it('keeps a bounded number of clients: the least recently seen is forgotten', async () => {
    const clock = { t: 0 }
    const a = app(1, clock)
    await a.request('/v1/chat', from('1.1.1.1'))
    for (const ip of ['2.2.2.2', '3.3.3.3', '4.4.4.4']) await a.request('/v1/chat', from(ip))
    expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(200) // its bucket was dropped
  })
})

describe('the chat route behind the limit', () => {
  it('answers until the client is over its limit, then refuses before any stream starts', async () => {
    const { chatBody, postJson, testApp } = await import('../testing.ts')
    const limited = testApp({ rateLimit: { perMinute: 2 } })
    const ask = () => postJson(limited, '/v1/chat', chatBody('X5 多少钱？'), { 'cf-connecting-ip': '9.9.9.9' })
    expect((await ask()).headers.get('content-type')).toMatch(/^text\/event-stream/)
    expect((await ask()).status).toBe(200)
    const refused = await ask()
    expect(refused.status).toBe(429)
    expect(refused.headers.get('content-type')).toMatch(/^application\/json/)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    // greet is not limited: the bubble on every page view must not be refused
    expect((await postJson(limited, '/v1/greet', JSON.stringify({ visitorId: 'v_1' }), { 'cf-connecting-ip': '9.9.9.9' })).status).toBe(200)
  })
})
