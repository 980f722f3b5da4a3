// The report's cost line from real-shaped provider streams: a three-turn conversation through the
// openai SDK against the local stub answering like OpenAI (usage in a last chunk of its own), a
// second visitor's turn answered like DeepSeek (reasoning_content, reasoning_tokens), then a purchase;
// the report prices them with the config's `models`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { OpenAIModel } from '../model/openai.ts'
import { type OpenAIStub, useOpenAIStub } from '../model/openai-stub.ts'
import { PROVIDER_SHAPES, shaped } from '../model/provider-shapes.ts'
import { costLine } from '../report/render-cost.ts'
import { renderReport } from '../report/render.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../store/libsql.ts'
import { SqlEventStore, type SqlDriver } from '../store/sql-store.ts'
import { converse, testApp } from '../testing.ts'
import { reportFromStore } from './report.ts'

let stub: OpenAIStub
let driver: SqlDriver
useOpenAIStub((started) => (stub = started))
beforeAll(async () => {
  driver = libsqlDriver(await openLibsqlClient(MEMORY))
})
afterAll(() => driver.close())

const PRICES = {
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6, currency: 'USD' },
  'deepseek-v4-flash': { inputPerMillion: 0.14, outputPerMillion: 0.28, currency: 'USD' },
}

async function messagesLogged(store: SqlEventStore, count: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if ((await store.visitorPage({}, undefined, 1_000)).filter((e) => e.type === 'message_sent').length >= count) return
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  throw new Error('turns not logged')
}

describe('estimated LLM cost in the report', () => {
  it('sums each answer\'s usage per model and prices it per conversation and per conversion', async () => {
    const store = new SqlEventStore(driver)
    const noConsent = { profile: { consent: { marketing: false } } }
    // Visitor 1: three turns with gpt-4o-mini, answered in OpenAI's shape; the prompt grows with the history.
    let turn = 0
    stub.behaviour = (res) => shaped(PROVIDER_SHAPES.OpenAI!, { answer: ['X5 儿童智能手表售价 ¥899。'], usage: { prompt: 1_000 + 200 * turn++, completion: 120 } })(res)
    const openai = testApp({ model: new OpenAIModel({ apiKey: 'k', baseURL: stub.baseURL, model: 'gpt-4o-mini' }), store })
    await converse(openai, ['X5 多少钱？', '有什么颜色？', '续航多久？'], { visitorId: 'v_a', sessionId: 's_a', ...noConsent })
    // Visitor 2: one turn with DeepSeek's thinking model: reasoning first, reasoning tokens in the usage.
    stub.behaviour = shaped(PROVIDER_SHAPES.DeepSeek!, { answer: ['X5 售价 ¥899。'], usage: { prompt: 1_100, completion: 700, reasoning: 560 } })
    const deepseek = testApp({ model: new OpenAIModel({ apiKey: 'k', baseURL: stub.baseURL, model: 'deepseek-v4-flash' }), store })
    await converse(deepseek, ['X5 多少钱？'], { visitorId: 'v_b', sessionId: 's_b', ...noConsent })
    await messagesLogged(store, 4)
    const last = (await store.visitorPage({}, undefined, 1_000)).reduce((t, e) => Math.max(t, e.ts), 0)
    await store.append([{ id: 'buy1', type: 'purchase', visitorId: 'v_a', sessionId: 's_a', ts: last + 1_000, props: { value: 899, orderId: 'o1' } }])

    const report = await reportFromStore(store, {}, { prices: PRICES })
    const { usage } = report
    expect(usage.byModel.map((r) => [r.model, r.turns, r.prompt, r.completion, r.reasoning])).toEqual([
      ['gpt-4o-mini', 3, 3_600, 360, 0],
      ['deepseek-v4-flash', 1, 1_100, 700, 560],
    ])
    const gpt = (3_600 * 0.15 + 360 * 0.6) / 1e6
    const ds = (1_100 * 0.14 + 700 * 0.28) / 1e6
    expect(usage.cost).toHaveLength(1)
    expect(usage.cost[0]!.total).toBeCloseTo(gpt + ds, 12)
    expect(usage.cost[0]!.perConversation).toBeCloseTo((gpt + ds) / 2, 12)
    expect(usage.cost[0]!.perConversion).toBeCloseTo(gpt + ds, 12)
    const line = costLine(usage)
    console.log(`cost line: ${line}`)
    expect(line).toBe('4 answers · 4,700 prompt + 1,060 completion tokens (560 reasoning) · USD 0.0011 in total · USD 0.00055 per conversation (2) · USD 0.0011 per conversion (1)')
    expect(renderReport(report)).toContain(line)
  })

  it('names the models without a price instead of guessing their cost', async () => {
    const report = await reportFromStore(new SqlEventStore(driver), {}, { prices: {} })
    expect(report.usage.cost).toEqual([])
    expect(costLine(report.usage)).toContain('no price in the config for gpt-4o-mini, deepseek-v4-flash')
  })
})
