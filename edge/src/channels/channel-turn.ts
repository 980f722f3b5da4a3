// A turn for a channel without a browser (WeChat, WeCom, apps): the visitor's state comes from the
// server (channel-visitors.ts) instead of the widget's IndexedDB, the same turn runs (answer-turn.ts),
// and its events are collected into one answer the channel renders in its own format. The profile
// patch, the conversation and the quick replies offered ("回复 1") are stored for the next message.
import { MAX_HISTORY, MAX_MESSAGE_CHARS, type Card, type ChatEvent, type HandoffCard, type Lang, type VisitorProfile } from '../../../shared/protocol.ts'
import type { AppDeps } from '../app.ts'
import { createTurnAnswerer, normalizeRequest, type AnswerProducer, type Channel, type TurnContext } from '../answer-turn.ts'
import { LIVE_AGENT_TOPIC } from '../live/chat-live.ts'
import { tokenBuckets } from '../middleware/rate-limit.ts'
import { greet } from '../marketing/greet.ts'
import type { ChannelVisitor, ChannelVisitors } from './channel-visitors.ts'

/** One answer, whole: what a channel renders (and what POST /v1/channels/api/messages returns as JSON). */
export interface ChannelAnswer {
  text: string
  cards: Card[]
  suggestions: string[]
  /** Set when the answer hands the visitor to a person. */
  handoff?: HandoffCard
  /** The visitor's words went to the person holding the conversation: nothing to send. */
  silent?: boolean
  /** The stream ended in an error (its message is already masked for visitors). */
  error?: string
}

export interface ChannelMessage {
  channel: Channel
  /** The channel's id of the person (openid, external_userid, an app's user id). */
  userId: string
  text: string
  lang?: Lang
}

export interface ChannelTurnsOptions {
  deps: AppDeps
  visitors: ChannelVisitors
}

/** Runs work that outlives the answer (Workers: the request's waitUntil). */
export type Background = (task: Promise<unknown>) => void

/** What a visitor's number picks: "1", "回复1", "１" → the first option offered. */
export function pickOption(text: string, options: readonly string[]): string | undefined {
  const m = /^(?:回复|reply)?\s*([0-9０-９]{1,2})\s*$/i.exec(text.trim())
  if (!m) return undefined
  const n = Number(m[1]!.replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)))
  return options[n - 1]
}

/** Adds one event of the answer to what is gathered of it. */
function gather(result: ChannelAnswer & { patch: VisitorProfile }, e: ChatEvent): void {
  if (e.event === 'delta') result.text += e.data.text
  else if (e.event === 'card') {
    if (e.data.type === 'handoff') result.handoff = e.data
    else result.cards.push(e.data)
  } else if (e.event === 'suggest') result.suggestions = e.data.replies
  else if (e.event === 'profile') result.patch = { ...result.patch, ...e.data.patch }
  else if (e.event === 'meta' && e.data.topic === LIVE_AGENT_TOPIC) result.silent = true
  else if (e.event === 'error') result.error = e.data.message
}

/** Runs the producer to its end and gathers its events into one answer, with the profile patch. */
export async function collectAnswer(answer: AnswerProducer, signal: AbortSignal = new AbortController().signal): Promise<ChannelAnswer & { patch: VisitorProfile }> {
  const result: ChannelAnswer & { patch: VisitorProfile } = { text: '', cards: [], suggestions: [], patch: {} }
  for await (const e of answer(signal)) gather(result, e)
  return result
}

export function channelTurns({ deps, visitors }: ChannelTurnsOptions) {
  const answerTurn = createTurnAnswerer(deps)
  // One budget per channel user, HUIKE_RATE_LIMIT messages a minute, whichever channel they write from.
  const perMinute = deps.rateLimit?.perMinute ?? 0
  const buckets = perMinute > 0 ? tokenBuckets({ perMinute, now: deps.now }) : undefined
  // The shop's home as the page: share links and relative product links are made against it.
  const shopPage = () => (deps.config.shop ? { url: new URL(deps.config.shop.baseUrl).href } : {})

  /** Stores what the answer changed: the profile patch, both sides of the exchange, the options now offered. */
  const remember = (visitor: ChannelVisitor, asked: string | undefined, answer: ChannelAnswer & { patch: VisitorProfile }) => {
    const said = answerText(answer)
    visitor.profile = { ...visitor.profile, ...answer.patch }
    visitor.messages = [...visitor.messages, ...(asked ? [{ role: 'user' as const, content: asked }] : []), ...(said ? [{ role: 'assistant' as const, content: said }] : [])].slice(-MAX_HISTORY * 2)
    visitor.options = answer.suggestions
    return visitors.save(visitor)
  }

  /** The visitor, their request and the turn's events for one message. */
  const prepare = async (message: ChannelMessage, background: Background) => {
    const visitor = await visitors.visit(message.channel, message.userId)
    const asked = (pickOption(message.text, visitor.options) ?? message.text).trim().slice(0, MAX_MESSAGE_CHARS)
    const request = normalizeRequest({
      visitorId: visitor.visitorId,
      sessionId: visitor.sessionId,
      messages: [...visitor.messages.slice(-(MAX_HISTORY * 2 - 1)), { role: 'user', content: asked || '?' }],
      profile: visitor.profile,
      page: shopPage(),
      lang: message.lang ?? 'zh-CN',
    })
    const context: TurnContext = { channel: message.channel, background }
    return { visitor, asked: request.messages.at(-1)!.content, producer: await answerTurn(request, context) }
  }

  return {
    /** Spends one message of the user's budget: undefined when allowed, else the seconds to wait. */
    limited: (channel: Channel, userId: string): number | undefined => buckets?.take(`${channel}:${userId}`),
    perMinute,

    /** Answers one message, whole: the same turn as the widget's, the visitor's state from the server. */
    async answer(message: ChannelMessage, background: Background): Promise<ChannelAnswer> {
      const { visitor, asked, producer } = await prepare(message, background)
      const answer = await collectAnswer(producer)
      await remember(visitor, asked, answer)
      return answer
    },

    /** The same, as the widget's event stream; the visitor's state is stored once the stream is over. */
    async stream(message: ChannelMessage, background: Background): Promise<AnswerProducer> {
      const { visitor, asked, producer } = await prepare(message, background)
      return async function* (signal) {
        const answer: ChannelAnswer & { patch: VisitorProfile } = { text: '', cards: [], suggestions: [], patch: {} }
        for await (const e of producer(signal)) {
          gather(answer, e)
          yield e
        }
        background(remember(visitor, asked, answer))
      }
    },

    /** A first contact (WeChat `subscribe`, a QR code's scene): the opener, as an SEM landing page would greet. */
    async greet(message: Omit<ChannelMessage, 'text'> & { scene?: string }): Promise<ChannelAnswer> {
      const visitor = await visitors.visit(message.channel, message.userId)
      const base = deps.config.shop?.baseUrl ?? 'https://channel.invalid/'
      const url = message.scene ? `${base}${base.includes('?') ? '&' : '?'}utm_term=${encodeURIComponent(message.scene)}` : base
      const opened = greet({ visitorId: visitor.visitorId, page: { url }, profile: visitor.profile, lang: message.lang ?? 'zh-CN' }, { config: deps.config, catalog: deps.catalog, log: deps.log, now: deps.now })
      const answer = { text: opened.greeting, cards: opened.cards, suggestions: opened.suggestions, patch: opened.profile ?? {} }
      await remember(visitor, undefined, answer)
      return answer
    },

    /** "删除我的数据": the channel's profile and conversation, the visitor's events and live conversations. */
    async erase(channel: Channel, userId: string): Promise<boolean> {
      const visitor = await visitors.visit(channel, userId)
      const [state, events] = await Promise.all([visitors.erase(visitor.visitorId), deps.store?.deleteVisitor(visitor.visitorId)])
      await deps.live?.eraseVisitor(visitor.visitorId)
      return state || !!events
    },

    visitors,
  }
}

export type ChannelTurns = ReturnType<typeof channelTurns>

/** The assistant's side of the exchange as the next turn's history reads it. */
function answerText(answer: ChannelAnswer): string {
  return [answer.text, answer.handoff?.next].filter(Boolean).join('\n').trim()
}
