import { createHmac } from 'node:crypto'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../shared/config.ts'
import { renderError } from './errors.ts'
import { handoffMessageRoute, type HandoffMessageRouteOptions } from './handoff-message-route.ts'
import type { MessagePayload } from './notify/message.ts'
import type { DeliveryResult } from './notify/webhook.ts'
import { Receiver } from './notify/webhook-testing.ts'
import { demoConfig, postJson } from './testing.ts'

const SECRET = 'test-secret'
const PATH = '/v1/handoff/message'
const receiver = new Receiver()
beforeAll(() => receiver.start())
afterAll(() => receiver.stop())
afterEach(() => receiver.reset())

const withWebhook = (url: string | undefined): SiteConfig => ({ ...demoConfig, handoff: { ...demoConfig.handoff, webhook: url } })

/** The route mounted where the edge mounts it, on an app with the edge's one error shape. */
function appWith(options: Partial<HandoffMessageRouteOptions> = {}) {
  const deliveries: Promise<DeliveryResult>[] = []
  const logs: string[] = []
  const app = new Hono()
  app.onError(renderError)
  app.route(PATH, handoffMessageRoute({ config: () => withWebhook(receiver.url), webhook: { secret: SECRET, backoffMs: 1 }, log: (m) => logs.push(m), onDelivery: (d) => deliveries.push(d), ...options }))
  return { app, deliveries, logs }
}

const message = {
  visitorId: 'v_test',
  sessionId: 's_test',
  name: '张三',
  phone: '138 1234 5678',
  wechat: 'zhangsan_88',
  email: 'zhang.san@example.com',
  text: '表带坏了，我的身份证 11010519491231002X，地址北京市朝阳区建国路88号，电话 13987654321',
  lang: 'zh-CN',
  consent: true,
}

const send = (app: Hono, body: unknown) => postJson(app, PATH, JSON.stringify(body))
const errorOf = async (res: Response) => ((await res.json()) as { error: { code: string; message: string } }).error

describe('POST /v1/handoff/message', () => {
  it('accepts with 202, then delivers the contact as given and the text masked, signed', async () => {
    const { app, deliveries, logs } = appWith()
    const res = await send(app, message)
    expect(res.status).toBe(202)
    expect(await res.json()).toEqual({ accepted: true })
    expect(await deliveries[0]).toMatchObject({ ok: true, attempts: 1 })
    expect(logs).toEqual([])

    const [hit] = receiver.received
    expect(hit!.headers['x-huike-event']).toBe('message')
    expect(hit!.headers['x-huike-signature']).toBe('sha256=' + createHmac('sha256', SECRET).update(`${hit!.headers['x-huike-timestamp']}.${hit!.body}`).digest('hex'))
    const payload = JSON.parse(hit!.body) as MessagePayload
    expect(hit!.headers['x-huike-delivery']).toBe(payload.id)
    expect(payload).toMatchObject({ type: 'message', visitorId: 'v_test', sessionId: 's_test', lang: 'zh-CN', site: '慧客商城', consent: true })
    // The visitor gave these so the shop can answer: exactly as typed.
    expect(payload.contact).toEqual({ name: '张三', phone: '138 1234 5678', wechat: 'zhangsan_88', email: 'zhang.san@example.com' })
    // What they wrote is masked like any other text leaving the edge.
    expect(payload.text).toContain('表带坏了')
    for (const raw of ['19491231', '建国路88号', '13987654321']) expect(payload.text).not.toContain(raw)
  })

  it('sends only the ways to reach the visitor they gave, and no text when there is none', async () => {
    const { app, deliveries } = appWith()
    expect((await send(app, { visitorId: 'v1', sessionId: 's1', wechat: 'wx_someone', consent: true })).status).toBe(202)
    await deliveries[0]
    const payload = JSON.parse(receiver.received[0]!.body) as MessagePayload
    expect(payload.contact).toEqual({ wechat: 'wx_someone' })
    expect(payload.text).toBeUndefined()
  })

  it('refuses a message without consent, naming the field, and delivers nothing', async () => {
    const { app, deliveries } = appWith()
    for (const consent of [false, undefined]) {
      const res = await send(app, { ...message, consent })
      expect(res.status).toBe(400)
      const error = await errorOf(res)
      expect(error.code).toBe('invalid_request')
      expect(error.message).toMatch(/^consent: /)
    }
    expect(deliveries).toEqual([])
  })

  it('needs at least one way to reach the visitor', async () => {
    const { app } = appWith()
    const res = await send(app, { visitorId: 'v1', sessionId: 's1', name: '张三', text: '有问题', consent: true })
    expect(res.status).toBe(400)
    expect((await errorOf(res)).message).toMatch(/phone: give a phone, WeChat id or e-mail address/)
    // Blank fields are no way to reach anyone either.
    expect((await send(app, { visitorId: 'v1', sessionId: 's1', phone: '   ', consent: true })).status).toBe(400)
  })

  it('names a field that is too long, and says when the body is not JSON', async () => {
    const { app } = appWith()
    const long = await send(app, { ...message, phone: '1'.repeat(41) })
    expect(long.status).toBe(400)
    expect((await errorOf(long)).message).toMatch(/^phone: /)
    const bad = await postJson(app, PATH, '{"visitorId":')
    expect(bad.status).toBe(400)
    expect((await errorOf(bad)).code).toBe('bad_json')
  })

  it('answers 503 with the reason when there is no webhook to deliver to', async () => {
    const { app, deliveries } = appWith({ config: () => withWebhook(undefined), webhook: {} })
    const res = await send(app, message)
    expect(res.status).toBe(503)
    expect((await errorOf(res)).message).toMatch(/no webhook is configured/)
    expect(deliveries).toEqual([])
  })

  it('delivers to HUIKE_WEBHOOK_URL when the config names none', async () => {
    const { app, deliveries } = appWith({ config: () => withWebhook(undefined), webhook: { url: receiver.url, backoffMs: 1 } })
    expect((await send(app, message)).status).toBe(202)
    expect(await deliveries[0]).toMatchObject({ ok: true })
    expect(receiver.received).toHaveLength(1)
  })

  it('retries a failing webhook, and logs a lost message for the operator without the visitor\'s details', async () => {
    receiver.plan = [{ status: 500 }, { status: 200 }]
    const retried = appWith()
    await send(retried.app, message)
    expect(await retried.deliveries[0]).toMatchObject({ ok: true, attempts: 2 })

    receiver.reset()
    receiver.plan = [{ status: 500 }, { status: 500 }, { status: 500 }]
    const failing = appWith()
    expect((await send(failing.app, message)).status).toBe(202)
    expect(await failing.deliveries[0]).toMatchObject({ ok: false, attempts: 3 })
    expect(failing.logs).toHaveLength(1)
    expect(failing.logs[0]).toMatch(/^huike: message webhook to 127\.0\.0\.1:\d+ failed after 3 attempt\(s\)/)
    for (const raw of ['1234 5678', 'zhang.san', 'zhangsan_88', 'token=abc']) expect(failing.logs[0]).not.toContain(raw)
  })

  it('is rate-limited per client like the other visitor routes', async () => {
    const { app, deliveries } = appWith({ limit: { perMinute: 2, clientKey: () => 'one-client', now: () => 0 } })
    expect((await send(app, message)).status).toBe(202)
    expect((await send(app, message)).status).toBe(202)
    const third = await send(app, message)
    expect(third.status).toBe(429)
    expect(third.headers.get('retry-after')).toBe('30')
    expect(await Promise.all(deliveries)).toHaveLength(2)
  })
})
