// A reasoning model through the real openai SDK against the local stub (openai-stub.ts): reasoning
// keeps the first-token timer alive up to the cap, the visitor gets `status: thinking` and never the
// reasoning; options and stream_options are sent; a provider refusing stream_options is asked again.
import { describe, expect, it } from 'vitest'
import { chatBody, postJson, readEvents, testApp } from '../testing.ts'
import { OpenAIModel } from './openai.ts'
import { answers, type OpenAIStub, useOpenAIStub } from './openai-stub.ts'
import { PROVIDER_SHAPES, SECRET_REASONING, shaped } from './provider-shapes.ts'

let stub: OpenAIStub
useOpenAIStub((started) => (stub = started))

const model = (options = {}) => new OpenAIModel({ apiKey: 'test', baseURL: stub.baseURL, model: 'test-model', options })
const noConsent = { profile: { consent: { marketing: false } } }

/** The raw SSE text and its events. */
async function ask(app: ReturnType<typeof testApp>, question: string) {
  const res = await postJson(app, '/v1/chat', chatBody(question, noConsent))
  const raw = await res.clone().text()
  return { raw, events: await readEvents(res) }
}

describe('a reasoning model', () => {
  it('thinks longer than the first-token timeout without falling back: the visitor gets status thinking, then the answer, never the reasoning', async () => {
    stub.behaviour = shaped(PROVIDER_SHAPES.DeepSeek!, { answer: ['X5 儿童智能手表', '售价 ¥899。'], usage: { prompt: 900, completion: 400, reasoning: 380 }, thinking: { chunks: 8, everyMs: 100 } })
    const { raw, events } = await ask(testApp({ model: model(), firstTokenTimeoutMs: 300 }), 'X5 多少钱？')
    expect(raw).toContain('event: status\ndata: {"state":"thinking"}')
    expect(raw.indexOf('event: status')).toBeLessThan(raw.indexOf('event: meta'))
    expect(raw).not.toContain('REASONING-MARKER')
    expect(raw).not.toContain(SECRET_REASONING.slice(0, 6))
    expect(events.find((e) => e.event === 'meta')?.data).toMatchObject({ provider: 'openai' })
    expect(events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text).join('')).toBe('X5 儿童智能手表售价 ¥899。')
  })

  it('is given up on after MAX_THINKING_FACTOR first-token timeouts of thinking: the offline responder answers', async () => {
    stub.behaviour = shaped(PROVIDER_SHAPES['Qwen (DashScope)']!, { answer: ['太晚了'], usage: { prompt: 1, completion: 1 }, thinking: { chunks: 100, everyMs: 50 } })
    const logs: string[] = []
    const started = Date.now()
    const { raw, events } = await ask(testApp({ model: model(), firstTokenTimeoutMs: 150, log: (m) => logs.push(m) }), 'X5 多少钱？')
    expect(Date.now() - started).toBeLessThan(2_500)
    expect(events.find((e) => e.event === 'meta')?.data).toMatchObject({ provider: 'offline', fallback: 'upstream_error' })
    expect(raw).not.toContain('太晚了')
    expect(logs.join('\n')).toMatch(/no answer text after \d+ ms of thinking/)
  })
})

describe('request options', () => {
  it('sends HUIKE_MODEL_OPTIONS with every request, usage asked for, max_tokens within the cap', async () => {
    stub.behaviour = answers(['好的。'])
    await ask(testApp({ model: model({ reasoning_effort: 'none', enable_thinking: false, thinking: { type: 'disabled' }, temperature: 0.2, max_tokens: 300 }) }), 'X5 多少钱？')
    expect(stub.requests[0]!.body).toMatchObject({ reasoning_effort: 'none', enable_thinking: false, thinking: { type: 'disabled' }, temperature: 0.2, max_tokens: 300, stream: true, model: 'test-model', stream_options: { include_usage: true } })
  })

  it('a provider answering 400 to stream_options is asked again without it, and never again with it', async () => {
    stub.behaviour = (res) => {
      const body = stub.requests.at(-1)!.body
      if (body.stream_options) {
        res.writeHead(400, { 'content-type': 'application/json' })
        res.end(JSON.stringify({ error: { message: "Unrecognized request argument supplied: stream_options", type: 'invalid_request_error' } }))
        return
      }
      return answers(['X5 售价 ¥899。'])(res)
    }
    const app = testApp({ model: model() })
    const first = await ask(app, 'X5 多少钱？')
    expect(first.events.find((e) => e.event === 'meta')?.data).toMatchObject({ provider: 'openai' })
    expect(stub.requests.map((r) => !!r.body.stream_options)).toEqual([true, false])
    await ask(app, 'X5 多少钱？')
    expect(stub.requests.map((r) => !!r.body.stream_options)).toEqual([true, false, false])
  })
})
