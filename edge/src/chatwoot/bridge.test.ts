// The bridge against a local stand-in for Chatwoot's public Client API: what the shop's agents see
// arrive in their inbox, and what the caller gets when Chatwoot is not there.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createChatwootBridge, type ChatwootBridge } from './bridge.ts'
import { liveMessage as message, sampleDetail as detail, startChatwootStub, type ChatwootStub } from './chatwoot-stub.ts'
import { ChatwootError } from './client-api.ts'

let stub: ChatwootStub
let logs: string[]
let bridge: ChatwootBridge

beforeEach(async () => {
  stub = await startChatwootStub()
  logs = []
  bridge = createChatwootBridge({ baseUrl: `${stub.url}/`, inboxIdentifier: stub.inboxIdentifier, log: (m) => logs.push(m) })
})
afterEach(() => stub.close())

describe('handoff', () => {
  it('creates the contact and the conversation, then posts the context and the transcript in order', async () => {
    const ref = await bridge.handoff(detail())

    expect(stub.violations).toEqual([])
    expect(stub.contacts).toHaveLength(1)
    const contact = stub.contacts[0]!
    expect(contact.name).toBe('访客 abc123')
    expect(contact.custom_attributes).toMatchObject({ huike_visitor_id: 'v_abc123', huike_keyword: '儿童手表', huike_products: 'X5 儿童智能手表 (x5)' })
    expect(stub.conversations).toHaveLength(1)
    const conversation = stub.conversations[0]!
    expect(conversation.custom_attributes).toEqual({ huike_conversation_id: 'c_1', huike_visitor_id: 'v_abc123', huike_reason: 'asked' })
    expect(ref).toEqual({ conversationId: 'c_1', visitorId: 'v_abc123', contactIdentifier: contact.source_id, chatwootConversationId: conversation.id })

    const [note, ...transcript] = conversation.messages.map((m) => m.content)
    expect(note).toContain('原因: 访客要求人工')
    expect(note).toContain('搜索词: 儿童手表')
    expect(note).toContain('budget: 1000')
    // The masked text is posted as given; the assistant's line says who wrote it.
    expect(transcript).toEqual(['X5 能打电话吗？', '🤖 AI 助手: 支持视频通话。', '我的手机号是 [电话]，请人工联系我'])
    expect(stub.requests).toEqual([
      `POST /public/api/v1/inboxes/${stub.inboxIdentifier}/contacts`,
      `POST /public/api/v1/inboxes/${stub.inboxIdentifier}/contacts/${contact.source_id}/conversations`,
      ...Array(4).fill(`POST /public/api/v1/inboxes/${stub.inboxIdentifier}/contacts/${contact.source_id}/conversations/${conversation.id}/messages`),
    ])
  })

  it('writes the labels in English when the shop asks for it', async () => {
    bridge = createChatwootBridge({ baseUrl: stub.url, inboxIdentifier: stub.inboxIdentifier, lang: 'en' })
    await bridge.handoff(detail({ messages: [message('m1', 'agent', 'I will check', 2)].map((m) => ({ ...m, agent: { id: 'a1', name: 'Wang' } })) }))
    expect(stub.conversations[0]!.messages.map((m) => m.content)).toEqual([expect.stringContaining('Reason: asked for a person'), '👤 Agent Wang: I will check'])
  })

  it('reuses the visitor\'s contact for a later conversation, and hands one conversation over once', async () => {
    const first = await bridge.handoff(detail())
    const again = await Promise.all([bridge.handoff(detail()), bridge.handoff(detail())])
    const later = await bridge.handoff(detail({ id: 'c_2' }))

    expect(again).toEqual([first, first])
    expect(stub.contacts).toHaveLength(1)
    expect(stub.conversations).toHaveLength(2)
    expect(later.contactIdentifier).toBe(first.contactIdentifier)
    expect(later.chatwootConversationId).not.toBe(first.chatwootConversationId)
    expect(await bridge.refFor('c_2')).toEqual(later)
  })

  it('makes a new contact when Chatwoot no longer knows the stored one', async () => {
    await bridge.handoff(detail())
    stub.contacts.length = 0 // an agent deleted the contact in Chatwoot
    const ref = await bridge.handoff(detail({ id: 'c_2' }))
    expect(stub.contacts).toHaveLength(1)
    expect(ref.contactIdentifier).toBe(stub.contacts[0]!.source_id)
    expect(stub.conversations.at(-1)!.messages).toHaveLength(4)
  })
})

describe('visitor messages', () => {
  it('are posted to the same Chatwoot conversation, in the order given', async () => {
    const ref = await bridge.handoff(detail())
    await Promise.all([bridge.visitorMessage(ref, message('m4', 'user', '在吗？')), bridge.visitorMessage(ref, message('m5', 'user', '我等着'))])

    expect(stub.conversations).toHaveLength(1)
    expect(stub.conversations[0]!.messages.slice(-2)).toEqual([
      expect.objectContaining({ content: '在吗？', echo_id: 'm4' }),
      expect.objectContaining({ content: '我等着', echo_id: 'm5' }),
    ])
    expect(stub.violations).toEqual([])
  })
})

describe('when Chatwoot fails', () => {
  it('rejects a handoff with a clear message and logs it when Chatwoot answers 500', async () => {
    stub.failWith = 500
    const failed = bridge.handoff(detail())
    await expect(failed).rejects.toBeInstanceOf(ChatwootError)
    await expect(failed).rejects.toThrow('Chatwoot handoff of conversation c_1 failed: Chatwoot answered HTTP 500 to POST …/inboxes/:inbox/contacts')
    expect(logs).toEqual([expect.stringContaining('HTTP 500')])
    // The inbox identifier lets anyone write into the inbox: it stays out of logs.
    expect(logs.join('')).not.toContain(stub.inboxIdentifier)
    expect(await bridge.refFor('c_1')).toBeUndefined()
  })

  it('rejects a visitor message when Chatwoot answers 500, and later messages still go through', async () => {
    const ref = await bridge.handoff(detail())
    stub.failWith = 500
    await expect(bridge.visitorMessage(ref, message('m4', 'user', '在吗？'))).rejects.toThrow(/message of conversation c_1 failed: Chatwoot answered HTTP 500/)
    stub.failWith = undefined
    await bridge.visitorMessage(ref, message('m5', 'user', '还在吗？'))
    expect(stub.conversations[0]!.messages.at(-1)!.content).toBe('还在吗？')
  })

  it('rejects when Chatwoot cannot be reached at all', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise<void>((resolve) => closed.close(() => resolve()))
    bridge = createChatwootBridge({ baseUrl: `http://127.0.0.1:${port}`, inboxIdentifier: 'x', log: (m) => logs.push(m) })
    await expect(bridge.handoff(detail())).rejects.toThrow(/Chatwoot is unreachable/)
    expect(logs).toHaveLength(1)
  })

  it('says so when the inbox identifier is wrong', async () => {
    bridge = createChatwootBridge({ baseUrl: stub.url, inboxIdentifier: 'not-the-inbox', log: () => {} })
    await expect(bridge.handoff(detail())).rejects.toThrow(/HTTP 404 .*HUIKE_CHATWOOT_INBOX/)
  })
})
