// Session counters for the handoff rules, without a server-side session store: the edge sends them
// as a profile patch (`profile.session = {id, negative, unresolved}`), the widget keeps them in the
// visitor's local profile and sends them back with the next request. A new sessionId starts at zero.
import type { ChatRequest, Sentiment, VisitorProfile } from '../../../shared/protocol.ts'
import { findsNothing, type TurnPlan } from '../knowledge/plan.ts'
import { asksAnything } from '../knowledge/question.ts'
import { chitChat } from '../understanding/chit-chat.ts'
import { isUnhappy } from '../understanding/mood.ts'
import { missesFacts, namesAny } from '../model/offline-coverage.ts'
import { isSmallTalk, repeatsQuestion, saysUnhelpful } from './handoff-rules.ts'

export interface SessionCounters {
  /** The sessionId these counters belong to. */
  id: string
  /** Negative (or angry) turns so far in the session. */
  negative: number
  /** Consecutive rounds the assistant could not answer, ending with the newest. */
  unresolved: number
}

const MAX_COUNT = 99

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? Math.min(MAX_COUNT, Math.max(0, Math.floor(value))) : 0
}

/** The counters the widget sent for this session; zeros for a new session or anything malformed. */
export function sessionOf(request: ChatRequest): SessionCounters {
  const stored = (request.profile as { session?: unknown }).session
  if (stored && typeof stored === 'object' && (stored as { id?: unknown }).id === request.sessionId) {
    const s = stored as { negative?: unknown; unresolved?: unknown }
    return { id: request.sessionId, negative: count(s.negative), unresolved: count(s.unresolved) }
  }
  return { id: request.sessionId, negative: 0, unresolved: 0 }
}

/**
 * A product plan with nothing to say: a product we don't sell, a question nothing matched, or a
 * product whose facts don't hold what was asked ("X5 支持 NFC 吗" → "商品资料里没有直接提到这一点",
 * or an attribute the catalog doesn't list → "商品资料里没有提到…"). `question`: the newest message.
 */
export function isUnansweredPlan(plan: TurnPlan, question = ''): boolean {
  return findsNothing(plan) || missesFacts(plan, question)
}

/** Small talk answered without the catalog, unless the plan found a product question in it. */
function isAnsweredChitChat(question: string, plan: TurnPlan): boolean {
  const chat = chitChat(question)
  if (chat === undefined) return false
  if (chat === 'presence' || chat === 'greeting' || chat === 'ack') return true
  if (plan.kind !== 'product' && plan.kind !== 'general') return false
  return !plan.answers.some((a) => asksAnything(a.analysis)) && !namesAny(question, plan.answers.map((a) => a.product))
}

/**
 * Whether this round went unanswered: the assistant had nothing (plan), or the visitor says the
 * last answer missed or asks the same again. A dialogue reply (flow, return, warranty) answers.
 * Greetings and thanks are no question, so they count as answered; so do "你是机器人吗" and
 * off-topic chat ("讲个笑话"), which the assistant answers or redirects without the catalog.
 */
export function roundUnresolved(request: ChatRequest, plan: TurnPlan): boolean {
  if (plan.kind === 'dialogue') return false
  const question = request.messages.at(-1)!.content
  if (isSmallTalk(question) || isAnsweredChitChat(question, plan)) return false
  return isUnansweredPlan(plan, question) || saysUnhelpful(question) || repeatsQuestion(request.messages)
}

/** The counters after this turn. */
export function advanceSession(request: ChatRequest, sentiment: Sentiment, plan: TurnPlan): SessionCounters {
  const before = sessionOf(request)
  return {
    id: request.sessionId,
    negative: Math.min(MAX_COUNT, before.negative + (isUnhappy(sentiment) ? 1 : 0)),
    unresolved: roundUnresolved(request, plan) ? Math.min(MAX_COUNT, before.unresolved + 1) : 0,
  }
}

/** Counters after a handoff: the person takes it from here. */
export function resetSession(request: ChatRequest): SessionCounters {
  return { id: request.sessionId, negative: 0, unresolved: 0 }
}

/**
 * The profile patch for `next`, or undefined when the widget already holds exactly that (an
 * ordinary turn of a calm conversation sends nothing).
 */
export function sessionPatch(request: ChatRequest, next: SessionCounters): VisitorProfile | undefined {
  const stored = (request.profile as { session?: unknown }).session
  const before = sessionOf(request)
  const same = before.negative === next.negative && before.unresolved === next.unresolved
  const held = stored !== undefined ? (stored as { id?: unknown }).id === request.sessionId : next.negative === 0 && next.unresolved === 0
  return same && held ? undefined : { session: next }
}

/**
 * The counters' patch for a whole turn (chat-route): none when a dialogue reply carries its own
 * (a handoff resets them) or when nothing changed.
 */
export function turnSessionPatch(request: ChatRequest, sentiment: Sentiment, plan: TurnPlan): VisitorProfile | undefined {
  if (plan.kind === 'dialogue' && (plan.reply.profile as { session?: unknown } | undefined)?.session !== undefined) return undefined
  return sessionPatch(request, advanceSession(request, sentiment, plan))
}
