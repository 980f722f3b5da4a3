// The live desk: every change to a live conversation goes through here, so the store, the hub and the
// report's events always agree. Routes (agent-route.ts, visitor-route.ts) and /v1/chat call it; it
// decides who may do what (409 when a person or the state says no) and tells everyone who listens.
// Waiting too long: a timer per conversation (unref'd: it never keeps Node up) and a check before every
// read, so a conversation nobody took closes as `unanswered` even where timers do not survive (Workers).
import type { Agent, ConversationOutcome, LiveMessage, LiveReason, VisitorContext, VisitorLiveEvent } from '../../../shared/live.ts'
import { DEFAULT_LIVE_WAIT_MS } from '../../../shared/limits.ts'
import { ApiError } from '../errors.ts'
import type { EventStore } from '../store/types.ts'
import type { ConversationStore, NewMessage, StoredConversation } from './conversation-store.ts'
import type { LiveHub } from './hub.ts'

/** Who writes when the console sends no name. */
export const DEFAULT_AGENT: Agent = { id: 'agent', name: '人工客服' }

export interface LiveDeskOptions {
  conversations: ConversationStore
  hub: LiveHub
  /** Where handoff_taken / _closed / _released / _unanswered and agent_message go for the report; unset: not recorded. */
  events?: EventStore
  /** HUIKE_LIVE_WAIT_MS. */
  waitMs?: number
  /** The clock (tests move it); default Date.now. */
  now?: () => number
  log?: (message: string) => void
}

/**
 * Where a visitor without a browser hears a person (channels/live-relay.ts): everything the widget
 * would get on GET /v1/live also goes to each relay, which sends what its channel can show.
 */
export interface LiveRelay {
  toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void>
}

export interface HandoffInput {
  visitorId: string
  sessionId: string
  reason: LiveReason
  visitor: VisitorContext
  transcript: readonly Omit<NewMessage, 'ts'>[]
}

/** The public face of a stored conversation (the session id stays on the edge). */
export function summary({ sessionId: _, ...rest }: StoredConversation) {
  return rest
}

export class LiveDesk {
  readonly waitMs: number
  readonly hub: LiveHub
  readonly conversations: ConversationStore
  readonly now: () => number
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly log: (message: string) => void
  private readonly relays: LiveRelay[] = []

  constructor(private readonly o: LiveDeskOptions) {
    this.waitMs = o.waitMs ?? DEFAULT_LIVE_WAIT_MS
    this.hub = o.hub
    this.conversations = o.conversations
    this.now = o.now ?? Date.now
    this.log = o.log ?? ((m) => console.warn(m))
  }

  /** Adds a channel that carries the people's words to visitors without a browser. */
  addRelay(relay: LiveRelay): void {
    this.relays.push(relay)
  }

  /** Puts the visitor in the queue, or returns the conversation they are already in. */
  async handoff(input: HandoffInput): Promise<StoredConversation> {
    const open = await this.openFor(input.visitorId)
    if (open) return open
    const now = this.now()
    const conversation = await this.conversations.open({ ...input, now, transcript: input.transcript.map((m) => ({ ...m, ts: now })) })
    this.scheduleTimeout(conversation)
    await this.hub.toAgents({ event: 'conversation', data: summary(conversation) })
    await this.toVisitor(conversation.visitorId, { event: 'status', data: { conversationId: conversation.id, status: 'waiting', waitMs: this.waitMs } })
    return conversation
  }

  /** The visitor's waiting or active conversation, after closing any that waited too long. */
  async openFor(visitorId: string): Promise<StoredConversation | undefined> {
    await this.expireOverdue()
    return this.conversations.openFor(visitorId)
  }

  /** The visitor's or the assistant's words in an open conversation: stored and shown to the agents. */
  async append(conversation: StoredConversation, message: Omit<NewMessage, 'ts'>): Promise<LiveMessage> {
    const stored = await this.conversations.addMessage(conversation.id, { ...message, ts: this.now() })
    await this.hub.toAgents({ event: 'message', data: { ...stored, conversationId: conversation.id } })
    return stored
  }

  async take(id: string, agent: Agent): Promise<StoredConversation> {
    await this.expireOverdue()
    const result = await this.conversations.take(id, agent)
    if (!result.ok) throw conflict(result.why, result.conversation)
    const taken = result.conversation
    if (result.taken) {
      this.clearTimeout(id)
      // Newly taken (it was waiting): everyone hears, the report learns how long the visitor waited.
      await this.record(taken, 'handoff_taken', { conversationId: id, waitMs: this.now() - taken.since })
      await this.announce(taken)
    }
    return taken
  }

  /** A person writes: a waiting conversation becomes theirs first. */
  async agentMessage(id: string, agent: Agent, text: string): Promise<LiveMessage> {
    const conversation = await this.take(id, agent)
    const now = this.now()
    const message = await this.conversations.addMessage(id, { role: 'agent', content: text, ts: now, agent })
    const first = await this.conversations.markFirstResponse(id, now)
    await this.record(conversation, 'agent_message', { conversationId: id, ...(first && { responseMs: now - conversation.since }) })
    await this.toVisitor(conversation.visitorId, { event: 'message', data: { ...message, conversationId: id } })
    await this.hub.toAgents({ event: 'message', data: { ...message, conversationId: id } })
    return message
  }

  async typing(id: string, agent: Agent, typing: boolean): Promise<void> {
    const conversation = await this.conversations.get(id)
    if (!conversation) throw conflict('missing')
    if (conversation.status === 'closed') throw conflict('closed', conversation)
    await this.toVisitor(conversation.visitorId, { event: 'typing', data: { conversationId: id, agent, typing } })
  }

  /** Back to the assistant (`released`) or ended by a person (`closed`). */
  async end(id: string, outcome: Exclude<ConversationOutcome, 'unanswered'>, by: 'agent' | 'visitor'): Promise<StoredConversation> {
    await this.expireOverdue()
    const ended = await this.conversations.end(id, outcome, this.now())
    if (!ended) {
      const conversation = await this.conversations.get(id)
      throw conflict(conversation ? 'closed' : 'missing', conversation)
    }
    this.clearTimeout(id)
    await this.record(ended, outcome === 'released' ? 'handoff_released' : 'handoff_closed', { conversationId: id, by })
    await this.announce(ended)
    return ended
  }

  /** Closes, as unanswered, every conversation that waited longer than waitMs. */
  async expireOverdue(): Promise<void> {
    const now = this.now()
    for (const waiting of await this.conversations.waitingSince(now - this.waitMs)) {
      const ended = await this.conversations.end(waiting.id, 'unanswered', now, 'waiting')
      this.clearTimeout(waiting.id)
      if (!ended) continue
      await this.record(ended, 'handoff_unanswered', { conversationId: ended.id, waitMs: now - ended.since })
      await this.announce(ended)
    }
  }

  async eraseVisitor(visitorId: string): Promise<void> {
    const open = await this.conversations.openFor(visitorId)
    if (open) this.clearTimeout(open.id)
    await this.conversations.deleteVisitor(visitorId)
  }

  /** To the visitor's widget (the hub) and their channel (the relays); a relay failing is logged, never the desk's failure. */
  private async toVisitor(visitorId: string, event: VisitorLiveEvent): Promise<void> {
    await this.hub.toVisitor(visitorId, event)
    for (const relay of this.relays) {
      await relay.toVisitor(visitorId, event).catch((err: unknown) => this.log(`huike: live ${event.event} not relayed: ${err instanceof Error ? err.message : String(err)}`))
    }
  }

  /** The new state, to the visitor's widget and to every console. */
  private async announce(c: StoredConversation): Promise<void> {
    await this.toVisitor(c.visitorId, {
      event: 'status',
      data: { conversationId: c.id, status: c.status, ...(c.outcome && { outcome: c.outcome }), ...(c.agent && { agent: c.agent }) },
    })
    await this.hub.toAgents({ event: 'conversation', data: summary(c) })
  }

  private scheduleTimeout(c: StoredConversation): void {
    const timer = setTimeout(() => {
      this.timers.delete(c.id)
      this.expireOverdue().catch((err: unknown) => this.log(`huike: live wait check failed: ${err instanceof Error ? err.message : String(err)}`))
    }, Math.max(0, c.since + this.waitMs - this.now()) + 50)
    ;(timer as { unref?: () => void }).unref?.()
    this.timers.set(c.id, timer)
  }

  private clearTimeout(id: string): void {
    const timer = this.timers.get(id)
    if (timer !== undefined) clearTimeout(timer) // the Workers types take no undefined
    this.timers.delete(id)
  }

  private async record(c: StoredConversation, type: string, props: Record<string, unknown>): Promise<void> {
    if (!this.o.events) return
    await this.o.events
      // The channel the visitor wrote from: the report splits handoffs by it like every other event.
      .append([{ type, visitorId: c.visitorId, sessionId: c.sessionId, ts: this.now(), props: { ...props, channel: c.channel ?? 'web' } }])
      .catch((err: unknown) => this.log(`huike: ${type} not recorded: ${err instanceof Error ? err.message : String(err)}`))
  }
}

function conflict(why: 'held' | 'closed' | 'missing', c?: StoredConversation): ApiError {
  if (why === 'missing') return new ApiError(404, 'not_found', 'No such conversation')
  if (why === 'closed') return new ApiError(409, 'conflict', 'This conversation is closed')
  return new ApiError(409, 'conflict', `${c?.agent?.name ?? 'Another person'} is already handling this conversation`)
}
