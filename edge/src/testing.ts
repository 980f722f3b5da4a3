// Test helpers (not a test file): the demo catalog and config as the app sees them, and a reader
// that turns an SSE response into the list of events the widget would receive.
import type { Hono } from 'hono'
import catalogRecords from '../../demo/catalog.json'
import configJson from '../../demo/config.json'
import type { ChatEvent, ChatEventData, ChatEventName, ChatMessage } from '../../shared/protocol.ts'
import { createEventParser } from '../../shared/sse.ts'
import { createApp, type AppDeps } from './app.ts'
import { Catalog } from './knowledge/catalog.ts'
import { validateProducts } from './knowledge/validate-products.ts'
import { OfflineResponder } from './model/offline.ts'
import { parseSiteConfig } from './site-config.ts'
import type { ChatModel, ModelInput } from './model/types.ts'

export const demoCatalog = new Catalog(validateProducts(catalogRecords, 'catalog.json').products)
export const demoConfig = parseSiteConfig(configJson, 'config.json')

/** The app over the demo catalog, answering offline without streaming delays. */
export function testApp(overrides: Partial<AppDeps> = {}): Hono {
  const offline = new OfflineResponder(demoCatalog, { pieceDelayMs: 0 })
  return createApp({ catalog: demoCatalog, config: demoConfig, model: offline, offline, log: () => {}, ...overrides })
}

export function chatBody(messages: ChatMessage[] | string, extra: Record<string, unknown> = {}): string {
  const list = typeof messages === 'string' ? [{ role: 'user' as const, content: messages }] : messages
  return JSON.stringify({ visitorId: 'v_test', sessionId: 's_test', messages: list, ...extra })
}

export function postJson(app: Hono, path: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(app.request(path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } }))
}

export async function readEvents(res: Response): Promise<ChatEvent[]> {
  const events: ChatEvent[] = []
  const parser = createEventParser((e) => events.push(e))
  const decoder = new TextDecoder()
  const reader = res.body!.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    parser.feed(decoder.decode(value, { stream: true }))
  }
  parser.end()
  return events
}

export function names(events: readonly ChatEvent[]): ChatEventName[] {
  return events.map((e) => e.event)
}

/** The answer text as the widget would show it. */
export function answerText(events: readonly ChatEvent[]): string {
  return events.flatMap((e) => (e.event === 'delta' ? [e.data.text] : [])).join('')
}

export function eventData<K extends ChatEventName>(events: readonly ChatEvent[], name: K): ChatEventData[K][] {
  return events.filter((e) => e.event === name).map((e) => e.data as ChatEventData[K])
}

export async function askChat(app: Hono, messages: ChatMessage[] | string, extra: Record<string, unknown> = {}): Promise<ChatEvent[]> {
  const res = await postJson(app, '/v1/chat', chatBody(messages, extra))
  if (res.status !== 200) throw new Error(`chat answered ${res.status}: ${await res.text()}`)
  return readEvents(res)
}

/**
 * A visitor's conversation, turn by turn, the newest reply's events and text last. Like the widget
 * (widget/src/app/chat-state.ts mergeProfile), every `profile` patch is merged shallowly into the
 * profile sent with the next turn, starting from `extra.profile`; `{ mergeProfile: false }` sends
 * `extra.profile` unchanged every turn instead.
 */
export async function converse(app: Hono, turns: string[], extra: Record<string, unknown> = {}, o: { mergeProfile?: boolean } = {}) {
  const messages: ChatMessage[] = []
  const start = extra.profile && typeof extra.profile === 'object' ? (extra.profile as Record<string, unknown>) : undefined
  let profile: Record<string, unknown> = { ...start }
  let events: ChatEvent[] = []
  for (const turn of turns) {
    messages.push({ role: 'user', content: turn })
    events = await askChat(app, messages, o.mergeProfile === false ? extra : { ...extra, profile })
    messages.push({ role: 'assistant', content: answerText(events) })
    if (o.mergeProfile !== false) for (const { patch } of eventData(events, 'profile')) profile = { ...profile, ...patch }
  }
  return { events, meta: eventData(events, 'meta')[0]!, cards: eventData(events, 'card'), text: answerText(events), profile }
}

/** A model that streams fixed pieces and reports the input it was given (its system prompt, facts…). */
export function scriptedModel(pieces: readonly string[], seen?: (input: ModelInput) => void): ChatModel {
  return {
    provider: 'openai',
    name: 'stub',
    async *stream(input: ModelInput) {
      seen?.(input)
      yield* pieces
    },
  }
}

/** Three oily-skin questions (with the assistant's short answers between): the bundle rule's trigger. */
export const oilySkinConversation: ChatMessage[] = [
  { role: 'user', content: '油皮用什么洁面？' },
  { role: 'assistant', content: '推荐清透控油洁面乳。' },
  { role: 'user', content: '油皮用什么爽肤水？' },
  { role: 'assistant', content: '推荐水杨酸控油爽肤水。' },
  { role: 'user', content: '油皮夏天用什么保湿？' },
]
