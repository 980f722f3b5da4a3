// The OpenAI path against a local OpenAI-compatible stub (openai-stub.ts, on 127.0.0.1): nothing here
// touches the internet. The stub's behaviour is set per test.
import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { describe, expect, it } from 'vitest'
import { answerText, askChat, chatBody, eventData, names, testApp } from '../testing.ts'
import { OpenAIModel } from './openai.ts'
import { answers, chunk, fails, type OpenAIStub, startEvents, useOpenAIStub, type UpstreamRequest } from './openai-stub.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let stub: OpenAIStub
useOpenAIStub((started) => (stub = started))

function llmApp(firstTokenTimeoutMs = 5_000) {
  return testApp({ model: new OpenAIModel({ apiKey: 'test', baseURL: stub.baseURL, model: 'test-model' }), firstTokenTimeoutMs })
}

describe('OpenAI-compatible model', () => {
  it('streams the upstream answer to the visitor, marked provider openai', async () => {
    stub.behaviour = answers(['X5 儿童智能手表', '售价', ' ¥899', '。'])
    const events = await askChat(llmApp(), 'X5 儿童手表多少钱？')
    expect(names(events)[0]).toBe('meta')
    expect(eventData(events, 'meta')[0]).toMatchObject({ provider: 'openai' })
    expect(eventData(events, 'meta')[0]!.fallback).toBeUndefined()
    // The price guard holds "¥899" back until it can no longer grow into another amount, then lets it through.
    expect(eventData(events, 'delta').map((d) => d.text).join('')).toBe('X5 儿童智能手表售价 ¥899。')
    expect(eventData(events, 'delta').length).toBeGreaterThan(1)
    expect(eventData(events, 'card').map((c) => c.type === 'product' && c.product.id)).toEqual(['x5'])
    expect(eventData(events, 'done')).toEqual([{ finish: 'stop', provider: 'openai' }])
  })

  it('sends the system prompt with the catalog facts, then the conversation', async () => {
    stub.behaviour = answers(['好的'])
    await askChat(llmApp(), [
      { role: 'user', content: '你好' },
      { role: 'assistant', content: '您好！' },
      { role: 'user', content: 'X5 儿童手表多少钱？' },
    ])
    const [{ body }] = stub.requests as [UpstreamRequest]
    expect(body).toMatchObject({ model: 'test-model', stream: true })
    expect(body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user'])
    const system = body.messages[0]!.content
    expect(system).toContain('X5 儿童智能手表')
    expect(system).toContain('¥899')
    expect(system).toMatch(/only from the product facts/i)
    expect(body.messages.at(-1)!.content).toBe('X5 儿童手表多少钱？')
  })

  it('never hands the upstream model a phone number, email or ID number, even from a client that did not mask', async () => {
    stub.behaviour = answers(['好的'])
    const raw = ['13812345678', 'zhang.san@example.com', '11010519491231002X']
    await askChat(llmApp(), `X5 坏了，我电话 138 1234 5678，邮箱 zhang.san@example.com，身份证 11010519491231002X，怎么办？`)
    const upstream = JSON.stringify(stub.requests[0]!.body)
    for (const value of raw) expect(upstream).not.toContain(value)
    expect(upstream).not.toMatch(/138 1234 5678/)
    expect(upstream).toContain('138****5678')
  })

  it.each([500, 429])('falls back to the offline answer when the upstream answers %i', async (status) => {
    stub.behaviour = fails(status)
    const started = Date.now()
    const events = await askChat(llmApp(), 'X5 儿童手表多少钱？')
    expect(eventData(events, 'meta')).toEqual([expect.objectContaining({ provider: 'offline', fallback: 'upstream_error' })])
    expect(answerText(events)).toContain('899')
    expect(eventData(events, 'done')).toEqual([{ finish: 'stop', provider: 'offline' }])
    expect(stub.requests).toHaveLength(2) // one retry, no more
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('falls back when the first token does not arrive in time, and hangs up on the upstream', async () => {
    stub.behaviour = async (res) => {
      startEvents(res)
      await sleep(3_000)
      res.end()
    }
    const started = Date.now()
    const events = await askChat(llmApp(200), 'X5 儿童手表多少钱？')
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(eventData(events, 'meta')[0]).toMatchObject({ provider: 'offline', fallback: 'upstream_error' })
    expect(answerText(events)).toContain('899')
    expect(await stub.requests[0]!.closedEarly).toBe(true)
  })

  it('ends with an error event after the first delta when the upstream breaks mid-answer', async () => {
    stub.behaviour = async (res) => {
      startEvents(res)
      res.write(chunk('X5 儿童智能手表'))
      await sleep(20)
      res.destroy()
    }
    const events = await askChat(llmApp(), 'X5 儿童手表多少钱？')
    expect(names(events)).toEqual(['meta', 'delta', 'error'])
    expect(eventData(events, 'meta')[0]!.provider).toBe('openai')
    expect(eventData(events, 'error')).toEqual([{ code: 'upstream_failed', message: '回答中断了，请重试。' }])
  })

  it('aborts the upstream request when the visitor disconnects', async () => {
    stub.behaviour = async (res) => {
      startEvents(res)
      res.write(chunk('X5 儿童智能手表'))
      await sleep(5_000)
      if (!res.destroyed) res.end('data: [DONE]\n\n')
    }
    const edge = serve({ fetch: llmApp().fetch, hostname: '127.0.0.1', port: 0 })
    await once(edge, 'listening')
    try {
      const visitor = new AbortController()
      const res = await fetch(`http://127.0.0.1:${(edge.address() as AddressInfo).port}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: chatBody('X5 儿童手表多少钱？'),
        signal: visitor.signal,
      })
      const reader = res.body!.getReader()
      let seen = ''
      while (!seen.includes('event: delta')) seen += new TextDecoder().decode((await reader.read()).value)
      visitor.abort()
      const started = Date.now()
      expect(await stub.requests[0]!.closedEarly).toBe(true)
      expect(Date.now() - started).toBeLessThan(1_000)
    } finally {
      if ('closeAllConnections' in edge) edge.closeAllConnections()
      edge.close()
    }
  })
})
