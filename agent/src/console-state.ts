// Everything the console shows, as signals fed by one live stream: the conversations, unread counts,
// the open conversation's transcript, and what went wrong with the last action on it.
import { batch, computed, signal } from '@preact/signals'
import type { Agent, AgentLiveEvent, ConversationDetail, ConversationSummary, LiveMessage } from '../../shared/live.ts'
import { AgentApiError, type Action, type AgentApi } from './api.ts'
import { orderQueue } from './queue.ts'
import type { StreamState } from './live-stream.ts'

/** What the open conversation's last action ran into: held by someone else or ended (409), or another failure. */
export type Notice = { kind: 'taken'; by?: string } | { kind: 'ended' } | { kind: 'failed' }

const looksLikeSummary = (x: unknown): x is ConversationSummary =>
  !!x && typeof x === 'object' && typeof (x as ConversationSummary).id === 'string' && typeof (x as ConversationSummary).status === 'string'
const looksLikeMessage = (x: unknown): x is LiveMessage =>
  !!x && typeof x === 'object' && typeof (x as LiveMessage).id === 'string' && typeof (x as LiveMessage).content === 'string'

function withMessage(messages: LiveMessage[], m: LiveMessage): LiveMessage[] {
  if (messages.some((x) => x.id === m.id)) return messages
  return [...messages, m].sort((a, b) => a.ts - b.ts)
}

export function createConsoleState(api: AgentApi, agent: Agent, clock: () => number = Date.now) {
  const conversations = signal<Record<string, ConversationSummary>>({})
  const unread = signal<Record<string, number>>({})
  const openId = signal<string | null>(null)
  const details = signal<Record<string, ConversationDetail>>({})
  const notice = signal<Notice | null>(null)
  const connection = signal<StreamState>('connecting')
  const quickReplies = signal<string[]>([])
  /** Ticks every second while the console runs, for waiting times. */
  const now = signal(clock())
  /** The first list has arrived: conversations the stream names after that are new to this person. */
  let listed = false

  const queue = computed(() => orderQueue(Object.values(conversations.value), now.value))
  const unreadTotal = computed(() => Object.values(unread.value).reduce((n, k) => n + k, 0))
  /** The open conversation: its transcript from the detail, its state from the freshest summary. */
  const open = computed(() => {
    const id = openId.value
    if (!id) return null
    const detail = details.value[id]
    const summary = conversations.value[id]
    if (!detail) return summary ? { ...summary, messages: null, visitor: null } : null
    return { ...detail, ...summary, messages: detail.messages, visitor: detail.visitor }
  })

  const upsert = (c: ConversationSummary, live = false) => {
    const known = conversations.value[c.id]
    conversations.value = { ...conversations.value, [c.id]: { ...c, last: c.last && (!known?.last || c.last.ts >= known.last.ts) ? c.last : known?.last } }
    // Someone new joining the queue while the console is open counts as unread until a person looks.
    if (live && listed && !known && c.status === 'waiting' && c.last?.role === 'user' && openId.value !== c.id) unread.value = { ...unread.value, [c.id]: 1 }
  }

  const addMessage = (conversationId: string, m: LiveMessage) => {
    const summary = conversations.value[conversationId]
    if (summary && (!summary.last || m.ts >= summary.last.ts)) conversations.value = { ...conversations.value, [conversationId]: { ...summary, last: m } }
    const detail = details.value[conversationId]
    if (detail) details.value = { ...details.value, [conversationId]: { ...detail, messages: withMessage(detail.messages, m) } }
    // A resumed stream may replay a message: count it once.
    const seen = summary?.last?.id === m.id || detail?.messages.some((x) => x.id === m.id)
    if (m.role === 'user' && openId.value !== conversationId && !seen) unread.value = { ...unread.value, [conversationId]: (unread.value[conversationId] ?? 0) + 1 }
  }

  function applyEvent(e: AgentLiveEvent): void {
    batch(() => {
      if (e.event === 'conversation') upsert(e.data, true)
      else {
        const { conversationId, ...message } = e.data
        addMessage(conversationId, message)
      }
    })
  }

  async function refresh(): Promise<void> {
    const list = await api.conversations()
    batch(() => list.forEach((c) => upsert(c)))
    listed = true
  }

  async function loadDetail(id: string): Promise<ConversationDetail> {
    const detail = await api.conversation(id)
    // Messages that came over the stream while the request was out are kept.
    const messages = (details.value[id]?.messages ?? []).reduce(withMessage, detail.messages.slice().sort((a, b) => a.ts - b.ts))
    batch(() => {
      details.value = { ...details.value, [id]: { ...detail, messages } }
      const { messages: _, visitor: __, ...summary } = detail
      upsert(summary)
    })
    return detail
  }

  async function select(id: string): Promise<void> {
    batch(() => {
      openId.value = id
      notice.value = null
      const { [id]: _, ...rest } = unread.value
      unread.value = rest
    })
    await loadDetail(id).catch(() => {
      if (openId.value === id) notice.value = { kind: 'failed' }
    })
  }

  async function explainConflict(id: string, err: AgentApiError): Promise<Notice> {
    const body = err.body as { agent?: Agent; conversation?: { agent?: Agent } } | null
    const named = body?.conversation?.agent?.name ?? body?.agent?.name
    if (named) return { kind: 'taken', by: named }
    const fresh = await loadDetail(id).catch(() => null)
    if (fresh?.status === 'closed') return { kind: 'ended' }
    return { kind: 'taken', by: fresh?.agent && fresh.agent.id !== agent.id ? fresh.agent.name : undefined }
  }

  /** Runs an API call for the open conversation; a 409 or a failure becomes the notice. Resolves true on success. */
  async function attempt(id: string, call: () => Promise<unknown>): Promise<boolean> {
    notice.value = null
    try {
      // The edge answers an action with {conversation}: applied now, the stream says it again.
      const result = (await call()) as { conversation?: unknown } | null
      if (looksLikeSummary(result?.conversation)) upsert(result.conversation)
      return true
    } catch (err) {
      const n = err instanceof AgentApiError && err.status === 409 ? await explainConflict(id, err) : { kind: 'failed' as const }
      if (openId.value === id) notice.value = n
      return false
    }
  }

  const act = (id: string, action: Action) => attempt(id, () => api.act(id, action))

  const send = (id: string, text: string) =>
    attempt(id, async () => {
      // The edge answers with {message}; the stream brings it too, and duplicates are dropped by id.
      const result = (await api.send(id, text)) as { message?: unknown } | null
      if (looksLikeMessage(result?.message)) addMessage(id, result.message)
    })

  async function loadConfig(lang: string): Promise<void> {
    quickReplies.value = await api.config(lang).then((c) => c.quickReplies, () => [])
  }

  return { agent, conversations, unread, openId, details, notice, connection, quickReplies, now, queue, unreadTotal, open, applyEvent, refresh, select, act, send, loadConfig, typing: api.typing }
}

export type ConsoleState = ReturnType<typeof createConsoleState>
