// Test doubles for the widget: SSE responses cut into awkward chunks, a scripted fetch, a memory KV.
import type { KV } from '../src/app/storage.ts'
import { en } from '../src/app/i18n-en.ts'
import { zh, type Strings } from '../src/app/i18n.ts'

export type Ev = [event: string, data: unknown]

export const sseText = (events: Ev[]) => events.map(([e, d]) => `event: ${e}\ndata: ${JSON.stringify(d)}\n\n`).join('')

/** A streaming Response whose body arrives `chunk` bytes at a time (so multi-byte characters get split too). */
export function sseResponse(events: Ev[] | string, chunk = 5, signal?: AbortSignal | null, hang = false): Response {
  const bytes = new TextEncoder().encode(typeof events === 'string' ? events : sseText(events))
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunk) c.enqueue(bytes.slice(i, i + chunk))
      if (!hang) c.close()
      signal?.addEventListener('abort', () => c.error(new DOMException('aborted', 'AbortError')))
    },
  })
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
}

export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

export const done: Ev = ['done', { finish: 'stop', provider: 'offline' }]
export const meta: Ev = ['meta', { v: 1, intent: 'presales', sentiment: 'neutral', products: [], provider: 'offline' }]

export interface Call {
  url: string
  body: any
  signal?: AbortSignal | null
}

/** A fetch that records calls and answers each with the next scripted responder (the last one repeats). */
export function scriptedFetch(...responders: ((call: Call) => Response | Promise<Response>)[]) {
  const calls: Call[] = []
  const chatCalls: Call[] = []
  const fn = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = { url: String(input), body: init?.body ? JSON.parse(String(init.body)) : undefined, signal: init?.signal }
    calls.push(call)
    if (call.url.endsWith('/v1/events')) return new Response(null, { status: 202 })
    if (call.url.endsWith('/v1/visitors')) return jsonResponse({ token: 'tok_test' }, 201)
    if (call.url.includes('/v1/visitors/')) return init?.method === 'DELETE' ? new Response(null, { status: 204 }) : jsonResponse({ events: [] })
    if (call.url.endsWith('/v1/greet')) return jsonResponse({ greeting: '您好，我是小慧', suggestions: ['X5 多少钱？'], cards: [], campaign: null, variant: null, proactive: null, brand: '慧客商城' })
    chatCalls.push(call)
    const r = responders[Math.min(chatCalls.length - 1, responders.length - 1)]!
    return r(call)
  }) as typeof fetch
  return { fetch: fn, calls, chatCalls }
}

export function memoryKV(): KV & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>()
  return {
    map,
    persistent: false,
    get: async (k) => structuredClone(map.get(k)) as any,
    set: async (k, v) => void map.set(k, structuredClone(v)),
    clear: async () => map.clear(),
  }
}

export const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms))

/** Waits until `fn` stops throwing (or times out with its last error). */
export async function until<T>(fn: () => T, ms = 5000): Promise<T> {
  const t0 = Date.now()
  for (;;) {
    try {
      return fn()
    } catch (err) {
      if (Date.now() - t0 > ms) throw err
      await tick(5)
    }
  }
}

/** Queries inside a widget's shadow root: `$`, `$$`, and `find`, which waits until the element renders. */
export function shadowQueries(root: ShadowRoot) {
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T>(sel)
  const $$ = (sel: string) => [...root.querySelectorAll<HTMLElement>(sel)]
  const find = <T extends Element = HTMLElement>(sel: string) =>
    until(() => {
      const el = $<T>(sel)
      if (!el) throw new Error(`no ${sel}`)
      return el
    })
  return { $, $$, find }
}

/** The strings table, synchronously (the app loads English as a file of its own). */
export const t = (lang: 'zh-CN' | 'en'): Strings => (lang === 'en' ? en : zh)
