import { describe, expect, it, vi } from 'vitest'
import { GreetResponseSchema } from '../../shared/protocol.ts'
import type { ChatModel } from './model/types.ts'
import { postJson, testApp } from './testing.ts'

const app = testApp()

describe('POST /v1/greet', () => {
  it('answers the greeting and suggestions of the site config, in the visitor language', async () => {
    // Without marketing consent: no experiment opener, no coupon (edge/src/marketing/greet.test.ts covers those).
    const res = await postJson(app, '/v1/greet', JSON.stringify({ visitorId: 'v_1', lang: 'en', profile: { consent: { marketing: false } } }))
    expect(res.status).toBe(200)
    const body = GreetResponseSchema.parse(await res.json())
    expect(body.greeting).toContain("I'm Hui")
    expect(body.suggestions).toContain("How much is the X5 kids' watch?")
    expect(body).toMatchObject({ cards: [], campaign: null, variant: null, proactive: null })
  })

  it('defaults to Chinese', async () => {
    const res = await postJson(app, '/v1/greet', JSON.stringify({ visitorId: 'v_1', page: { url: 'https://shop.example/' }, profile: { consent: { marketing: false } } }))
    const body = GreetResponseSchema.parse(await res.json())
    expect(body.greeting).toContain('小慧')
    expect(body.suggestions[0]).toBe('X5 儿童手表多少钱？')
  })

  it('requires a visitorId', async () => {
    const res = await postJson(app, '/v1/greet', '{}')
    expect(res.status).toBe(400)
    expect(JSON.stringify(await res.json())).toContain('visitorId')
  })
})

describe('POST /v1/events', () => {
  const event = { type: 'widget_open', visitorId: 'v_1', sessionId: 's_1', ts: 1_760_000_000_000 }

  it('accepts valid events with 202 and says how many', async () => {
    const res = await postJson(app, '/v1/events', JSON.stringify({ events: [event, { ...event, type: 'product_click', props: { id: 'x5' } }] }))
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: 2 })
  })

  it('refuses a bad event with 400 naming it', async () => {
    const res = await postJson(app, '/v1/events', JSON.stringify({ events: [event, { ...event, type: 'Not A Type' }] }))
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toContain('events.1.type')
  })
})

describe('GET /healthz', () => {
  it('reports the provider, product count and catalog errors', async () => {
    const res = await app.request('/healthz')
    expect(await res.json()).toEqual({ ok: true, provider: 'offline', products: 17, catalogErrors: 0 })
  })

  it('names the configured provider', async () => {
    const llm: ChatModel = { provider: 'openai', name: 'test', stream: async function* () {} }
    const res = await testApp({ model: llm, catalogErrors: 2 }).request('/healthz')
    expect(await res.json()).toMatchObject({ provider: 'openai', catalogErrors: 2 })
  })
})

describe('unknown routes', () => {
  it('answer 404 with the JSON error shape', async () => {
    const res = await app.request('/v1/nope', { method: 'POST' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for POST /v1/nope' } })
  })

  it('hide internal failures behind a generic 500', async () => {
    const broken = testApp()
    broken.get('/v1/boom', () => {
      throw new Error('database password is hunter2')
    })
    const log = vi.spyOn(console, 'error').mockImplementation(() => {})
    const res = await broken.request('/v1/boom')
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).toContain('"code":"internal"')
    expect(text).not.toContain('hunter2')
    expect(log).toHaveBeenCalled()
    log.mockRestore()
  })
})
