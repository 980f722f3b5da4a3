// The edge's own record of each turn: what the report counts without the widget sending any text.
import { afterEach, describe, expect, it } from 'vitest'
import { MEMORY, openFileStore } from '../store/libsql.ts'
import type { SqlEventStore } from '../store/sql-store.ts'
import { askChat, oilySkinConversation, testApp } from '../testing.ts'

const NOW = Date.UTC(2026, 10, 23, 12)
let store: SqlEventStore
afterEach(() => store?.close())

async function sent(): Promise<Record<string, unknown>[]> {
  for (let i = 0; i < 50; i++) {
    const events = await store.events({ types: ['message_sent'] })
    if (events.length) return events.map((e) => e.props)
    await new Promise((r) => setTimeout(r, 20))
  }
  return []
}

describe('message_sent, recorded by the edge', () => {
  it('carries the intent, sentiment, topic and the search ad the visitor came from', async () => {
    store = await openFileStore(MEMORY)
    const profile = { source: 'kids-watch', landing: { keyword: '儿童智能手表定位', campaign: 'kids-watch', at: NOW - 60_000 } }
    await askChat(testApp({ store, now: () => NOW }), '防水吗？', { profile })
    expect(await sent()).toEqual([{ intent: 'presales', sentiment: 'neutral', topic: 'presales', channel: 'web', campaign: 'kids-watch', keyword: '儿童智能手表定位', source: 'kids-watch' }])
  })

  it('masks the landing keyword and the source: they come from URLs and can carry a phone number', async () => {
    store = await openFileStore(MEMORY)
    const profile = { source: 'ref-13812345678', landing: { keyword: '手表 １３９ １２３４ ５６７８ a@b.com', at: NOW - 60_000 } }
    await askChat(testApp({ store, now: () => NOW }), '防水吗？', { profile })
    const [props] = await sent()
    expect(props).toMatchObject({ keyword: '手表 139****5678 a***@b.com', source: 'ref-138****5678' })
  })

  it('names the rule and offer under the answer, so reply-slot rules get their conversions', async () => {
    store = await openFileStore(MEMORY)
    await askChat(testApp({ store, now: () => NOW }), oilySkinConversation)
    expect((await sent())[0]).toMatchObject({ ruleId: 'oily-bundle', offerId: 'oily-bundle' })
  })

  it('a handoff turn is counted with its dialogue topic', async () => {
    store = await openFileStore(MEMORY)
    await askChat(testApp({ store, now: () => NOW }), '转人工')
    expect((await sent())[0]).toMatchObject({ intent: 'human', topic: expect.stringMatching(/^handoff/) })
  })
})
