// The OpenAI path's stall and size limits against a local OpenAI-compatible stub (node:http on
// 127.0.0.1, nothing touches the internet): a model that goes silent after three tokens, one that
// sends a 1 MB chunk, and the `max_tokens` every request carries.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { answerText, askChat, eventData, names, testApp } from '../testing.ts'
import { MAX_TOKENS, OpenAIModel } from './openai.ts'
import { MAX_ANSWER_BYTES } from './stream-reply.ts'

type Behaviour = (res: ServerResponse) => void | Promise<void>

let stub: Server
let baseURL: string
let behaviour: Behaviour
let requests: { body: { max_tokens?: number }; closedEarly: Promise<boolean> }[] = []

const chunk = (content: string) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`

function startEvents(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.flushHeaders()
}

async function readRequest(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const part of req) text += part
  return text
}

beforeAll(async () => {
  stub = createServer(async (req, res) => {
    const body = JSON.parse(await readRequest(req))
    const closedEarly = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)))
    requests.push({ body, closedEarly })
    await behaviour(res)
  })
  stub.listen(0, '127.0.0.1')
  await once(stub, 'listening')
  baseURL = `http://127.0.0.1:${(stub.address() as AddressInfo).port}/v1`
})
afterEach(() => {
  requests = []
})
afterAll(async () => {
  stub.closeAllConnections()
  stub.close()
})

const llmApp = (streamIdleMs?: number) => testApp({ model: new OpenAIModel({ apiKey: 'test', baseURL, model: 'test-model' }), firstTokenTimeoutMs: 5_000, streamIdleMs })
const noConsent = { profile: { consent: { marketing: false } } }

describe('OpenAI-compatible model: stalls and size', () => {
  it('goes silent after three tokens: the visitor gets what was said and an error within the idle timeout; the upstream is hung up on', async () => {
    behaviour = (res) => {
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
    expect(await requests[0]!.closedEarly).toBe(true)
  })

  it('asks for at most MAX_TOKENS tokens', async () => {
    behaviour = (res) => {
      startEvents(res)
      res.write(chunk('好的。'))
      res.end('data: [DONE]\n\n')
    }
    await askChat(llmApp(), 'X5 多少钱？', noConsent)
    expect(requests[0]!.body.max_tokens).toBe(MAX_TOKENS)
  })

  it('one 1 MB chunk ends quickly with at most the byte cap, then done; the upstream is hung up on', async () => {
    behaviour = (res) => {
      startEvents(res)
      res.write(chunk('这款手表很好用，续航两天'.repeat(30_000))) // ~1 MB
      // never ends on its own
    }
    const started = Date.now()
    const events = await askChat(llmApp(), 'X5 多少钱？', noConsent)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(new TextEncoder().encode(answerText(events)).length).toBeLessThanOrEqual(MAX_ANSWER_BYTES)
    expect(eventData(events, 'done')[0]).toMatchObject({ finish: 'length', provider: 'openai' })
    expect(await requests[0]!.closedEarly).toBe(true)
  })
})
