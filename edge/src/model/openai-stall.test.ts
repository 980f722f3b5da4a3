// The OpenAI path's stall and size limits against a local OpenAI-compatible stub (openai-stub.ts,
// on 127.0.0.1, nothing touches the internet): a model that goes silent after three tokens, one that
// sends a 1 MB chunk, and the `max_tokens` every request carries.
import { describe, expect, it } from 'vitest'
import { answerText, askChat, eventData, names, testApp } from '../testing.ts'
import { MAX_TOKENS, OpenAIModel } from './openai.ts'
import { MAX_ANSWER_BYTES } from './stream-reply.ts'
import { chunk, type OpenAIStub, startEvents, useOpenAIStub } from './openai-stub.ts'

let stub: OpenAIStub
useOpenAIStub((started) => (stub = started))

const llmApp = (streamIdleMs?: number) => testApp({ model: new OpenAIModel({ apiKey: 'test', baseURL: stub.baseURL, model: 'test-model' }), firstTokenTimeoutMs: 5_000, streamIdleMs })
const noConsent = { profile: { consent: { marketing: false } } }

describe('OpenAI-compatible model: stalls and size', () => {
  it('goes silent after three tokens: the visitor gets what was said and an error within the idle timeout; the upstream is hung up on', async () => {
    stub.behaviour = (res) => {
      startEvents(res)
      for (const piece of ['X5 儿童手表', '很受欢迎，', '适合']) res.write(chunk(piece))
      // …and then nothing, never ending.
    }
    const started = Date.now()
    const events = await askChat(llmApp(200), 'X5 多少钱？', noConsent)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(names(events)[0]).toBe('meta')
    expect(eventData(events, 'meta')[0]).toMatchObject({ provider: 'openai' })
    expect(answerText(events)).toBe('X5 儿童手表很受欢迎，适合')
    expect(names(events).at(-1)).toBe('error')
    expect(eventData(events, 'error')).toEqual([{ code: 'upstream_failed', message: '回答中断了，请重试。' }])
    expect(await stub.requests[0]!.closedEarly).toBe(true)
  })

  it('asks for at most MAX_TOKENS tokens', async () => {
    stub.behaviour = (res) => {
      startEvents(res)
      res.write(chunk('好的。'))
      res.end('data: [DONE]\n\n')
    }
    await askChat(llmApp(), 'X5 多少钱？', noConsent)
    expect(stub.requests[0]!.body.max_tokens).toBe(MAX_TOKENS)
  })

  it('one 1 MB chunk ends quickly with at most the byte cap, then done; the upstream is hung up on', async () => {
    stub.behaviour = (res) => {
      startEvents(res)
      res.write(chunk('这款手表很好用，续航两天'.repeat(30_000))) // ~1 MB
      // never ends on its own
    }
    const started = Date.now()
    const events = await askChat(llmApp(), 'X5 多少钱？', noConsent)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(new TextEncoder().encode(answerText(events)).length).toBeLessThanOrEqual(MAX_ANSWER_BYTES)
    expect(eventData(events, 'done')[0]).toMatchObject({ finish: 'length', provider: 'openai' })
    expect(await stub.requests[0]!.closedEarly).toBe(true)
  })
})
