import { describe, expect, it } from 'vitest'
import { MAX_MESSAGE_CHARS } from '../../../shared/limits.ts'
import { testApp } from '../testing.ts'
import { AGENT_TOKEN, agentAuth, agentPost, askForPerson, liveReader, liveTestApp } from './testing.ts'

const xiaowang = { id: 'a1', name: '小王' }
const xiaoli = { id: 'a2', name: '小李' }

describe('agent API', () => {
  it('needs the agent token: 401 without one, 403 with a wrong one', async () => {
    const { app } = await liveTestApp()
    const none = await app.request('/v1/agent/conversations')
    expect(none.status).toBe(401)
    expect(none.headers.get('www-authenticate')).toBe('Bearer')
    expect(await none.json()).toMatchObject({ error: { code: 'unauthorized' } })
    const wrong = await app.request('/v1/agent/conversations', { headers: { authorization: `Bearer ${AGENT_TOKEN}x` } })
    expect(wrong.status).toBe(403)
    expect(await wrong.json()).toMatchObject({ error: { code: 'forbidden' } })
    expect((await agentPost(app, 'c_1/take', {}, { authorization: 'Bearer nope' })).status).toBe(403)
    expect((await app.request('/v1/agent/stream')).status).toBe(401)
    expect((await app.request('/v1/agent/conversations', { headers: agentAuth })).status).toBe(200)
  })

  it('answers a clear 404 when live handoff is off (no HUIKE_AGENT_TOKEN)', async () => {
    for (const app of [testApp(), (await liveTestApp({ agentToken: null })).app]) {
      const res = await app.request('/v1/agent/conversations', { headers: agentAuth })
      expect(res.status).toBe(404)
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('HUIKE_AGENT_TOKEN')
    }
    expect((await testApp().request('/v1/live?visitorId=v1')).status).toBe(404)
  })

  it('lists the queue newest first, with what the visitor said and who they are', async () => {
    const { app, clock } = await liveTestApp()
    await askForPerson(app, 'v_old', '我要找人工客服')
    clock.advance(1000)
    const newer = await askForPerson(app, 'v_new', 'X5 儿童手表多少钱？转人工')
    const { conversations } = (await (await app.request('/v1/agent/conversations', { headers: agentAuth })).json()) as { conversations: { visitorId: string; status: string; reason: string }[] }
    expect(conversations.map((c) => c.visitorId)).toEqual(['v_new', 'v_old'])
    expect(conversations[0]).toMatchObject({ status: 'waiting', reason: 'asked' })

    const detail = (await (await app.request(`/v1/agent/conversations/${newer}`, { headers: agentAuth })).json()) as Record<string, unknown>
    expect(detail).toMatchObject({ id: newer, visitorId: 'v_new', status: 'waiting', visitor: { lang: 'zh-CN' } })
    expect(detail.messages).toEqual([
      expect.objectContaining({ role: 'user', content: 'X5 儿童手表多少钱？转人工' }),
      expect.objectContaining({ role: 'assistant', content: expect.stringContaining('人工客服') }),
    ])
    expect(await (await app.request('/v1/agent/conversations?status=active', { headers: agentAuth })).json()).toEqual({ conversations: [] })
    expect((await app.request('/v1/agent/conversations/c_nope', { headers: agentAuth })).status).toBe(404)
  })

  it('lets one person take a conversation; a second person gets 409', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    const taken = await agentPost(app, `${id}/take`, { agent: xiaowang })
    expect(taken.status).toBe(200)
    expect(await taken.json()).toMatchObject({ conversation: { id, status: 'active', agent: xiaowang } })
    expect((await agentPost(app, `${id}/take`, { agent: xiaowang })).status).toBe(200) // taking it again is harmless
    const second = await agentPost(app, `${id}/take`, { agent: xiaoli })
    expect(second.status).toBe(409)
    expect(await second.json()).toMatchObject({ error: { code: 'conflict', message: expect.stringContaining('小王') } })
    expect((await agentPost(app, `${id}/messages`, { text: '我来帮您', agent: xiaoli })).status).toBe(409)
  })

  it('takes a waiting conversation for whoever writes first, as the default person when none is named', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    const res = await agentPost(app, `${id}/messages`, { text: '您好，我是客服' })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ message: { role: 'agent', content: '您好，我是客服', agent: { id: 'agent', name: '人工客服' } } })
    const detail = (await (await app.request(`/v1/agent/conversations/${id}`, { headers: agentAuth })).json()) as Record<string, unknown>
    expect(detail).toMatchObject({ status: 'active', agent: { name: '人工客服' }, firstResponseAt: expect.any(Number), last: { content: '您好，我是客服' } })
  })

  it('refuses to write into a closed conversation (409) and to close it twice', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    const closed = await agentPost(app, `${id}/close`)
    expect(await closed.json()).toMatchObject({ conversation: { status: 'closed', outcome: 'closed' } })
    expect((await agentPost(app, `${id}/messages`, { text: '还在吗？' })).status).toBe(409)
    expect((await agentPost(app, `${id}/take`)).status).toBe(409)
    expect((await agentPost(app, `${id}/close`)).status).toBe(409)
    expect((await agentPost(app, 'c_unknown/messages', { text: 'hi' })).status).toBe(404)
  })

  it('refuses a message over the length limit or an empty one with a 400 naming the field', async () => {
    const { app } = await liveTestApp()
    const id = await askForPerson(app, 'v1')
    const long = await agentPost(app, `${id}/messages`, { text: '好'.repeat(MAX_MESSAGE_CHARS + 1) })
    expect(long.status).toBe(400)
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/^text: /)
    expect((await agentPost(app, `${id}/messages`, { text: '   ' })).status).toBe(400)
    const badName = await agentPost(app, `${id}/messages`, { text: 'hi', agent: { id: 'a', name: 'x'.repeat(41) } })
    expect(((await badName.json()) as { error: { message: string } }).error.message).toMatch(/^agent\.name: /)
    expect((await agentPost(app, `${id}/typing`, { typing: 'yes' })).status).toBe(400)
  })

  it('streams every conversation and message to the console, the open queue first', async () => {
    const { app } = await liveTestApp()
    const first = await askForPerson(app, 'v1')
    const res = await app.request('/v1/agent/stream', { headers: agentAuth })
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const stream = liveReader(res)
    expect(await stream.next()).toMatchObject({ event: 'conversation', data: { id: first, status: 'waiting' } })
    const second = await askForPerson(app, 'v2')
    const seen = await stream.until((e) => e.event === 'conversation' && e.data.id === second)
    expect(seen.at(-1)).toMatchObject({ data: { visitorId: 'v2', status: 'waiting' } })
    await agentPost(app, `${second}/messages`, { text: '在的', agent: xiaowang })
    const rest = await stream.until((e) => e.event === 'message' && e.data.role === 'agent')
    expect(rest.map((e) => e.event)).toContain('conversation') // taken: active
    expect(rest.at(-1)).toMatchObject({ data: { conversationId: second, content: '在的', agent: xiaowang } })
    await stream.close()
  })
})
