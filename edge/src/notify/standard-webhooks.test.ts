// A receiver of the edge's real webhook deliveries, verified the way a shop would: with the
// `standardwebhooks` package (the Standard Webhooks reference library), not with our own code.
import { createHmac, randomBytes } from 'node:crypto'
import { Webhook } from 'standardwebhooks'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../../shared/config.ts'
import { askChat, demoConfig, testApp } from '../testing.ts'
import { deliverMessage, type MessagePayload } from './message.ts'
import type { NoticePayload } from './notice.ts'
import { standardKey, webhookSecrets } from './signatures.ts'
import { postWebhook, type DeliveryResult } from './webhook.ts'
import { Receiver, type Received } from './webhook-testing.ts'

const whsec = () => `whsec_${randomBytes(32).toString('base64')}`
const NEW = whsec()
const OLD = whsec()

const receiver = new Receiver()
beforeAll(() => receiver.start())
afterAll(() => receiver.stop())
afterEach(() => receiver.reset())

const configWith = (url: string): SiteConfig => ({ ...demoConfig, handoff: { ...demoConfig.handoff, webhook: url } })
const headersOf = (hit: Received) => hit.headers as Record<string, string>

/** What a receiver does: verify the raw body with its own secret; the parsed payload, or the error. */
function verify(secret: string, hit: Received, options?: { format: 'raw' }): unknown {
  return new Webhook(secret, options).verify(hit.body, headersOf(hit))
}

async function handoffDelivery(secret: string): Promise<Received> {
  const deliveries: Promise<DeliveryResult | undefined>[] = []
  const app = testApp({ config: configWith(receiver.url), webhook: { secret }, onNotice: (d) => deliveries.push(d) })
  await askChat(app, '转人工')
  expect(await deliveries[0]).toMatchObject({ ok: true })
  return receiver.received[0]!
}

describe('Standard Webhooks on a real delivery', () => {
  it('verifies a handoff with the standardwebhooks package, webhook-id being the delivery id', async () => {
    const hit = await handoffDelivery(NEW)
    const payload = verify(NEW, hit) as NoticePayload
    expect(payload).toMatchObject({ type: 'handoff', visitorId: 'v_test' })
    expect(hit.headers['webhook-id']).toBe(payload.id)
    expect(hit.headers['x-huike-delivery']).toBe(payload.id)
    expect(hit.headers['webhook-timestamp']).toBe(hit.headers['x-huike-timestamp'])
    expect(hit.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]{43}=$/)
    // huike's own signature is still there, keyed by the secret's text as written.
    expect(hit.headers['x-huike-signature']).toBe('sha256=' + createHmac('sha256', NEW).update(`${hit.headers['x-huike-timestamp']}.${hit.body}`).digest('hex'))
  })

  it('refuses another secret, a changed body and a changed id', async () => {
    const hit = await handoffDelivery(NEW)
    expect(() => verify(OLD, hit)).toThrow(/No matching signature/)
    expect(() => verify(NEW, { ...hit, body: hit.body.replace('handoff', 'ticket') })).toThrow(/No matching signature/)
    expect(() => verify(NEW, { ...hit, headers: { ...hit.headers, 'webhook-id': 'other' } })).toThrow(/No matching signature/)
  })

  it('rotates: with "new old" both secrets verify, and X-Huike-Signature uses the first', async () => {
    for (const value of [`${NEW} ${OLD}`, `${NEW},${OLD}`, ` ${NEW} ,\n${OLD} `]) {
      receiver.reset()
      const hit = await handoffDelivery(value)
      expect(String(hit.headers['webhook-signature']).split(' ')).toHaveLength(2)
      expect(verify(NEW, hit)).toMatchObject({ type: 'handoff' })
      expect(verify(OLD, hit)).toMatchObject({ type: 'handoff' })
      expect(() => verify(whsec(), hit)).toThrow(/No matching signature/)
      expect(hit.headers['x-huike-signature']).toBe('sha256=' + createHmac('sha256', NEW).update(`${hit.headers['x-huike-timestamp']}.${hit.body}`).digest('hex'))
    }
  })

  it('keys a plain (not whsec_) secret by its UTF-8 bytes: receivers pass it with format "raw"', async () => {
    const hit = await handoffDelivery('plain-old-secret')
    expect(verify('plain-old-secret', hit, { format: 'raw' })).toMatchObject({ type: 'handoff' })
    // The same key as base64, the form a receiver might store instead.
    expect(verify(`whsec_${Buffer.from('plain-old-secret').toString('base64')}`, hit)).toMatchObject({ type: 'handoff' })
  })

  it('signs a left message the same way', async () => {
    const result = await deliverMessage({
      message: { visitorId: 'v1', sessionId: 's1', name: '张三', phone: '13812345678', text: '请回电', lang: 'zh-CN', consent: true },
      url: receiver.url,
      config: demoConfig,
      settings: { secret: `${NEW} ${OLD}`, backoffMs: 1 },
    })
    expect(result).toMatchObject({ ok: true })
    const hit = receiver.received[0]!
    const payload = verify(OLD, hit) as MessagePayload
    expect(payload).toMatchObject({ type: 'message', contact: { name: '张三' } })
    expect(hit.headers['webhook-id']).toBe(payload.id)
  })

  it('sends the same id, timestamp and signatures on every retry', async () => {
    receiver.plan = [{ status: 503 }, { status: 200 }]
    expect(await postWebhook(receiver.url, '{"a":"中文"}', { secret: NEW, backoffMs: 1 }, { id: 'msg_1', event: 'handoff' })).toMatchObject({ ok: true, attempts: 2 })
    const [first, second] = receiver.received
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature', 'x-huike-signature']) expect(second!.headers[name]).toBe(first!.headers[name])
    expect(first!.headers['webhook-id']).toBe('msg_1')
    expect(verify(NEW, second!)).toEqual({ a: '中文' })
  })

  it('sends webhook-id and webhook-timestamp but no signature when no secret is set', async () => {
    await postWebhook(receiver.url, '{}', {})
    const hit = receiver.received[0]!
    expect(hit.headers['webhook-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(hit.headers['webhook-timestamp']).toBeDefined()
    expect(hit.headers['webhook-signature']).toBeUndefined()
  })

  it('does not send with a malformed whsec_ secret, and says why', async () => {
    expect(await postWebhook(receiver.url, '{}', { secret: 'whsec_***' })).toEqual({ ok: false, attempts: 0, error: 'cannot sign: a whsec_ webhook secret must be base64 after the prefix' })
    expect(receiver.received).toHaveLength(0)
  })
})

describe('webhook secrets', () => {
  it('splits HUIKE_WEBHOOK_SECRET on spaces and commas', () => {
    expect(webhookSecrets(undefined)).toEqual([])
    expect(webhookSecrets(' ')).toEqual([])
    expect(webhookSecrets('a')).toEqual(['a'])
    expect(webhookSecrets('whsec_a= , whsec_b==\twhsec_c')).toEqual(['whsec_a=', 'whsec_b==', 'whsec_c'])
  })

  it('decodes whsec_ secrets and keeps others as UTF-8', () => {
    expect([...standardKey('whsec_AQID')]).toEqual([1, 2, 3])
    expect(new TextDecoder().decode(standardKey('密钥 key'))).toBe('密钥 key')
    expect(() => standardKey('whsec_')).toThrow(/must not be empty/)
  })
})
