import { afterEach, describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../../shared/config.ts'
import { MEMORY, openFileStore } from '../store/libsql.ts'
import type { SqlEventStore } from '../store/sql-store.ts'
import { askChat, demoConfig, testApp } from '../testing.ts'

const withRetention = (retain: boolean, days = 30): SiteConfig => ({ ...demoConfig, privacy: { transcripts: { retain, days } } })
let store: SqlEventStore
afterEach(() => store?.close())

/** Waits for the background write that follows the stream. */
async function storedTypes(): Promise<string[]> {
  for (let i = 0; i < 50; i++) {
    const events = await store.events()
    if (events.length) return events.map((e) => e.type).sort()
    await new Promise((r) => setTimeout(r, 20))
  }
  return []
}

describe('transcript retention', () => {
  it('keeps no conversation text by default: the turn is counted, its words are not', async () => {
    store = await openFileStore(MEMORY)
    const app = testApp({ store, config: withRetention(false) })
    await askChat(app, 'X5 多少钱？我电话 13812345678')
    expect(await storedTypes()).toEqual(['message_sent'])
    await askChat(app, 'X9 手表多少钱？') // unanswered: counted by topic, without the question
    await new Promise((r) => setTimeout(r, 100))
    const stored = JSON.stringify(await store.events())
    for (const words of ['13812345678', '138****5678', 'X5 多少钱', 'X9 手表']) expect(stored).not.toContain(words)
    expect((await store.events({ types: ['unanswered'] }))[0]!.props).toEqual({ topic: 'presales', intent: 'presales' })
  })

  it('when turned on, keeps each turn masked, and unanswered questions for the knowledge-gap list', async () => {
    store = await openFileStore(MEMORY)
    const app = testApp({ store, config: withRetention(true) })
    await askChat(app, 'X9 手表多少钱？我电话 13812345678')
    expect(await storedTypes()).toEqual(['message_sent', 'transcript', 'unanswered'])
    const [transcript] = await store.events({ types: ['transcript'] })
    expect(JSON.stringify(transcript)).not.toContain('13812345678')
    expect(transcript!.props.q).toContain('138****5678')
    expect(String(transcript!.props.a).length).toBeGreaterThan(0)
  })

  it('purges retained turns older than the cut-off, and only the retained types', async () => {
    store = await openFileStore(MEMORY)
    await askChat(testApp({ store, config: withRetention(true, 7) }), 'X5 多少钱？')
    expect(await storedTypes()).toEqual(['message_sent', 'transcript'])
    await store.append([{ type: 'widget_open', visitorId: 'v_1', sessionId: 's_1', ts: Date.now(), props: {} }])
    expect(await store.purge(['transcript', 'unanswered'], Date.now() - 86_400_000)).toBe(0) // younger than a day: kept
    expect(await store.purge(['transcript', 'unanswered'], Date.now() + 1)).toBe(1)
    expect((await store.events()).map((e) => e.type).sort()).toEqual(['message_sent', 'widget_open'])
  })
})
