// For tests: a local OpenAI-compatible streaming server (node:http on 127.0.0.1, nothing touches the
// internet) that the real openai SDK talks to. Each test sets `behaviour`; every request's body is
// kept in `requests`, with whether the client hung up before the answer ended.
import { once } from 'node:events'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll } from 'vitest'

export interface UpstreamRequest {
  body: { model: string; stream: boolean; max_tokens?: number; stream_options?: { include_usage?: boolean }; messages: { role: string; content: string }[]; [option: string]: unknown }
  /** Resolves true when the connection closed before the stub finished its answer. */
  closedEarly: Promise<boolean>
}

export type Behaviour = (res: ServerResponse) => void | Promise<void>

export interface OpenAIStub {
  /** The `baseURL` to give OpenAIModel. */
  readonly baseURL: string
  behaviour: Behaviour
  readonly requests: UpstreamRequest[]
  close(): void
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** One streamed chat-completion chunk carrying `content`. */
export const chunk = (content: string) =>
  `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'test-model', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`

/** The headers of an event stream, sent at once. */
export function startEvents(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
  res.flushHeaders()
}

/** A well-behaved upstream streaming `pieces`, `delayMs` apart. */
export const answers = (pieces: readonly string[], delayMs = 5): Behaviour => async (res) => {
  startEvents(res)
  for (const piece of pieces) {
    res.write(chunk(piece))
    await sleep(delayMs)
  }
  res.write('data: [DONE]\n\n')
  res.end()
}

/** An upstream answering `status` (retry-after-ms keeps the SDK's one retry fast). */
export const fails = (status: number): Behaviour => (res) => {
  res.writeHead(status, { 'content-type': 'application/json', 'retry-after-ms': '10' })
  res.end(JSON.stringify({ error: { message: `upstream says ${status}`, type: 'server_error' } }))
}

async function readRequest(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const part of req) text += part
  return text
}

export async function startOpenAIStub(): Promise<OpenAIStub> {
  const stub: { behaviour: Behaviour; requests: UpstreamRequest[] } = { behaviour: answers([]), requests: [] }
  const server = createServer(async (req, res) => {
    const body = JSON.parse(await readRequest(req)) as UpstreamRequest['body']
    const closedEarly = new Promise<boolean>((resolve) => res.on('close', () => resolve(!res.writableFinished)))
    stub.requests.push({ body, closedEarly })
    await stub.behaviour(res)
  })
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return Object.assign(stub, {
    baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`,
    close() {
      server.closeAllConnections()
      server.close()
    },
  })
}

/**
 * One stub for a test file: started before its tests (handed to `use`), its recorded requests
 * cleared after each test, closed after all of them.
 */
export function useOpenAIStub(use: (stub: OpenAIStub) => void): void {
  let started: OpenAIStub | undefined
  beforeAll(async () => use((started = await startOpenAIStub())))
  afterEach(() => {
    if (started) started.requests.length = 0
  })
  afterAll(() => started?.close())
}
