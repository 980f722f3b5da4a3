// A reply that stalls ends: the transport gives up after its stall timeout (any byte, a heartbeat
// included, starts it again) and the chat shows the retry row, as for any transport error.
import { afterEach, describe, expect, it } from 'vitest'
import { createChat, type Chat } from '../src/app/chat-state.ts'
import { STALL_TIMEOUT_MS, streamChat, transportTimeouts } from '../src/app/transport.ts'
import { done, meta, memoryKV, scriptedFetch, sseResponse, sseText, until, type Ev } from './helpers.ts'

/** A body that sends `head`, then (optionally) a heartbeat comment every `beatMs` for `beats` times, then nothing, never closing. */
function stallingResponse(head: Ev[], o: { beatMs?: number; beats?: number; thenDone?: boolean; signal?: AbortSignal | null } = {}): Response {
  const enc = new TextEncoder()
  let timer: ReturnType<typeof setInterval> | undefined
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(enc.encode(sseText(head)))
      let left = o.beats ?? 0
      if (left) {
        timer = setInterval(() => {
          c.enqueue(enc.encode(': ping\n\n'))
          if (--left === 0) {
            clearInterval(timer)
            if (o.thenDone) {
              c.enqueue(enc.encode(sseText([done])))
              c.close()
            }
          }
        }, o.beatMs)
      }
      o.signal?.addEventListener('abort', () => {
        clearInterval(timer)
        c.error(new DOMException('aborted', 'AbortError'))
      })
    },
    cancel() {
      clearInterval(timer)
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

const fetchOf = (make: (signal?: AbortSignal | null) => Response | Promise<Response>) =>
  (async (_url: string, init?: RequestInit) => make(init?.signal)) as typeof fetch

describe('transport stall timeout', () => {
  it('is 30 s by default', () => {
    expect(STALL_TIMEOUT_MS).toBe(30_000)
    expect(transportTimeouts.stallMs).toBe(30_000)
  })

  it('ends a stream that goes silent after some events, as stalled', async () => {
    const got: string[] = []
    const started = Date.now()
    const err = await streamChat('https://e', {}, new AbortController().signal, (e) => got.push(e.event), fetchOf((signal) => stallingResponse([meta, ['delta', { text: '您好' }]], { signal })), 100)
    expect(Date.now() - started).toBeLessThan(1_000)
    expect(got).toEqual(['meta', 'delta'])
    expect(err).toMatchObject({ code: 'stalled' })
  })

  it('ends a silent stream even when the fetch ignores the abort signal', async () => {
    const err = await streamChat('https://e', {}, new AbortController().signal, () => {}, fetchOf(() => stallingResponse([meta])), 100)
    expect(err).toMatchObject({ code: 'stalled' })
  })

  it('ends a request whose response never starts', async () => {
    const never = fetchOf((signal) => new Promise<Response>((_, reject) => signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')))))
    const err = await streamChat('https://e', {}, new AbortController().signal, () => {}, never, 100)
    expect(err).toMatchObject({ code: 'stalled' })
  })

  it('heartbeats count: a stream that pings more often than the timeout is not cut', async () => {
    const err = await streamChat('https://e', {}, new AbortController().signal, () => {}, fetchOf((signal) => stallingResponse([meta], { beatMs: 40, beats: 8, thenDone: true, signal })), 150)
    expect(err).toBeNull()
  })

  it('the visitor stopping is still an abort, not a stall', async () => {
    const ctrl = new AbortController()
    setTimeout(() => ctrl.abort(), 20)
    const err = await streamChat('https://e', {}, ctrl.signal, () => {}, fetchOf((signal) => stallingResponse([meta], { signal })), 1_000)
    expect(err).toMatchObject({ code: 'aborted' })
  })

  it('a finished stream is unaffected', async () => {
    const err = await streamChat('https://e', {}, new AbortController().signal, () => {}, fetchOf(() => sseResponse([meta, ['delta', { text: 'hi' }], done])), 100)
    expect(err).toBeNull()
  })
})

describe('a stalled reply in the chat', () => {
  const chats: Chat[] = []
  afterEach(() => {
    chats.splice(0).forEach((c) => c.dispose())
    transportTimeouts.stallMs = STALL_TIMEOUT_MS
  })

  it('shows the retry state, and retry asks again', async () => {
    transportTimeouts.stallMs = 100
    const f = scriptedFetch((call) => stallingResponse([meta, ['delta', { text: 'X5 儿童' }]], { signal: call.signal }), () => sseResponse([meta, ['delta', { text: 'X5 售价 ¥899。' }], done]))
    const chat = createChat({ endpoint: 'https://edge.example', lang: 'zh-CN', kv: memoryKV(), fetch: f.fetch, channel: 'huike-stall-test', flushMs: 0 })
    chats.push(chat)
    const started = Date.now()
    await chat.send('X5 多少钱？')
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(chat.status.value).toBe('error')
    expect(chat.error.value).toMatchObject({ code: 'stalled' })
    expect(chat.messages.value.map((m) => m.role)).toEqual(['user']) // the partial reply goes, as for any error
    await chat.retry()
    await until(() => chat.status.value === 'idle')
    expect(chat.messages.value.at(-1)).toMatchObject({ role: 'assistant', text: 'X5 售价 ¥899。', status: 'done' })
  })
})
