// The API channel as an app's server uses it: a key, a user id, JSON or the widget's stream, the
// conversation kept on the edge between calls.
import { describe, expect, it } from 'vitest'
import { ApiMessageResponseSchema } from '../../../shared/channels.ts'
import { answerText, readEvents } from '../testing.ts'
import { channelEdge } from './testing.ts'

const KEY = 'k_test_0123456789abcdef'
const auth = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' }
const send = (app: Awaited<ReturnType<typeof channelEdge>>['app'], body: unknown, headers: Record<string, string> = auth) =>
  app.request('/v1/channels/api/messages', { method: 'POST', headers, body: JSON.stringify(body) })

async function edge(o: Parameters<typeof channelEdge>[0] = {}) {
  return channelEdge({ ...o, channels: { apiKeys: ['k_old_key_rotating_out', KEY], ...o.channels } })
}

describe('POST /v1/channels/api/messages', () => {
  it('answers from the shop catalog as JSON, with cards copied from the catalog', async () => {
    const { app } = await edge()
    const res = await send(app, { userId: 'app-user-1', text: '清泉饮水机多大容量？' })
    expect(res.status).toBe(200)
    const body = ApiMessageResponseSchema.parse(await res.json())
    expect(body.text).toContain('2.5L')
    expect(body.handoff).toBeNull()
  })

  it('keeps the conversation on the server: a pronoun in the next call finds the product', async () => {
    const { app } = await edge()
    await send(app, { userId: 'u-42', text: '介绍一下清泉饮水机' })
    const second = ApiMessageResponseSchema.parse(await (await send(app, { userId: 'u-42', text: '它的滤芯能用多久？' })).json())
    expect(second.text).toContain('30天')
    // Another user has no such history.
    const other = ApiMessageResponseSchema.parse(await (await send(app, { userId: 'u-43', text: '它的滤芯能用多久？' })).json())
    expect(other.text).not.toContain('30天')
  })

  it('streams the same events as the widget with Accept: text/event-stream', async () => {
    const { app } = await edge()
    const res = await send(app, { userId: 'u-sse', text: '猫爬架多高', lang: 'zh-CN' }, { ...auth, accept: 'text/event-stream' })
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const events = await readEvents(res)
    expect(events[0]!.event).toBe('meta')
    expect(events.at(-1)!.event).toBe('done')
    expect(answerText(events)).toContain('160cm')
  })

  it('hands an upset user to a person with the handoff in its own field', async () => {
    const { app } = await edge()
    const body = ApiMessageResponseSchema.parse(await (await send(app, { userId: 'u-angry', text: '我要人工客服' })).json())
    expect(body.handoff?.type).toBe('handoff')
    expect(body.handoff?.contacts?.[0]?.href).toBe('tel:400-800-1234')
  })

  it('turns away a missing or wrong key before reading anything, and accepts a rotated one', async () => {
    const { app } = await edge()
    const body = { userId: 'u', text: '你好' }
    const none = await send(app, body, { 'content-type': 'application/json' })
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect((await send(app, body, { ...auth, authorization: 'Bearer nope' })).status).toBe(403)
    expect((await send(app, body, { ...auth, authorization: 'Bearer k_old_key_rotating_out' })).status).toBe(200)
  })

  it('says what is wrong with a bad body', async () => {
    const { app } = await edge()
    const res = await send(app, { userId: 'has space', text: '' })
    expect(res.status).toBe(400)
    const { error } = (await res.json()) as { error: { message: string } }
    expect(error.message).toContain('userId')
    expect(error.message).toContain('text')
  })

  it('limits each user, not the app server that calls for all of them', async () => {
    const { app } = await edge({ deps: { rateLimit: { perMinute: 2 } } })
    for (let i = 0; i < 2; i++) expect((await send(app, { userId: 'busy', text: '你好' })).status).toBe(200)
    const limited = await send(app, { userId: 'busy', text: '你好' })
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toBeTruthy()
    expect((await send(app, { userId: 'calm', text: '你好' })).status).toBe(200)
  })

  it('is off, saying how to turn it on, without keys', async () => {
    const { app } = await channelEdge()
    const res = await send(app, { userId: 'u', text: '你好' })
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('HUIKE_CHANNEL_API_KEYS')
  })
})

describe('one customer across channels', () => {
  it('links an app user and a WeChat user to one customer: one profile and conversation', async () => {
    const { app, visitors } = await edge()
    await send(app, { userId: 'app-7', text: '介绍一下清泉饮水机' })
    const link = (channel: string, userId: string) =>
      app.request('/v1/channels/api/links', { method: 'POST', headers: auth, body: JSON.stringify({ channel, userId, customerId: 'cust-7' }) })
    expect((await link('api', 'app-7')).status).toBe(200)
    expect((await link('wechat', 'oOpenId7')).status).toBe(200)
    const fromWechat = await visitors.visit('wechat', 'oOpenId7')
    expect(fromWechat.visitorId).toBe('u_cust-7')
    expect(fromWechat.messages.map((m) => m.content).join(' ')).toContain('清泉饮水机')
  })

  it('erases a user: profile, conversation and events', async () => {
    const { app, visitors, store } = await edge()
    await send(app, { userId: 'gone', text: '介绍一下清泉饮水机' })
    const before = await visitors.visit('api', 'gone')
    await new Promise((r) => setTimeout(r, 50)) // the turn log is written in the background
    expect((await store.events()).some((e) => e.visitorId === before.visitorId)).toBe(true)
    expect((await app.request('/v1/channels/api/users/gone', { method: 'DELETE', headers: auth })).status).toBe(204)
    expect((await store.events()).some((e) => e.visitorId === before.visitorId)).toBe(false)
    const after = await visitors.visit('api', 'gone')
    expect(after.visitorId).not.toBe(before.visitorId)
    expect(after.messages).toEqual([])
  })
})
