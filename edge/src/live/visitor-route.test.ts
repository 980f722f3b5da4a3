import { describe, expect, it } from 'vitest'
import { postJson } from '../testing.ts'
import { agentAuth, agentPost, askForPerson, liveReader, liveTestApp, openLive, registerVisitor } from './testing.ts'

const xiaowang = { id: 'a1', name: '小王' }

describe('GET /v1/live', () => {
  it("starts with the conversation's state, then shows the person's message as it is written", async () => {
    const { app, desk } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    const res = await openLive(app, 'v1', auth)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8')
    const stream = liveReader(res)
    expect(await stream.next()).toMatchObject({ event: 'status', data: { conversationId: id, status: 'waiting', waitMs: desk.waitMs } })

    await agentPost(app, `${id}/typing`, { agent: xiaowang, typing: true })
    expect(await stream.next()).toMatchObject({ event: 'typing', data: { conversationId: id, typing: true, agent: xiaowang } })
    await agentPost(app, `${id}/messages`, { text: '您好，我是小王', agent: xiaowang })
    const [joined, message] = await stream.until((e) => e.event === 'message')
    expect(joined).toMatchObject({ event: 'status', data: { status: 'active', agent: xiaowang } })
    expect(message).toMatchObject({ event: 'message', data: { conversationId: id, role: 'agent', content: '您好，我是小王', agent: xiaowang } })
    expect(Number(message!.id)).toBeGreaterThan(Number(joined!.id))

    await agentPost(app, `${id}/close`)
    expect(await stream.next()).toMatchObject({ event: 'status', data: { status: 'closed', outcome: 'closed' } })
    expect(await stream.next()).toBeUndefined() // the stream ends with the conversation
  })

  it('resumes with Last-Event-ID: only the events missed while away', async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    await agentPost(app, `${id}/messages`, { text: '第一条' })
    const first = liveReader(await openLive(app, 'v1', auth))
    const seen = await first.until((e) => e.event === 'message')
    await first.close() // the tab went away
    await agentPost(app, `${id}/messages`, { text: '第二条' })
    await agentPost(app, `${id}/messages`, { text: '第三条' })

    const again = liveReader(await openLive(app, 'v1', auth, seen.at(-1)!.id))
    const missed = await again.until((e) => e.data.content === '第三条')
    expect(missed.map((e) => e.data.content)).toEqual(['第二条', '第三条'])
    await again.close()

    // An id this edge does not know (from before a restart): the whole state again, the person's messages included.
    const unknown = liveReader(await openLive(app, 'v1', auth, '12'))
    const state = await unknown.until((e) => e.data.content === '第三条')
    expect(state.map((e) => e.event === 'status' ? e.data.status : e.data.content)).toEqual(['active', '第一条', '第二条', '第三条'])
    await unknown.close()
  })

  it('gives the whole state again when the missed events are no longer kept', async () => {
    const { app } = await liveTestApp({ hub: { capacity: 3 } })
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    const first = liveReader(await openLive(app, 'v1', auth))
    const [status] = await first.until((e) => e.event === 'status')
    await first.close()
    for (const text of ['一', '二', '三']) await agentPost(app, `${id}/messages`, { text })
    const again = liveReader(await openLive(app, 'v1', auth, status!.id))
    const state = await again.until((e) => e.data.content === '三')
    expect(state.map((e) => (e.event === 'status' ? e.data.status : e.data.content))).toEqual(['active', '一', '二', '三'])
    await again.close()
  })

  it('keeps an idle stream alive with comment lines', async () => {
    const { app } = await liveTestApp({ hub: { heartbeatMs: 5 } })
    const auth = await registerVisitor(app, 'v1')
    await askForPerson(app, 'v1')
    const reader = (await openLive(app, 'v1', auth)).body!.getReader()
    let text = ''
    while (!text.includes(': ping\n\n')) text += new TextDecoder().decode((await reader.read()).value)
    expect(text).toMatch(/^: live\n\n/)
    await reader.cancel()
  })

  it("refuses another visitor's token (403) and a missing one (401)", async () => {
    const { app } = await liveTestApp()
    await registerVisitor(app, 'v1')
    const other = await registerVisitor(app, 'v2')
    await askForPerson(app, 'v1')
    expect((await openLive(app, 'v1', other)).status).toBe(403)
    expect((await openLive(app, 'v1', {})).status).toBe(401)
    expect((await postJson(app, '/v1/live/messages', JSON.stringify({ visitorId: 'v1', text: 'hi' }), other)).status).toBe(403)
    expect((await postJson(app, '/v1/live/leave', JSON.stringify({ visitorId: 'v1' }))).status).toBe(401)
  })

  it('has nothing to stream for a visitor who never waited for a person (404), and ends at once after a close', async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    expect((await openLive(app, 'v1', auth)).status).toBe(404)
    const id = await askForPerson(app, 'v1')
    await agentPost(app, `${id}/release`)
    const stream = liveReader(await openLive(app, 'v1', auth))
    expect(await stream.next()).toMatchObject({ event: 'status', data: { conversationId: id, status: 'closed', outcome: 'released' } })
    expect(await stream.next()).toBeUndefined()
  })

  it('tells the waiting visitor honestly when nobody took the conversation in time', async () => {
    const { app, clock } = await liveTestApp({ waitMs: 60_000 })
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    const stream = liveReader(await openLive(app, 'v1', auth))
    expect(await stream.next()).toMatchObject({ data: { status: 'waiting', waitMs: 60_000 } })
    clock.advance(60_001)
    await app.request('/v1/agent/conversations', { headers: agentAuth }) // any read notices the wait is over
    expect(await stream.next()).toMatchObject({ event: 'status', data: { conversationId: id, status: 'closed', outcome: 'unanswered' } })
    expect(await stream.next()).toBeUndefined()
    expect((await agentPost(app, `${id}/take`)).status).toBe(409) // too late
  })
})

describe('POST /v1/live/messages and /v1/live/leave', () => {
  it("passes the visitor's words to the person, masked like the chat", async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    const agents = liveReader(await app.request('/v1/agent/stream', { headers: agentAuth }))
    const res = await postJson(app, '/v1/live/messages', JSON.stringify({ visitorId: 'v1', text: '我的手机号是13812345678' }), auth)
    expect(res.status).toBe(201)
    const [message] = (await agents.until((e) => e.event === 'message')).slice(-1)
    expect(message!.data).toMatchObject({ conversationId: id, role: 'user' })
    expect(message!.data.content).not.toContain('13812345678')
    await agents.close()
  })

  it('answers 409 when no conversation is open, and 400 for a message too long', async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    expect((await postJson(app, '/v1/live/messages', JSON.stringify({ visitorId: 'v1', text: 'hi' }), auth)).status).toBe(409)
    const long = await postJson(app, '/v1/live/messages', JSON.stringify({ visitorId: 'v1', text: 'x'.repeat(2001) }), auth)
    expect(long.status).toBe(400)
    expect(((await long.json()) as { error: { message: string } }).error.message).toMatch(/^text: /)
  })

  it('lets the visitor go back to the assistant: the conversation closes as released', async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    const res = await postJson(app, '/v1/live/leave', JSON.stringify({ visitorId: 'v1' }), auth)
    expect(await res.json()).toMatchObject({ conversation: { id, status: 'closed', outcome: 'released' } })
    expect((await postJson(app, '/v1/live/leave', JSON.stringify({ visitorId: 'v1' }), auth)).status).toBe(409)
  })
})

describe('GET and DELETE /v1/visitors/:id', () => {
  it("exports, then erases, the visitor's live conversations and their messages too", async () => {
    const { app } = await liveTestApp()
    const auth = await registerVisitor(app, 'v1')
    const id = await askForPerson(app, 'v1')
    await agentPost(app, `${id}/messages`, { text: '您好' })
    const exported = (await (await app.request('/v1/visitors/v1', { headers: auth })).json()) as { conversations: { id: string; messages: { content: string }[] }[] }
    expect(exported.conversations).toEqual([expect.objectContaining({ id, messages: expect.arrayContaining([expect.objectContaining({ content: '您好' })]) })])
    expect((await app.request('/v1/visitors/v1', { method: 'DELETE', headers: auth })).status).toBe(204)
    expect((await app.request(`/v1/agent/conversations/${id}`, { headers: agentAuth })).status).toBe(404)
    expect(await (await app.request('/v1/agent/conversations', { headers: agentAuth })).json()).toEqual({ conversations: [] })
  })
})
