// Transcript retention, off by default (data minimisation). When a site turns it on, each finished
// turn is also stored as a `transcript` event — both sides masked again here, whatever the widget
// did — and a question the assistant could not answer as `unanswered` with its text, which the
// report groups into its knowledge-gap list. Both are purged after the configured days.
import { maskPII } from '../../../shared/mask.ts'
import type { ChatRequest, TrackedEvent } from '../../../shared/protocol.ts'
import { findsNothing, type TurnPlan } from '../knowledge/plan.ts'

/** The event types that hold conversation text, and so are purged. */
export const RETAINED_TYPES = ['transcript', 'unanswered'] as const
export const PURGE_EVERY_MS = 3_600_000
const DAY_MS = 86_400_000

export interface RetainedTurn {
  request: ChatRequest
  reply: string
  plan: TurnPlan
  topic: string
  intent: string
  now: number
}

/** The turn's text events (retention on). */
export function transcriptEvents({ request, reply, plan, topic, intent, now }: RetainedTurn): TrackedEvent[] {
  const q = maskPII(request.messages.at(-1)!.content)
  const base = { visitorId: request.visitorId, sessionId: request.sessionId, ts: now }
  const events: TrackedEvent[] = [{ ...base, type: 'transcript', props: { q, a: maskPII(reply), topic, intent } }]
  if (findsNothing(plan)) events.push({ ...base, type: 'unanswered', props: { q, a: '', topic: intent, intent } })
  return events
}

/** Text events older than the retention period: received before this (epoch ms). */
export const retentionCutoff = (days: number, now: number): number => now - days * DAY_MS
