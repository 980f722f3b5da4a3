import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../../shared/protocol.ts'
import { answerText, askChat, eventData, testApp } from '../testing.ts'
import { agentAuth, agentPost, askForPerson, liveReader, liveTestApp } from './testing.ts'

async function detail(app: Awaited<ReturnType<typeof liveTestApp>>['app'], id: string) {
  return (await (await app.request(`/v1/agent/conversations/${id}`, { headers: agentAuth })).json()) as {
    status: string
    messages: { role: string; content: string }[]
    visitor: Record<string, unknown>
  }
}

describe('/v1/chat with live handoff on', () => {
  it('puts the visitor in the queue with the chat so far and what is known of them', async () => {
    const { app } = await liveTestApp()
    const history: ChatMessage[] = [
      { role: 'user', content: 'X5 儿童手表多少钱？' },
      { role: 'assistant', content: 'X5 儿童智能手表 ¥899。' },
      { role: 'user', content: '转人工' },
    ]
    const events = await askChat(app, history, {
      visitorId: 'v1',
      page: { url: 'https://shop.example/landing?utm_term=儿童手表', productId: 'x5' },
      profile: { landing: { keyword: '儿童手表', at: Date.now() }, source: 'baidu' },
    })
    const card = eventData(events, 'card').find((c) => c.type === 'handoff')
    expect(card).toMatchObject({ type: 'handoff', live: { waitMs: 180_000 } })
    const { conversations } = (await (await app.request('/v1/agent/conversations', { headers: agentAuth })).json()) as { conversations: { id: string; reason: string }[] }
    expect(conversations).toHaveLength(1)
    expect(conversations[0]!.reason).toBe('asked')
    const conversation = await detail(app, conversations[0]!.id)
    expect(conversation.messages.map((m) => m.content)).toEqual([...history.map((m) => m.content), answerText(events)])
    expect(conversation.visitor).toMatchObject({ keyword: '儿童手表', source: 'baidu', products: [{ id: 'x5', name: expect.stringContaining('X5') }], page: expect.stringContaining('shop.example') })
  })

  it('copies each turn into the waiting conversation, and the agents see it', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    const agents = liveReader(await app.request('/v1/agent/stream', { headers: agentAuth }))
    await agents.next() // the queue
    const events = await askChat(app, 'Z7 手机有紫色吗？', { visitorId: 'v1' })
    expect(answerText(events)).toMatch(/紫色/) // the assistant still answers while the visitor waits
    const seen = await agents.until((e) => e.event === 'message' && e.data.role === 'assistant')
    expect(seen.map((e) => e.data.content)).toEqual(['Z7 手机有紫色吗？', answerText(events)])
    expect((await detail(app, id)).messages.at(-2)).toMatchObject({ role: 'user', content: 'Z7 手机有紫色吗？' })
    await agents.close()
  })

  it('keeps the assistant silent while a person holds the conversation; the person sees the visitor', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    await agentPost(app, `${id}/take`, { agent: { id: 'a1', name: '小王' } })
    const agents = liveReader(await app.request('/v1/agent/stream', { headers: agentAuth }))
    await agents.next() // the queue
    const events = await askChat(app, 'X5 儿童手表多少钱？', { visitorId: 'v1' })
    expect(events.map((e) => e.event)).toEqual(['meta', 'done'])
    expect(eventData(events, 'meta')[0]).toMatchObject({ topic: 'live:agent' })
    expect(answerText(events)).toBe('')
    const [message] = await agents.until((e) => e.event === 'message')
    expect(message!.data).toMatchObject({ conversationId: id, role: 'user', content: 'X5 儿童手表多少钱？' })
    await agents.close()
  })

  it('answers normally again once the person releases the conversation', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    await agentPost(app, `${id}/messages`, { text: '您好' })
    await agentPost(app, `${id}/release`)
    const events = await askChat(app, 'X5 儿童手表多少钱？', { visitorId: 'v1' })
    expect(answerText(events)).toContain('¥899')
    expect((await detail(app, id)).status).toBe('closed')
  })

  it('records handoff_taken, agent_message and handoff_released for the report, with the channel', async () => {
    const { app, store, clock } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    clock.advance(30_000)
    await agentPost(app, `${id}/messages`, { text: '您好' })
    clock.advance(5_000)
    await agentPost(app, `${id}/messages`, { text: '请问有什么可以帮您？' })
    await agentPost(app, `${id}/release`)
    const events = await store.events({ types: ['handoff_taken', 'agent_message', 'handoff_released'] })
    // Taking and the first answer happen at the same moment: their order in the store is not the point.
    expect(events).toHaveLength(4)
    expect(events.map((e) => [e.type, e.visitorId, e.props])).toEqual(expect.arrayContaining([
      ['handoff_taken', 'v1', { conversationId: id, waitMs: 30_000, channel: 'web' }],
      ['agent_message', 'v1', { conversationId: id, responseMs: 30_000, channel: 'web' }],
      ['agent_message', 'v1', { conversationId: id, channel: 'web' }],
      ['handoff_released', 'v1', { conversationId: id, by: 'agent', channel: 'web' }],
    ]))
  })

  it("still answers when the live channel's database fails", async () => {
    const { app, store } = await liveTestApp()
    await store.close() // the same connection holds the conversations
    const events = await askChat(app, 'X5 儿童手表多少钱？', { visitorId: 'v1' })
    expect(answerText(events)).toContain('¥899')
    expect(events.at(-1)?.event).toBe('done')
  })

  it('opens nothing without a live channel', async () => {
    const app = testApp()
    const events = await askChat(app, '转人工', { visitorId: 'v1' })
    expect(eventData(events, 'card').find((c) => c.type === 'handoff')).not.toHaveProperty('live')
  })
})
