import { cleanup, fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import type { AgentLiveEvent } from '../../shared/live.ts'
import { openAgentStream, type StreamState } from '../src/live-stream.ts'
import { BASE, conversation, fakeEdge, message, TOKEN } from './fake-edge.ts'
import { renderConsole, signedIn, until } from './helpers.tsx'

afterEach(() => {
  cleanup()
  sessionStorage.clear()
  document.title = ''
})

describe('live updates', () => {
  it('shows a visitor message arriving over the one stream: preview, unread count and the tab title', async () => {
    signedIn()
    const edge = fakeEdge([conversation('c1', { messages: [message('转人工')] }), conversation('c2')])
    const ui = renderConsole(edge)
    await ui.find('.row[data-id="c1"]')
    await until(() => expect(edge.streams).toHaveLength(1))
    expect(document.title).toBe('慧客 · 人工客服')

    edge.say('c1', '我的订单还没发货')
    edge.say('c1', '单号 20261205001')
    edge.say('c2', '在吗')
    await until(() => expect(ui.$('.row[data-id="c1"] .unread')?.textContent).toBe('2'))
    expect(ui.$('.row[data-id="c1"] .preview')!.textContent).toBe('单号 20261205001')
    expect(document.title).toBe('(3) 慧客 · 人工客服')

    // Opening it reads the transcript and clears its unread count.
    fireEvent.click(ui.$('.row[data-id="c1"]')!)
    await until(() => expect(ui.$$('.transcript [data-role="user"] .msg-text').map((m) => m.textContent)).toEqual(['转人工', '我的订单还没发货', '单号 20261205001']))
    expect(ui.$('.row[data-id="c1"] .unread')).toBeNull()
    expect(document.title).toBe('(1) 慧客 · 人工客服')

    // While it is open, new words appear in the transcript, not as unread.
    edge.say('c1', '麻烦快点', 'user')
    await until(() => expect(ui.$$('.transcript .msg-text').at(-1)?.textContent).toBe('麻烦快点'))
    expect(ui.$('.row[data-id="c1"] .unread')).toBeNull()

    // One connection for the whole console, and no request per conversation beyond opening one.
    expect(edge.calls.filter((c) => c.path === '/v1/agent/stream')).toHaveLength(1)
    expect(edge.calls.filter((c) => c.path === '/v1/agent/conversations/c2')).toHaveLength(0)
  })

  it('reconnects after the stream drops, sending the last event id so nothing is missed', async () => {
    const edge = fakeEdge([conversation('c1')])
    const events: AgentLiveEvent[] = [] // the messages; the conversations snapshot that opens the stream is not counted
    const states: StreamState[] = []
    const stream = openAgentStream({
      url: `${BASE}/v1/agent/stream`,
      token: TOKEN,
      fetch: edge.fetch,
      onEvent: (e) => e.event === 'message' && events.push(e),
      onState: (s) => states.push(s),
      backoff: { firstMs: 1, maxMs: 5 },
    })
    await until(() => expect(edge.streams).toHaveLength(1))
    edge.say('c1', '第一句')
    await until(() => expect(events).toHaveLength(1))

    edge.dropStreams()
    await until(() => expect(edge.streams).toHaveLength(1))
    expect(edge.streams[0]!.headers['last-event-id']).toBe('1')
    edge.say('c1', '第二句')
    await until(() => expect(events.map((e) => e.event === 'message' && e.data.content)).toEqual(['第一句', '第二句']))
    expect(states).toEqual(['connecting', 'live', 'reconnecting', 'live'])
    stream.close()
  })

  it('stops and signs out when the token is no longer accepted', async () => {
    signedIn('小王', 'old-token')
    const ui = renderConsole(fakeEdge())
    await ui.find('input[name="token"]')
    expect(sessionStorage.getItem('huike-agent-session')).toBeNull()
  })
})
