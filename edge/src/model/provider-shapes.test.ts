// Tested shapes (README Providers): per provider, the real openai SDK against the local stub answering
// in that provider's streaming shape (reasoning field, usage placement). The visitor gets the answer,
// not the reasoning; the turn log's message_sent records the usage; the reasoning is stored nowhere.
import { afterEach, describe, expect, it } from 'vitest'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore, type SqlDriver } from '../store/sql-store.ts'
import type { StoredEvent } from '../store/types.ts'
import { chatBody, postJson, readEvents, answerText, testApp } from '../testing.ts'
import { OpenAIModel } from './openai.ts'
import { type OpenAIStub, useOpenAIStub } from './openai-stub.ts'
import { PROVIDER_SHAPES, SECRET_REASONING, shaped } from './provider-shapes.ts'

let stub: OpenAIStub
let driver: SqlDriver
useOpenAIStub((started) => (stub = started))
afterEach(() => driver?.close())

/** The store's events once the background turn log has written `count` message_sent events. */
async function loggedEvents(store: SqlEventStore, count: number): Promise<StoredEvent[]> {
  for (let i = 0; i < 100; i++) {
    const events = await store.visitorPage({}, undefined, 1_000)
    if (events.filter((e) => e.type === 'message_sent').length >= count) return events
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('the turn was not logged')
}

describe.each(Object.entries(PROVIDER_SHAPES))('%s streaming shape', (name, shape) => {
  it('the visitor gets the answer, not the reasoning; the usage is recorded with the turn', async () => {
    driver = libsqlDriver(await openLibsqlClient(MEMORY))
    const store = new SqlEventStore(driver)
    stub.behaviour = shaped(shape, { answer: ['X5 儿童智能手表', '售价 ¥899。'], usage: { prompt: 1200, completion: 300, reasoning: 120 } })
    const app = testApp({ model: new OpenAIModel({ apiKey: 'k', baseURL: stub.baseURL, model: `${name}-model` }), store })
    const res = await postJson(app, '/v1/chat', chatBody('X5 多少钱？', { profile: { consent: { marketing: false } } }))
    const raw = await res.clone().text()
    expect(answerText(await readEvents(res))).toBe('X5 儿童智能手表售价 ¥899。')
    expect(raw).not.toContain('REASONING-MARKER')
    if (shape.reasoningField) expect(raw).toContain('event: status')
    const events = await loggedEvents(store, 1)
    const sent = events.find((e) => e.type === 'message_sent')!
    expect(sent.props.usage).toEqual({ model: `${name}-model`, prompt: 1200, completion: 300, ...(shape.reasoningTokens && { reasoning: 120 }) })
    expect(JSON.stringify(events)).not.toContain(SECRET_REASONING.slice(0, 6))
  })
})
