import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { renderError } from '../errors.ts'
import { clientAddress, cloudflareClient, rateLimit, sharedRateLimit, type SharedLimiter } from './rate-limit.ts'

function app(perMinute: number, clock: { t: number }) {
  const a = new Hono()
  a.onError(renderError)
  a.use('*', rateLimit({ perMinute, clientKey: cloudflareClient, maxClients: 3, now: () => clock.t }))
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

/**
 * The Node edge's limit (one request a minute) on a real socket, with the client key node.ts uses:
 * `chat(xff)` posts as a client (or a proxy) that sends that X-Forwarded-For.
 */
async function nodeEdge(trustProxy: number) {
  const a = new Hono()
  a.onError(renderError)
  a.use('*', rateLimit({ perMinute: 1, clientKey: clientAddress({ trustProxy, socketAddress: (c) => getConnInfo(c).remote.address }) }))
  a.post('/v1/chat', (c) => c.text('ok'))
  const server = serve({ fetch: a.fetch, hostname: '127.0.0.1', port: 0 })
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  return {
    chat: async (xff?: string) => (await fetch(`http://127.0.0.1:${port}/v1/chat`, { method: 'POST', headers: xff ? { 'x-forwarded-for': xff } : {} })).status,
    close: () => new Promise((done) => server.close(done)),
  }
}

describe('who the client is on Node (HUIKE_TRUST_PROXY)', () => {
  it('without it, ignores X-Forwarded-For: a forged address gets no fresh bucket', async () => {
    const edge = await nodeEdge(0)
    try {
      expect(await edge.chat('1.1.1.1')).toBe(200)
      expect(await edge.chat('2.2.2.2')).toBe(429) // the same socket, whatever the header says
      expect(await edge.chat()).toBe(429)
    } finally {
      await edge.close()
    }
  })

  it('with one proxy, two visitors behind it have their own buckets, and what a visitor forges is not read', async () => {
    const edge = await nodeEdge(1)
    try {
      // nginx appends the address it saw: the last entry is the visitor's.
      expect(await edge.chat('203.0.113.7')).toBe(200)
      expect(await edge.chat('198.51.100.9')).toBe(200) // another visitor, through the same proxy
      expect(await edge.chat('203.0.113.7')).toBe(429)
      // The first visitor forges an address in front of theirs: still them.
      expect(await edge.chat('10.9.9.9, 203.0.113.7')).toBe(429)
    } finally {
      await edge.close()
    }
  })

  it('reads the address as many hops back as there are proxies', () => {
    const at = (trustProxy: number, xff: string) => {
      const key = clientAddress({ trustProxy, socketAddress: () => '10.0.0.2' })
      const c = { req: { header: (name: string) => (name === 'x-forwarded-for' ? xff : undefined) } }
      return key(c as never)
    }
    // CDN → nginx → edge: the CDN saw the visitor, nginx saw the CDN.
    expect(at(2, 'forged, 203.0.113.7, 10.0.0.1')).toBe('203.0.113.7')
    expect(at(1, 'forged, 203.0.113.7, 10.0.0.1')).toBe('10.0.0.1')
    expect(at(0, 'forged, 203.0.113.7, 10.0.0.1')).toBe('10.0.0.2')
    expect(at(3, '203.0.113.7')).toBe('203.0.113.7') // fewer hops than configured: the leftmost
  })
})

describe('a shared limiter (Cloudflare\'s Rate Limiting binding)', () => {
  it('refuses with the same 429 and Retry-After when the binding says no, keyed by the client', async () => {
    const seen: string[] = []
    const limiter: SharedLimiter = { limit: async ({ key }) => (seen.push(key), { success: seen.filter((k) => k === key).length <= 1 }) }
    const a = new Hono()
    a.onError(renderError)
    a.use('*', sharedRateLimit({ limiter, clientKey: cloudflareClient, what: 'chat requests' }))
    a.post('/v1/chat', (c) => c.text('ok'))
    expect((await a.request('/v1/chat', from('1.1.1.1'))).status).toBe(200)
    expect((await a.request('/v1/chat', from('2.2.2.2'))).status).toBe(200)
    const refused = await a.request('/v1/chat', from('1.1.1.1'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('60')
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } })
    expect((await a.request('/v1/chat', { method: 'OPTIONS' })).status).not.toBe(429) // preflights pass
    expect(seen).toEqual(['1.1.1.1', '2.2.2.2', '1.1.1.1'])
  })
})
