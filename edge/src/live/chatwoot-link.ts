// Chatwoot as the people behind the live desk (HUIKE_CHATWOOT_*). It listens to the desk like an agent
// console does: a new conversation is handed to Chatwoot with its transcript, and whatever is said in
// it afterwards follows (the visitor's words, the assistant's answers while the visitor waits, a
// console agent's when HUIKE_AGENT_TOKEN is on too), as does a note when it ends on our side. The
// other way, the inbox's webhook brings the agents' replies in through the desk, so they reach the
// visitor's /v1/live stream like a console agent's; resolving in Chatwoot closes the conversation.
//
// A Chatwoot failure never blocks the visitor: the bridge logs it, and a conversation Chatwoot did not
// take stays in the built-in queue, where the wait timeout offers the message form as usual.
import type { Hono } from 'hono'
import type { Agent, AgentLiveEvent, LiveMessage } from '../../../shared/live.ts'
import { ChatwootError, chatwootWebhookRoute, type ChatwootBridge, type ChatwootRef } from '../chatwoot/index.ts'
import type { LiveDesk } from './desk.ts'

export interface ChatwootLinkOptions {
  desk: LiveDesk
  bridge: ChatwootBridge
  /** HUIKE_CHATWOOT_SECRET and/or HUIKE_CHATWOOT_WEBHOOK_TOKEN: the webhook refuses to be built without one. */
  secret?: string
  pathToken?: string
  /** The language of the notes the shop's agents read in Chatwoot; default zh-CN (as the bridge's). */
  lang?: 'zh-CN' | 'en'
  log?: (message: string) => void
}

export interface ChatwootLink {
  /** The API inbox's webhook: mount it at /v1/channels/chatwoot. */
  webhook: Hono
  /** Resolves once everything the desk said so far has reached Chatwoot (or failed): tests and shutdown await it. */
  idle(): Promise<void>
  stop(): void
}

/** What Chatwoot's agent reads when the conversation ended on our side: the visitor will not see a reply. */
const ENDED_NOTES = {
  'zh-CN': { released: '访客已回到 AI 助手，此对话已结束，在此回复访客将收不到。', unanswered: '等待超时，访客已转为留言，此对话已结束，在此回复访客将收不到。' },
  en: { released: 'The visitor went back to the AI assistant; this conversation is over and replies here will not reach them.', unanswered: 'Nobody answered in time and the visitor was offered the message form; replies here will not reach them.' },
} as const

/** Agents from the webhook carry this id prefix (chatwoot/webhook-events.ts); their words are already in Chatwoot. */
const isChatwootAgent = (agent: Agent | undefined) => !!agent?.id.startsWith('chatwoot:')

export async function linkChatwoot(options: ChatwootLinkOptions): Promise<ChatwootLink> {
  const { desk, bridge } = options
  const log = options.log ?? ((message: string) => console.warn(message))
  const notes = ENDED_NOTES[options.lang ?? 'zh-CN']
  // Per conversation, Chatwoot is told things in the order the desk did them: a message never
  // overtakes the handoff that creates its Chatwoot conversation.
  const queues = new Map<string, Promise<void>>()
  // The ids the handoff's transcript carried, so a message the desk announced meanwhile is not posted twice.
  const inTranscript = new Map<string, Set<string>>()

  function inOrder(conversationId: string, work: () => Promise<void>): void {
    const run = (queues.get(conversationId) ?? Promise.resolve()).then(work).catch((err: unknown) => {
      // The bridge has logged its own failures already.
      if (!(err instanceof ChatwootError)) log(`huike: Chatwoot link, conversation ${conversationId}: ${err instanceof Error ? err.message : String(err)}`)
    })
    queues.set(conversationId, run)
    void run.finally(() => queues.get(conversationId) === run && queues.delete(conversationId))
  }

  async function handOver(conversationId: string): Promise<void> {
    if (inTranscript.has(conversationId)) return
    const stored = await desk.conversations.get(conversationId)
    if (!stored || stored.status === 'closed') return
    const { sessionId: _, ...detail } = stored
    inTranscript.set(conversationId, new Set(detail.messages.map((m) => m.id)))
    await bridge.handoff(detail)
  }

  /** Posts to the conversation's Chatwoot counterpart; nothing when it was never handed over (Chatwoot failed then). */
  async function post(conversationId: string, message: LiveMessage): Promise<void> {
    if (inTranscript.get(conversationId)?.has(message.id)) return
    const ref = await bridge.refFor(conversationId)
    if (ref) await bridge.visitorMessage(ref, message)
  }

  function onDeskEvent({ event, data }: AgentLiveEvent): void {
    if (event === 'message') {
      const { conversationId, ...message } = data
      if (!(message.role === 'agent' && isChatwootAgent(message.agent))) inOrder(conversationId, () => post(conversationId, message))
      return
    }
    // `waiting` is only ever announced by a new handoff; taking and ending announce other states.
    if (data.status === 'waiting') inOrder(data.id, () => handOver(data.id))
    if (data.status !== 'closed') return
    inOrder(data.id, async () => {
      inTranscript.delete(data.id)
      // Closed by an agent (in Chatwoot or a console) needs no note; one would reopen a resolved Chatwoot conversation.
      if (data.outcome === 'released' || data.outcome === 'unanswered') {
        await post(data.id, { id: `${data.id}:ended`, role: 'assistant', content: notes[data.outcome], ts: data.closedAt ?? desk.now() })
      }
    })
  }

  async function agentReply(ref: ChatwootRef, { text, agent }: { text: string; agent: Agent }): Promise<void> {
    // Chatwoot decides who may write in its conversations; the desk knows one holder. So a second
    // Chatwoot agent writes under the holder's id with their own name, and the visitor sees who wrote.
    // A console agent's hold still stands against Chatwoot.
    const open = await desk.openFor(ref.visitorId)
    const holder = open?.id === ref.conversationId && open.status === 'active' ? open.agent : undefined
    const writer = holder && isChatwootAgent(holder) && isChatwootAgent(agent) ? { id: holder.id, name: agent.name } : agent
    // A waiting conversation becomes theirs first; a closed one is a 409, which the webhook answers
    // with 500 so Chatwoot marks the reply as not delivered.
    await desk.agentMessage(ref.conversationId, writer, text)
  }

  async function resolved(ref: ChatwootRef): Promise<void> {
    const open = await desk.openFor(ref.visitorId)
    if (open?.id !== ref.conversationId) return // already over here: the visitor left or nobody came in time
    await desk.end(ref.conversationId, 'closed', 'agent')
  }

  const webhook = chatwootWebhookRoute({ links: bridge.links, secret: options.secret, pathToken: options.pathToken, onAgentMessage: agentReply, onResolved: resolved, log })
  const subscription = await desk.hub.subscribeAgents(undefined, ({ event }) => onDeskEvent(event))
  return {
    webhook,
    async idle() {
      while (queues.size) await Promise.all(queues.values())
    },
    stop: () => subscription.close(),
  }
}
