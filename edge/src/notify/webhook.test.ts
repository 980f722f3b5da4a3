import { createHmac } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../../shared/config.ts'
import { answerText, askChat, demoConfig, eventData, names, testApp } from '../testing.ts'
import type { DeliveryResult } from './webhook.ts'
import { postWebhook, signBody } from './webhook.ts'
import { deliverNotice, noticePayload, type NoticePayload } from './notice.ts'
import { Receiver } from './webhook-testing.ts'

const SECRET = 'test-secret'
const receiver = new Receiver()
beforeAll(() => receiver.start())
afterAll(() => receiver.stop())
afterEach(() => receiver.reset())

function configWith(url: string): SiteConfig {
  return { ...demoConfig, handoff: { ...demoConfig.handoff, webhook: url } }
}

function hmac(timestamp: string | string[] | undefined, body: string): string {
  return 'sha256=' + createHmac('sha256', SECRET).update(`${timestamp}.${body}`).digest('hex')
}

describe('webhook delivery of a handoff', () => {
  it('POSTs the masked transcript with an HMAC-SHA256 signature over the raw body', async () => {
    const deliveries: Promise<DeliveryResult | undefined>[] = []
    const logs: string[] = []
    const app = testApp({ config: configWith(receiver.url), webhook: { secret: SECRET }, onNotice: (d) => deliveries.push(d), log: (m) => logs.push(m) })
    const messages = [
      { role: 'user' as const, content: '我的电话 138 1234 5678，邮箱 zhang.san@example.com，身份证 11010519491231002X' },
      { role: 'assistant' as const, content: '好的，请问有什么可以帮您？' },
      { role: 'user' as const, content: '转人工，送货地址是北京市朝阳区建国路88号' },
    ]
    const events = await askChat(app, messages, { page: { url: 'https://shop.example/p/x5?phone=13812345678' } })
    expect(names(events).at(-1)).toBe('done')
    expect(await deliveries[0]).toMatchObject({ ok: true, attempts: 1, status: 200 })
    expect(logs).toEqual([])

    const [hit] = receiver.received
    expect(hit!.headers['content-type']).toBe('application/json')
    expect(hit!.headers['x-huike-signature']).toBe(hmac(hit!.headers['x-huike-timestamp'], hit!.body))
    expect(Number(hit!.headers['x-huike-timestamp'])).toBeGreaterThan(1_700_000_000)
    expect(hit!.headers['x-huike-event']).toBe('handoff')

    const payload = JSON.parse(hit!.body) as NoticePayload
    expect(hit!.headers['x-huike-delivery']).toBe(payload.id)
    expect(payload).toMatchObject({ type: 'handoff', topic: 'handoff:asked', visitorId: 'v_test', sessionId: 's_test', lang: 'zh-CN', site: '慧客商城', data: { reason: 'asked' } })
    expect(payload.transcript.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant'])
    expect(payload.transcript.at(-1)!.content).toBe(answerText(events))
    // No raw personal data anywhere in what left the edge.
    for (const raw of ['1234 5678', '13812345678', 'zhang.san', '19491231', '建国路88号']) expect(hit!.body).not.toContain(raw)
    expect(payload.transcript[0]!.content).toBe('我的电话 138****5678，邮箱 z***@example.com，身份证 110***********002X')
    expect(payload.transcript[2]!.content).toContain('建国路***')
    expect(payload.page.url).toContain('phone=138****5678')
  })

  it('is unsigned when no secret is set', async () => {
    const deliveries: Promise<DeliveryResult | undefined>[] = []
    const app = testApp({ config: configWith(receiver.url), onNotice: (d) => deliveries.push(d) })
    await askChat(app, '转人工')
    await deliveries[0]
    expect(receiver.received[0]!.headers['x-huike-signature']).toBeUndefined()
    expect(receiver.received[0]!.headers['x-huike-timestamp']).toBeDefined()
  })

  it('sends a ticket to the same webhook, the env URL overriding the config', async () => {
    const deliveries: Promise<DeliveryResult | undefined>[] = []
    const app = testApp({ config: configWith('https://unreachable.invalid/hook'), webhook: { url: receiver.url, secret: SECRET }, onNotice: (d) => deliveries.push(d) })
    const events = await askChat(app, '我买的X5手表屏幕坏了，订单号 202311150123，想退货')
    expect(eventData(events, 'card')[0]).toMatchObject({ type: 'ticket', kind: 'quality' })
    expect(await deliveries[0]).toMatchObject({ ok: true })
    const payload = JSON.parse(receiver.received[0]!.body) as NoticePayload
    expect(payload).toMatchObject({ type: 'ticket', topic: 'return:quality', data: { kind: 'quality', orderNumber: '202311150123', product: { id: 'x5' } } })
    expect(receiver.received[0]!.headers['x-huike-signature']).toBe(hmac(receiver.received[0]!.headers['x-huike-timestamp'], receiver.received[0]!.body))
  })

  it('sends nothing when no webhook is configured, and nothing for ordinary turns', async () => {
    const deliveries: Promise<DeliveryResult | undefined>[] = []
    const unconfigured = testApp({ onNotice: (d) => deliveries.push(d) })
    await askChat(unconfigured, '转人工')
    expect(await deliveries[0]).toBeUndefined()
    const configured = testApp({ config: configWith(receiver.url), onNotice: (d) => deliveries.push(d) })
    await askChat(configured, 'X5 儿童手表多少钱？')
    expect(deliveries).toHaveLength(1)
    expect(receiver.received).toHaveLength(0)
  })

  it('never makes the visitor wait for a slow webhook: the stream ends first', async () => {
    receiver.plan = [{ status: 200, delayMs: 1_500 }]
    const deliveries: Promise<DeliveryResult | undefined>[] = []
    const app = testApp({ config: configWith(receiver.url), onNotice: (d) => deliveries.push(d) })
    const events = await askChat(app, '转人工')
    expect(names(events).at(-1)).toBe('done')
    expect(receiver.responded).toBe(0) // the webhook has not even answered yet
    expect(await deliveries[0]).toMatchObject({ ok: true })
    expect(receiver.responded).toBe(1)
  })
})

describe('postWebhook', () => {
  it('retries after a 500 with backoff, then succeeds', async () => {
    receiver.plan = [{ status: 500 }, { status: 503 }, { status: 200 }]
    const result = await postWebhook(receiver.url, '{"a":1}', { secret: SECRET, backoffMs: 20 })
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 })
    expect(receiver.received).toHaveLength(3)
    // The same signature on every attempt; the backoff doubles.
    expect(new Set(receiver.received.map((r) => r.headers['x-huike-signature']))).toEqual(new Set([hmac(receiver.received[0]!.headers['x-huike-timestamp'], '{"a":1}')]))
    expect(receiver.received[2]!.at - receiver.received[1]!.at).toBeGreaterThanOrEqual(35)
  })

  it('gives up after the attempts, and does not retry a 4xx', async () => {
    receiver.plan = [{ status: 500 }, { status: 500 }, { status: 500 }]
    expect(await postWebhook(receiver.url, '{}', { backoffMs: 1 })).toEqual({ ok: false, attempts: 3, status: 500, error: 'HTTP 500' })
    receiver.reset()
    receiver.plan = [{ status: 400 }]
    expect(await postWebhook(receiver.url, '{}', { backoffMs: 1 })).toEqual({ ok: false, attempts: 1, status: 400, error: 'HTTP 400' })
  })

  it('times out a hanging receiver and tries again', async () => {
    receiver.plan = [{ status: 200, delayMs: 1_000 }, { status: 200 }]
    // Two attempts prove the first was cut off: waiting for it would have succeeded at once.
    const result = await postWebhook(receiver.url, '{}', { timeoutMs: 150, backoffMs: 1 })
    expect(result).toEqual({ ok: true, attempts: 2, status: 200 })
  })

  it('reports a timeout when every attempt hangs, and a refused connection', async () => {
    receiver.plan = [{ status: 200, delayMs: 800 }, { status: 200, delayMs: 800 }]
    expect(await postWebhook(receiver.url, '{}', { timeoutMs: 100, attempts: 2, backoffMs: 1 })).toEqual({ ok: false, attempts: 2, error: 'timed out after 100 ms' })
    const refused = await postWebhook('http://127.0.0.1:9/hook', '{}', { attempts: 2, backoffMs: 1, timeoutMs: 500 })
    expect(refused).toMatchObject({ ok: false, attempts: 2 })
  })

  it('signs the timestamp with the body, like any HMAC-SHA256 implementation', async () => {
    expect(await signBody(SECRET, '1700000000', '{"x":"中文"}')).toBe(hmac('1700000000', '{"x":"中文"}'))
    // A replay with a fresh timestamp does not verify.
    expect(await signBody(SECRET, '1700000000', '{}')).not.toBe(await signBody(SECRET, '1700009999', '{}'))
  })
})

describe('deliverNotice', () => {
  it('logs a failed delivery for the operator, naming only the host', async () => {
    receiver.plan = [{ status: 500 }, { status: 500 }, { status: 500 }]
    const logs: string[] = []
    const result = await deliverNotice({
      notice: { type: 'handoff', data: { reason: 'asked', note: '电话 13812345678' } },
      topic: 'handoff:asked',
      request: { visitorId: 'v1', sessionId: 's1', messages: [{ role: 'user', content: '转人工 13812345678' }], profile: {}, page: {}, lang: 'zh-CN' },
      reply: '好的',
      config: configWith(receiver.url),
      settings: { backoffMs: 1 },
      log: (m) => logs.push(m),
    })
    expect(result).toMatchObject({ ok: false, attempts: 3 })
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatch(/^huike: handoff webhook to 127\.0\.0\.1:\d+ failed after 3 attempt\(s\): HTTP 500/)
    expect(logs[0]).not.toContain('token=abc')
    expect(logs[0]).not.toContain('13812345678')
    expect(JSON.parse(receiver.received[0]!.body).data.note).toBe('电话 138****5678')
  })

  it('keeps the fields the edge made readable', () => {
    const payload = noticePayload({
      notice: { type: 'ticket', data: { id: 'T-20261123-ABCDEF', orderNumber: '13812345678', problem: '手机 13812345678 坏了' } },
      topic: 'return:quality',
      request: { visitorId: 'v1', sessionId: 's1', messages: [{ role: 'user', content: 'x' }], profile: {}, page: {}, lang: 'zh-CN' },
      reply: 'y',
      config: demoConfig,
    })
    expect(payload.data).toEqual({ id: 'T-20261123-ABCDEF', orderNumber: '13812345678', problem: '手机 138****5678 坏了' })
  })
})
