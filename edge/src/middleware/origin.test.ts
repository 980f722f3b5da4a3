import { describe, expect, it } from 'vitest'
import { chatBody, testApp } from '../testing.ts'

const greet = JSON.stringify({ visitorId: 'v_1' })

function post(app: ReturnType<typeof testApp>, origin?: string, url = 'http://127.0.0.1:8787/v1/greet') {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (origin) headers.origin = origin
  return app.request(url, { method: 'POST', body: greet, headers })
}

describe('origin check and CORS', () => {
  const app = testApp()

  it('refuses a page on a foreign site with 403 forbidden_origin naming the origin', async () => {
    const res = await post(app, 'https://evil.example')
    expect(res.status).toBe(403)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('forbidden_origin')
    expect(body.error.message).toContain('https://evil.example')
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('refuses a foreign preflight too', async () => {
    const res = await app.request('http://127.0.0.1:8787/v1/chat', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } })
    expect(res.status).toBe(403)
  })

  it('allows requests without an Origin (curl, servers)', async () => {
    expect((await post(app)).status).toBe(200)
  })

  it('allows localhost pages on any port and gives them CORS headers', async () => {
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://[::1]:8080']) {
      const res = await post(app, origin)
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe(origin)
      expect(res.headers.get('vary')).toContain('Origin')
    }
  })

  it("allows the edge's own origin", async () => {
    const res = await post(app, 'https://chat.shop.example', 'https://chat.shop.example/v1/greet')
    expect(res.status).toBe(200)
  })

  it('answers an allowed preflight with 204 and the allowed headers', async () => {
    const res = await app.request('http://127.0.0.1:8787/v1/chat', {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    expect(res.headers.get('access-control-allow-methods')).toContain('POST')
    expect(res.headers.get('access-control-allow-headers')).toContain('content-type')
    expect(res.headers.get('access-control-allow-headers')).toContain('authorization')
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThan(0)
  })

  it('lets an allowed page read error answers too', async () => {
    const res = await app.request('http://127.0.0.1:8787/v1/chat', {
      method: 'POST',
      body: '{oops',
      headers: { origin: 'http://localhost:5173' },
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
  })

  it('streams chat answers to allowed pages with CORS headers', async () => {
    const res = await app.request('http://127.0.0.1:8787/v1/chat', {
      method: 'POST',
      body: chatBody('X5 多少钱'),
      headers: { origin: 'http://localhost:5173' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:5173')
    await res.body?.cancel()
  })
})

describe('HUIKE_ALLOWED_ORIGINS', () => {
  const app = testApp({ allowedOrigins: ['https://shop.example/', ' https://m.shop.example'] })

  it('allows exactly the listed origins (plus the edge itself), and no longer localhost', async () => {
    expect((await post(app, 'https://shop.example')).status).toBe(200)
    expect((await post(app, 'https://m.shop.example')).status).toBe(200)
    expect((await post(app, 'http://localhost:5173')).status).toBe(403)
    expect((await post(app, 'https://other.example')).status).toBe(403)
    expect((await post(app, 'http://127.0.0.1:8787')).status).toBe(200)
  })

  it('allows every origin with *', async () => {
    expect((await post(testApp({ allowedOrigins: ['*'] }), 'https://anyone.example')).status).toBe(200)
  })
})

describe('the edge behind a TLS-terminating proxy', () => {
  const viaProxy = (app: ReturnType<typeof testApp>, proto: string) =>
    app.request('http://shop.example/v1/greet', {
      method: 'POST',
      body: greet,
      headers: { 'content-type': 'application/json', origin: 'https://shop.example', 'x-forwarded-proto': proto },
    })

  it('with HUIKE_TRUST_PROXY, its pages served over https (the agent console) are its own origin', async () => {
    const app = testApp({ allowedOrigins: [], trustProxy: 1 })
    expect((await viaProxy(app, 'https')).status).toBe(200)
    // Two proxies: the nearest one's word counts (the last value).
    expect((await viaProxy(app, 'http, https')).status).toBe(200)
  })

  it('without it, X-Forwarded-Proto is anyone\'s header and is ignored', async () => {
    const app = testApp({ allowedOrigins: [] })
    expect((await viaProxy(app, 'https')).status).toBe(403)
  })
})
