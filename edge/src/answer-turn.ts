// One chat turn, whatever channel it came through: the visitor's words (masked on arrival) and what
// is known of them in, the answer's events out (meta, delta, card, suggest, profile, done | error).
// The web widget streams those events as SSE (chat-route.ts); the WeChat and app channels render them
// in their own formats (channels/). Around the answer: the handoff session counters ride along in the
// `profile` patch, a dialogue's notice (handoff, ticket) goes to the webhook and the turn is logged
// once the answer is over, in the background, so the visitor never waits for either. With a live
// channel (deps.live): a handoff puts the visitor in the shop's queue before the answer streams;
// while they wait, each turn is copied into the conversation; while a person holds it, the visitor's
// words go to that person and the assistant is silent.
import type { CHANNEL_NAMES } from '../../shared/channels.ts'
import { maskPII } from '../../shared/mask.ts'
import type { ChatEvent, ChatRequest, VisitorProfile } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { createTurnLog } from './analytics/turn-log.ts'
import { chatEvents } from './chat-events.ts'
import { prepareTurn } from './chat-turn.ts'
import { turnSessionPatch } from './dialogue/handoff-session.ts'
import { liveHandoffReason, silentTurn, visitorContext } from './live/chat-live.ts'
import type { ReplyOptions } from './model/stream-reply.ts'
import type { ModelUsage } from './model/types.ts'
import { deliverNotice } from './notify/notice.ts'
import { withRegion } from './region.ts'
import { replyLanguage } from './understanding/language.ts'
import { inTurnBudget } from './turn-budget.ts'

/** Where a turn came from: the web widget, or a channel without a browser (CONTRACT §7, channels/). */
export type Channel = 'web' | (typeof CHANNEL_NAMES)[number]

export interface TurnContext {
  channel: Channel
  /** Runs work that outlives the answer (Workers: waitUntil). */
  background: (task: Promise<unknown>) => void
  /** Called once the answer is over with its profile patches merged (a verified customer's server profile takes them). */
  onProfile?: (patch: VisitorProfile) => void
}

/** The answer's events for one abort signal (the visitor going away stops the model). */
export type AnswerProducer = (signal: AbortSignal) => AsyncGenerator<ChatEvent>

/**
 * A valid request as the turn reads it: every message masked (the widget already did; an app, a
 * WeChat user or an older widget may not have), the reply language settled, the region from the CDN.
 */
export function normalizeRequest(parsed: ChatRequest, country?: string): ChatRequest {
  const messages = parsed.messages.map((m) => ({ ...m, content: maskPII(m.content) }))
  const lang = replyLanguage(parsed.lang, messages.at(-1)!.content)
  return { ...parsed, messages, lang, page: withRegion(parsed.page, country) }
}

/** The turn answerer of one edge: `answer(request, context)` prepares the turn and returns its events. */
export function createTurnAnswerer(deps: AppDeps) {
  const logTurn = deps.store && createTurnLog(deps.store, () => deps.config)
  const log = deps.log ?? ((m: string) => console.warn(m))
  // The live channel failing (its database) must not take the assistant down with it: logged, then answered as usual.
  const attempt = <T>(what: string, task: () => Promise<T>) =>
    task().catch((err: unknown) => void log(`huike: live ${what} failed: ${err instanceof Error ? err.message : String(err)}`))

  return async function answerTurn(request: ChatRequest, context: TurnContext): Promise<AnswerProducer> {
    const { messages } = request
    const desk = deps.live
    const open = desk && (await attempt('lookup', () => desk.openFor(request.visitorId)))
    const question = messages.at(-1)!.content
    if (open) await attempt('transcript', () => desk.append(open, { role: 'user', content: question }))
    if (open?.status === 'active') return () => silentTurn(deps.model.provider)
    const turn = await inTurnBudget(() => prepareTurn(request, deps.catalog, deps.config, deps.now?.(), { webhook: !!deps.webhook?.url, ...(desk && { live: { waitMs: desk.waitMs } }) }))
    // The model's token count for this answer, when it reports one: logged with the turn (the report's cost).
    let usage: ModelUsage | undefined
    const reply: ReplyOptions = { firstTokenTimeoutMs: deps.firstTokenTimeoutMs, idleTimeoutMs: deps.streamIdleMs, log: deps.log, onUsage: (u) => (usage = u) }
    const session = turnSessionPatch(request, turn.sentiment, turn.plan)
    const dialogue = turn.plan.kind === 'dialogue' ? turn.plan.reply : undefined
    const notice = dialogue?.notice
    const reason = desk && !open ? liveHandoffReason(dialogue) : undefined
    const conversation =
      reason && desk
        ? await attempt('handoff', () => desk.handoff({ visitorId: request.visitorId, sessionId: request.sessionId, reason, visitor: { ...visitorContext(request, turn, deps.catalog, deps.config), channel: context.channel }, transcript: messages }))
        : open
    const onEnd = (streamed: string, patch: VisitorProfile) => {
      context.onProfile?.(patch)
      const answer = streamed || dialogue?.text
      if (desk && conversation && answer) {
        context.background(attempt('transcript', () => desk.append(conversation, { role: 'assistant', content: answer })))
      }
      if (notice) {
        const delivery = deliverNotice({ notice, topic: dialogue.topic, request, reply: streamed || dialogue.text, config: deps.config, settings: deps.webhook, log: deps.log })
        deps.onNotice?.(delivery)
        context.background(delivery)
      }
      if (logTurn) {
        const logged = logTurn({ request, turn, now: deps.now?.() ?? Date.now(), channel: context.channel, ...(usage && { usage }) }, streamed)
        context.background(logged.catch((err: unknown) => log(`huike: turn not logged: ${err instanceof Error ? err.message : String(err)}`)))
      }
    }
    return (signal) => aroundAnswer(chatEvents(turn, request.profile, { model: deps.model, offline: deps.offline, config: deps.config, catalog: deps.catalog, reply }, signal), session, onEnd)
  }
}

/**
 * The answer's events, with `session` merged into its profile patch (or a patch of its own before
 * `done`), and `onEnd(text, patch)` called once with the streamed text and the patches sent when the
 * stream is over: after `done`, after an error, or when the visitor went away.
 */
async function* aroundAnswer(events: AsyncGenerator<ChatEvent>, session: VisitorProfile | undefined, onEnd?: (text: string, patch: VisitorProfile) => void): AsyncGenerator<ChatEvent> {
  let text = ''
  let sent: VisitorProfile = {}
  let patched = session === undefined
  let ended = false
  const end = () => {
    if (ended || !onEnd) return
    ended = true
    onEnd(text, sent)
  }
  try {
    for await (const e of events) {
      if (e.event === 'delta') text += e.data.text
      if (e.event === 'profile') sent = { ...sent, ...e.data.patch }
      if (e.event === 'profile' && !patched) {
        patched = true
        yield { event: 'profile', data: { patch: { ...e.data.patch, ...session } } }
        continue
      }
      if (e.event === 'done' && !patched) {
        patched = true
        yield { event: 'profile', data: { patch: session! } }
      }
      yield e
      if (e.event === 'done') end()
    }
  } finally {
    end()
  }
}
