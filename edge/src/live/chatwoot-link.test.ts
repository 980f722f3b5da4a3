// Live handoff through Chatwoot alone (no HUIKE_AGENT_TOKEN), against the local Chatwoot stand-in:
// what the shop's agents see arrive in their inbox, and what the visitor sees in the widget when
// they answer, resolve, or when Chatwoot is not there.
import type { Hono } from 'hono'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AgentLiveEvent } from '../../../shared/live.ts'
import { createChatwootBridge } from '../chatwoot/index.ts'
import { messageCreatedPayload, startChatwootStub, statusChangedPayload, type ChatwootStub, type StubConversation } from '../chatwoot/chatwoot-stub.ts'
import { signBody } from '../notify/webhook.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore } from '../store/sql-store.ts'
import { chatBody, postJson, readEvents, testApp } from '../testing.ts'
import { linkChatwoot, type ChatwootLink } from './chatwoot-link.ts'
import { LiveDesk } from './desk.ts'
import { MemoryHub } from './hub.ts'
import { SqlConversationStore } from './sql-conversations.ts'
import { alwaysOpen, liveReader, openLive, registerVisitor } from './testing.ts'

const SECRET = 'inbox-webhook-secret'
const VISITOR = 'v_cw1'
const WAIT_MS = 180_000

let stub: ChatwootStub
let link: ChatwootLink
let app: Hono
let desk: LiveDesk
let hub: MemoryHub
let clock: { now: () => number; advance: (ms: number) => void }
let logs: string[]

beforeEach(async () => {
  stub = await startChatwootStub()
  logs = []
  const driver = libsqlDriver(await openLibsqlClient(MEMORY))
  const store = new SqlEventStore(driver)
  let t = Date.UTC(2026, 0, 5, 4, 0, 0)
  clock = { now: () => t, advance: (ms) => void (t += ms) }
  hub = new MemoryHub({ heartbeatMs: 60_000 })
  desk = new LiveDesk({ conversations: new SqlConversationStore(driver), hub, events: store, waitMs: WAIT_MS, now: clock.now, log: () => {} })
  const bridge = createChatwootBridge({ baseUrl: stub.url, inboxIdentifier: stub.inboxIdentifier, log: (m) => logs.push(m) })
  link = await linkChatwoot({ desk, bridge, secret: SECRET, log: (m) => logs.push(m) })
  app = testApp({ store, live: desk, config: alwaysOpen, chatwootWebhook: link.webhook })
})
afterEach(async () => {
  link.stop()
  await stub.close()
})

/** Resolves with the first agent-side event `match` accepts from now on. */
function nextDeskEvent(match: (e: AgentLiveEvent) => boolean): Promise<AgentLiveEvent> {
  return new Promise((resolve) => {
    const subscribed = hub.subscribeAgents(undefined, ({ event }) => {
      if (!match(event)) return
      resolve(event)
      void subscribed.then((s) => s.close())
    })
  })
}

/** The visitor asks for a person on /v1/chat; resolves once Chatwoot has been told everything, assistant's answer included. */
async function askForPerson(text = '转人工'): Promise<{ auth: { authorization: string }; conversationId: string }> {
  const auth = await registerVisitor(app, VISITOR)
  const answered = nextDeskEvent((e) => e.event === 'message' && e.data.role === 'assistant')
  await readEvents(await postJson(app, '/v1/chat', chatBody(text, { visitorId: VISITOR })))
  await answered
  await link.idle()
  const open = await desk.openFor(VISITOR)
  return { auth, conversationId: open!.id }
}

const chatwootConversation = (): StubConversation => stub.conversations[0]!
const contents = () => chatwootConversation().messages.map((m) => m.content)
const ours = () => ({ id: chatwootConversation().id, contact_source_id: chatwootConversation().contactIdentifier })

async function deliver(payload: unknown, secret = SECRET): Promise<Response> {
  const body = JSON.stringify(payload)
  const timestamp = String(Math.floor(Date.now() / 1000))
  const headers = { 'content-type': 'application/json', 'x-chatwoot-timestamp': timestamp, 'x-chatwoot-signature': await signBody(secret, timestamp, body) }
  return app.request('/v1/channels/chatwoot', { method: 'POST', body, headers })
}

const agentReply = (content: string, id: number, sender = { id: 42, name: '小王', type: 'user' as const }) =>
  messageCreatedPayload(ours(), { id, content, message_type: 'outgoing', sender })

describe('a handoff with Chatwoot as the live channel', () => {
  it('reaches the inbox: the visitor as a contact, a conversation with the context, the transcript and the assistant\'s answer', async () => {
    const { conversationId } = await askForPerson()

    expect(stub.violations).toEqual([])
    expect(stub.contacts).toHaveLength(1)
    expect(stub.contacts[0]!.custom_attributes).toMatchObject({ huike_visitor_id: VISITOR })
    expect(stub.conversations).toHaveLength(1)
    expect(chatwootConversation().custom_attributes).toMatchObject({ huike_conversation_id: conversationId, huike_visitor_id: VISITOR, huike_reason: 'asked' })
    const [note, ...transcript] = contents()
    expect(note).toContain('原因: 访客要求人工')
    // Posted once each, whether the answer was stored before or after the handoff read the transcript.
    expect(transcript).toEqual(['转人工', expect.stringMatching(/^🤖 AI 助手: .+/)])
  })

  it('brings the agent\'s reply into the visitor\'s live stream with the agent\'s name', async () => {
    const { auth } = await askForPerson()
    const stream = liveReader(await openLive(app, VISITOR, auth))
    expect(await stream.next()).toMatchObject({ event: 'status', data: { status: 'waiting' } })

    const res = await deliver(agentReply('您好，我是小王，请问有什么可以帮您？', 501))
    expect(res.status).toBe(200)

    const seen = await stream.until((e) => e.event === 'message')
    expect(seen[0]).toMatchObject({ event: 'status', data: { status: 'active', agent: { name: '小王' } } })
    expect(seen.at(-1)!.data).toMatchObject({ role: 'agent', content: '您好，我是小王，请问有什么可以帮您？', agent: { name: '小王' } })
    await stream.close()
  })

  it('shows a second Chatwoot agent\'s reply in the same conversation under their own name', async () => {
    const { auth } = await askForPerson()
    await deliver(agentReply('您好', 501))
    const res = await deliver(agentReply('我是主管老李，接着为您处理', 502, { id: 7, name: '老李', type: 'user' }))
    expect(res.status).toBe(200)

    const stream = liveReader(await openLive(app, VISITOR, auth))
    const seen = await stream.until((e) => e.event === 'message' && e.data.content === '我是主管老李，接着为您处理')
    expect(seen.at(-1)!.data).toMatchObject({ agent: { name: '老李' } })
    await stream.close()
  })

  it('posts the visitor\'s next live message to the Chatwoot conversation', async () => {
    const { auth } = await askForPerson()
    await deliver(agentReply('您好，请讲', 501))

    const res = await postJson(app, '/v1/live/messages', JSON.stringify({ visitorId: VISITOR, text: '表带断了，电话 13812345678' }), auth)
    expect(res.status).toBe(201)
    await link.idle()

    // Masked as everywhere else; the agent's own reply is not echoed back into Chatwoot.
    expect(contents().at(-1)).toBe('表带断了，电话 138****5678')
    expect(contents().filter((c) => c.includes('您好，请讲'))).toEqual([])
    expect(stub.violations).toEqual([])
  })

  it('closes the visitor\'s conversation when the agent resolves it in Chatwoot', async () => {
    const { auth } = await askForPerson()
    await deliver(agentReply('已为您登记换货', 501))
    const stream = liveReader(await openLive(app, VISITOR, auth))
    const posted = contents().length

    const res = await deliver(statusChangedPayload({ ...ours(), status: 'resolved' }))
    expect(res.status).toBe(200)

    const seen = await stream.until((e) => e.event === 'status' && e.data.status === 'closed')
    expect(seen.at(-1)!.data).toMatchObject({ outcome: 'closed' })
    expect(await stream.next()).toBeUndefined() // the stream ends with the conversation
    await link.idle()
    // Nothing posted after resolving: an incoming message would reopen the Chatwoot conversation.
    expect(contents()).toHaveLength(posted)
  })

  it('tells the Chatwoot agent when the visitor went back to the assistant, and refuses a reply they can no longer get', async () => {
    const { auth } = await askForPerson()
    expect((await postJson(app, '/v1/live/leave', JSON.stringify({ visitorId: VISITOR }), auth)).status).toBe(200)
    await link.idle()
    expect(contents().at(-1)).toMatch(/^🤖 AI 助手: 访客已回到 AI 助手，此对话已结束/)

    // 500: Chatwoot marks the agent's message as failed, so they know it did not arrive.
    const res = await deliver(agentReply('还在吗？', 501))
    expect(res.status).toBe(500)
    const conversation = await desk.conversations.latestFor(VISITOR)
    expect(conversation).toMatchObject({ status: 'closed', outcome: 'released' })
  })

  it('refuses a webhook delivery it cannot verify', async () => {
    await askForPerson()
    const res = await deliver(agentReply('伪造的客服消息', 501), 'guessed-secret')
    expect(res.status).toBe(403)
    expect((await desk.openFor(VISITOR))?.status).toBe('waiting')
  })
})

describe('when Chatwoot is down at the handoff', () => {
  it('keeps the conversation in the built-in queue, logs why, and the wait ends as unanswered (the message form)', async () => {
    stub.failWith = 500
    const { auth } = await askForPerson()

    expect(logs).toEqual([expect.stringMatching(/Chatwoot handoff of conversation .+ failed: Chatwoot answered HTTP 500/)])
    expect(stub.conversations).toEqual([])
    const stream = liveReader(await openLive(app, VISITOR, auth))
    expect(await stream.next()).toMatchObject({ event: 'status', data: { status: 'waiting', waitMs: WAIT_MS } })

    clock.advance(WAIT_MS + 1)
    await desk.expireOverdue()
    expect(await stream.until((e) => e.event === 'status')).toEqual([expect.objectContaining({ data: expect.objectContaining({ status: 'closed', outcome: 'unanswered' }) })])
    await stream.close()
  })
})

describe('without Chatwoot', () => {
  it('has no webhook route', async () => {
    const res = await testApp().request('/v1/channels/chatwoot', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(404)
  })
})
