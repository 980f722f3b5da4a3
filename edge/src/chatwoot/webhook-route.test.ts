// The API inbox's webhook: what a shop's agent does in Chatwoot, as it reaches the visitor (through
// the callbacks), and what a forged or broken delivery gets. Payloads follow Chatwoot's
// webhook_data; signatures its X-Chatwoot-Signature scheme.
import { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Agent } from '../../../shared/live.ts'
import { renderError } from '../errors.ts'
import { signBody } from '../notify/webhook.ts'
import { createChatwootBridge, type ChatwootBridge } from './bridge.ts'
import { messageCreatedPayload, sampleDetail, startChatwootStub, statusChangedPayload, type ChatwootStub, type PayloadMessage } from './chatwoot-stub.ts'
import { memoryChatwootLinks, type ChatwootRef } from './links.ts'
import { chatwootWebhookRoute, type ChatwootWebhookOptions } from './webhook-route.ts'

const SECRET = 'inbox-webhook-secret'
const NOW_MS = 1_764_930_000_000
const NOW_S = String(NOW_MS / 1000)

let stub: ChatwootStub
let bridge: ChatwootBridge
let ref: ChatwootRef
let received: { ref: ChatwootRef; text: string; agent: Agent }[]
let resolved: ChatwootRef[]
let logs: string[]

function edge(overrides: Partial<ChatwootWebhookOptions> = {}): Hono {
  const app = new Hono()
  app.onError(renderError) // as the edge app does
  app.route(
    '/v1/channels/chatwoot',
    chatwootWebhookRoute({
      links: bridge.links,
      secret: SECRET,
      now: () => NOW_MS,
      log: (m) => logs.push(m),
      onAgentMessage: (r, m) => void received.push({ ref: r, ...m }),
      onResolved: (r) => void resolved.push(r),
      ...overrides,
    }),
  )
  return app
}

async function deliver(app: Hono, payload: unknown, options: { path?: string; secret?: string | null; timestamp?: string } = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload)
  const timestamp = options.timestamp ?? NOW_S
  const secret = options.secret === undefined ? SECRET : options.secret
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (secret !== null) Object.assign(headers, { 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-signature': await signBody(secret, timestamp, body), 'x-chatwoot-delivery': crypto.randomUUID() })
  return app.request(options.path ?? '/v1/channels/chatwoot', { method: 'POST', body, headers })
}

const ours = () => ({ id: ref.chatwootConversationId, contact_source_id: ref.contactIdentifier })
const agentReply = (content: string, extra: Partial<PayloadMessage> = {}) => messageCreatedPayload(ours(), { content, message_type: 'outgoing', ...extra })

beforeEach(async () => {
  stub = await startChatwootStub()
  bridge = createChatwootBridge({ baseUrl: stub.url, inboxIdentifier: stub.inboxIdentifier })
  ref = await bridge.handoff(sampleDetail())
  received = []
  resolved = []
  logs = []
})
afterEach(() => stub.close())

describe('agent replies', () => {
  it('reach the visitor\'s conversation with the agent\'s name', async () => {
    const res = await deliver(edge(), agentReply('您好，X5 支持视频通话，需要我帮您下单吗？'))
    expect(res.status).toBe(200)
    expect(received).toEqual([{ ref, text: '您好，X5 支持视频通话，需要我帮您下单吗？', agent: { id: 'chatwoot:42', name: '小王' } }])
  })

  it('ignores the inbox\'s echo of visitor messages, private notes and bots', async () => {
    const app = edge()
    const ignored = [
      messageCreatedPayload(ours(), { content: '我的手机号是 [电话]，请人工联系我', message_type: 'incoming', sender: { id: 3, name: 'Visitor', type: 'contact' } }),
      agentReply('客户很急，优先处理', { private: true }),
      agentReply('Bot: 我们将尽快回复', { sender: { id: 5, name: 'Helper bot', type: 'agent_bot' } }),
      agentReply('Captain 自动回复', { sender: { id: 6, name: 'Captain', type: 'captain_assistant' } }),
      agentReply('自动化消息', { sender: null }),
      messageCreatedPayload(ours(), { content: 'Conversation was assigned to 小王', message_type: 'activity', sender: null }),
      { event: 'conversation_created', id: ref.chatwootConversationId },
    ]
    for (const payload of ignored) {
      const res = await deliver(app, payload)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ handled: 'ignored' })
    }
    expect(received).toEqual([])
  })

  it('ignores conversations that were not handed over by huike', async () => {
    const res = await deliver(edge(), messageCreatedPayload({ id: 999, contact_source_id: 'someone-else' }, { content: 'Hi', message_type: 'outgoing' }))
    expect(await res.json()).toMatchObject({ handled: 'ignored', reason: 'not a huike conversation' })
    expect(received).toEqual([])
  })

  it('are passed on once when Chatwoot delivers the same message again', async () => {
    const app = edge()
    await deliver(app, agentReply('马上为您处理', { id: 77 }))
    await deliver(app, agentReply('马上为您处理', { id: 77 }))
    expect(received.map((r) => r.text)).toEqual(['马上为您处理'])
  })

  it('arrive in pieces the widget accepts when an agent writes a very long reply', async () => {
    const long = `${'说明'.repeat(900)}\n${'细节'.repeat(900)}`
    await deliver(edge(), agentReply(long))
    expect(received.map((r) => r.text)).toEqual(['说明'.repeat(900), '细节'.repeat(900)])
  })

  it('still find the conversation after the link store forgot it (restart), from what the bridge set on it', async () => {
    const app = edge({ links: memoryChatwootLinks() })
    const payload = messageCreatedPayload(
      { id: ref.chatwootConversationId, contact_source_id: ref.contactIdentifier, custom_attributes: stub.conversations[0]!.custom_attributes },
      { content: '您好', message_type: 'outgoing' },
    )
    await deliver(app, payload)
    expect(received).toEqual([expect.objectContaining({ ref, text: '您好' })])
  })

  it('answer 500 when the reply cannot be delivered, so Chatwoot marks the agent\'s message failed', async () => {
    const app = edge({ onAgentMessage: () => Promise.reject(new Error('conversation is closed')) })
    const res = await deliver(app, agentReply('您好'))
    expect(res.status).toBe(500)
    expect(logs).toEqual([expect.stringContaining('conversation is closed')])
  })
})

describe('resolution', () => {
  it('calls onResolved when an agent resolves the conversation, and nothing for other status changes', async () => {
    const app = edge()
    await deliver(app, statusChangedPayload({ ...ours(), status: 'pending' }))
    const res = await deliver(app, statusChangedPayload({ ...ours(), status: 'resolved' }))
    expect(await res.json()).toMatchObject({ handled: 'resolved' })
    expect(resolved).toEqual([ref])
  })
})

describe('verification', () => {
  it('rejects a wrong signature with 403 and passes nothing on', async () => {
    const res = await deliver(edge(), agentReply('伪造的客服消息'), { secret: 'guessed' })
    expect(res.status).toBe(403)
    expect(await res.json()).toEqual({ error: { code: 'forbidden', message: 'Bad webhook signature' } })
    expect(received).toEqual([])
  })

  it('rejects an unsigned delivery with 401', async () => {
    const res = await deliver(edge(), agentReply('伪造的客服消息'), { secret: null })
    expect(res.status).toBe(401)
    expect(received).toEqual([])
  })

  it('rejects a replayed delivery whose signed timestamp is old', async () => {
    const res = await deliver(edge(), agentReply('旧消息'), { timestamp: String(NOW_MS / 1000 - 3600) })
    expect(res.status).toBe(403)
    expect(received).toEqual([])
  })

  it('accepts a token in the webhook URL instead, for Chatwoot versions that do not sign', async () => {
    const app = edge({ secret: undefined, pathToken: 'url-token-123' })
    expect((await deliver(app, agentReply('你好'), { secret: null })).status).toBe(401)
    expect((await deliver(app, agentReply('你好'), { secret: null, path: '/v1/channels/chatwoot/wrong' })).status).toBe(403)
    expect((await deliver(app, agentReply('你好'), { secret: null, path: '/v1/channels/chatwoot/url-token-123' })).status).toBe(200)
    expect(received.map((r) => r.text)).toEqual(['你好'])
  })

  it('refuses to be built without a way to verify deliveries', () => {
    expect(() => chatwootWebhookRoute({ links: memoryChatwootLinks(), onAgentMessage: () => {} })).toThrow(/secret or a URL token/)
  })
})

describe('bad input', () => {
  it('answers 400 with a reason for a body that is not JSON', async () => {
    const res = await deliver(edge(), '{"event": "message_created", ')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error: { code: 'bad_json', message: 'The request body is not valid JSON' } })
  })

  it('answers 400 naming the field for JSON that is not Chatwoot\'s shape', async () => {
    const res = await deliver(edge(), { event: 'message_created', content: 'hi', message_type: 'outgoing' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('invalid_request')
    expect(body.error.message).toMatch(/^message_created: .*conversation/)
  })
})
