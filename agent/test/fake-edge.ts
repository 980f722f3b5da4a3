// A fake of the agent API (CONTRACT §6) behind a fetch function: conversations in memory, the bearer
// token checked, the live stream a body the test pushes events into, every call recorded.
import type { Agent, ConversationDetail, ConversationSummary, LiveMessage } from '../../shared/live.ts'

export const TOKEN = 'agent-secret'
export const BASE = 'https://edge.example'

export interface Call {
  method: string
  path: string
  body: any
  headers: Record<string, string>
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
const conflict = (holder: Agent) => json({ error: { code: 'conflict', message: `${holder.name} is already handling this conversation` } }, 409)

export function conversation(id: string, over: Partial<ConversationDetail> = {}): ConversationDetail {
  return { id, visitorId: `v_${id}`, status: 'waiting', reason: 'asked', since: Date.now() - 60_000, messages: [], visitor: { products: [], answers: {} }, ...over }
}

export function message(content: string, over: Partial<LiveMessage> = {}): LiveMessage {
  return { id: `m_${Math.random().toString(36).slice(2)}`, role: 'user', content, ts: Date.now(), ...over }
}

export function fakeEdge(initial: ConversationDetail[] = [], quickReplies = ['请稍等，我帮您查一下。']) {
  const all = new Map(initial.map((c) => [c.id, structuredClone(c)]))
  const calls: Call[] = []
  const streams: { headers: Record<string, string>; controller: ReadableStreamDefaultController<Uint8Array> }[] = []
  let eventId = 0
  const encoder = new TextEncoder()

  const summary = ({ messages, visitor, ...rest }: ConversationDetail): ConversationSummary => ({ ...rest, last: messages.at(-1) })

  /** Sends an SSE event to every open stream, with an `id:` line as the edge does. */
  const push = (event: 'conversation' | 'message', data: unknown) => {
    const text = `id: ${++eventId}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`
    for (const s of streams) {
      try {
        s.controller.enqueue(encoder.encode(text))
      } catch {
        // that stream is closed
      }
    }
  }

  const addMessage = (id: string, m: LiveMessage) => {
    all.get(id)!.messages.push(m)
    push('message', { ...m, conversationId: id })
  }

  const act = (c: ConversationDetail, action: string, agent: Agent) => {
    if (c.status === 'active' && c.agent && c.agent.id !== agent.id) return conflict(c.agent)
    if (action === 'take') Object.assign(c, { status: 'active', agent })
    if (action === 'release') Object.assign(c, { status: 'closed', outcome: 'released', closedAt: Date.now() })
    if (action === 'close') Object.assign(c, { status: 'closed', outcome: 'closed', closedAt: Date.now() })
    push('conversation', summary(c))
    return json({ conversation: summary(c) })
  }

  const fetch = (async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input))
    const headers = Object.fromEntries(Object.entries((init.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]))
    const call: Call = { method: init.method ?? 'GET', path: url.pathname + url.search, body: init.body ? JSON.parse(String(init.body)) : undefined, headers }
    calls.push(call)
    if (!headers.authorization) return json({ error: { code: 'unauthorized', message: 'no token' } }, 401)
    if (headers.authorization !== `Bearer ${TOKEN}`) return json({ error: { code: 'forbidden', message: 'wrong token' } }, 403)

    const path = url.pathname.replace(/^\/v1\/agent/, '')
    if (path === '/stream') {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          streams.push({ headers, controller })
          controller.enqueue(encoder.encode(': live\n\n'))
          // A fresh connection starts with the open conversations, as the edge does.
          if (!headers['last-event-id']) {
            for (const open of [...all.values()].filter((x) => x.status !== 'closed')) {
              controller.enqueue(encoder.encode(`id: ${eventId}\nevent: conversation\ndata: ${JSON.stringify(summary(open))}\n\n`))
            }
          }
          init.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')))
        },
      })
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } })
    }
    if (path === '/config') return json({ quickReplies, lang: url.searchParams.get('lang') ?? 'zh-CN' })
    if (path === '/conversations') return json({ conversations: [...all.values()].map(summary).reverse() })
    const match = /^\/conversations\/([^/]+)(?:\/(\w+))?$/.exec(path)
    const c = match && all.get(decodeURIComponent(match[1]!))
    if (!c) return json({ error: { code: 'not_found', message: 'no such conversation' } }, 404)
    const action = match[2]
    if (!action) return json(c)
    if (action === 'typing') return new Response(null, { status: 204 })
    if (action === 'messages') {
      if (c.status !== 'active' || c.agent?.id !== call.body.agent?.id) return c.agent ? conflict(c.agent) : json({ error: { code: 'conflict', message: 'take it first' } }, 409)
      const m = message(call.body.text, { role: 'agent', agent: call.body.agent })
      addMessage(c.id, m)
      return json({ message: m }, 201)
    }
    return act(c, action, call.body.agent)
  }) as typeof globalThis.fetch

  return {
    fetch,
    calls,
    streams,
    push,
    /** The visitor (or the assistant) writes: the edge records it and tells the consoles. */
    say: (id: string, content: string, role: LiveMessage['role'] = 'user') => addMessage(id, message(content, { role })),
    /** A new or changed conversation, told to the consoles. */
    upsert: (c: ConversationDetail) => {
      all.set(c.id, c)
      push('conversation', summary(c))
    },
    get: (id: string) => all.get(id)!,
    /** Cuts every open stream, as a proxy dropping the connection would. */
    dropStreams: () => {
      for (const s of streams.splice(0)) s.controller.close()
    },
  }
}
