// What the edge itself records about each chat turn, so the report has real numbers without the
// widget sending conversation data: a `message_sent` event (intent, sentiment, topic, the landing
// campaign and keyword, the offer rule under the answer: no text), and an `unanswered` one when the
// assistant had nothing to say, which feeds the knowledge-gap list. The question's text is kept
// only when the site turned transcript retention on (privacy/retention.ts adds it there).
import type { SiteConfig } from '../../../shared/config.ts'
import { maskPII } from '../../../shared/mask.ts'
import type { ChatRequest, TrackedEvent } from '../../../shared/protocol.ts'
import type { Turn } from '../chat-turn.ts'
import type { ModelUsage } from '../model/types.ts'
import { findsNothing } from '../knowledge/plan.ts'
import { PURGE_EVERY_MS, RETAINED_TYPES, retentionCutoff, transcriptEvents } from '../privacy/retention.ts'
import type { EventStore } from '../store/types.ts'

export interface TurnRecord {
  request: ChatRequest
  turn: Turn
  now: number
  /** Where the turn came from (answer-turn.ts); the report splits by it. Unset: the web widget. */
  channel?: string
  /** The LLM's token count for the answer, when it reported one: the report's cost (usage-totals.ts). */
  usage?: ModelUsage
}

/**
 * The turn's topic for the report: the dialogue that answered ("handoff:angry"), else the intent —
 * what the widget's 👍/👎 carry too (meta.topic, else meta.intent), so satisfaction joins per topic.
 */
export const turnTopic = (turn: Turn): string => (turn.plan.kind === 'dialogue' ? turn.plan.reply.topic : turn.intent)

export function turnEvents({ request, turn, now, channel = 'web', usage }: TurnRecord, keepText: boolean): TrackedEvent[] {
  const base = { visitorId: request.visitorId, sessionId: request.sessionId, ts: now }
  const { landing, offer, intent, sentiment } = turn
  const topic = turnTopic(turn)
  const events: TrackedEvent[] = [{
    ...base,
    type: 'message_sent',
    props: {
      intent, sentiment, topic, channel,
      ...(landing?.campaign && { campaign: landing.campaign.id }),
      // Both come from the visitor's URL and can carry a phone number or an e-mail address.
      ...(landing && { keyword: maskPII(landing.keyword) }),
      ...(request.profile.source && { source: maskPII(request.profile.source) }),
      ...(offer && { ruleId: offer.rule.id, ...(offer.offer && { offerId: offer.offer.id }) }),
      ...(usage && { usage }),
    },
  }]
  // With retention on, retention.ts stores the masked question as `unanswered` instead.
  if (!keepText && findsNothing(turn.plan)) events.push({ ...base, type: 'unanswered', props: { topic: intent, intent } })
  return events
}

/** One turn log over a store: `logTurn` after each answer; purges expired text at most once an hour. */
export function createTurnLog(store: EventStore, config: () => SiteConfig) {
  let lastPurge = 0
  return async function logTurn(record: TurnRecord, reply: string): Promise<void> {
    const policy = config().privacy.transcripts
    const events = turnEvents(record, policy.retain)
    if (policy.retain) events.push(...transcriptEvents({ ...record, reply, plan: record.turn.plan, topic: turnTopic(record.turn), intent: record.turn.intent }))
    await store.append(events)
    if (policy.retain && record.now - lastPurge > PURGE_EVERY_MS) {
      lastPurge = record.now
      await store.purge(RETAINED_TYPES, retentionCutoff(policy.days, record.now))
    }
  }
}
