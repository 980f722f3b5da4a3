// Transcript retention, off by default (data minimisation). When a site turns it on, each finished
// turn is stored as a `transcript` event — both sides masked again here, whatever the widget did —
// and a question the assistant could not answer also as `unanswered`, which the report groups into
// its knowledge-gap list. Both are purged after the configured days, at most once an hour.
import type { SiteConfig } from '../../../shared/config.ts'
import { maskPII } from '../../../shared/mask.ts'
import type { ChatRequest } from '../../../shared/protocol.ts'
import type { TurnPlan } from '../knowledge/plan.ts'
import type { EventStore } from '../store/types.ts'

export const RETAINED_TYPES = ['transcript', 'unanswered'] as const
const PURGE_EVERY_MS = 3_600_000
const DAY_MS = 86_400_000

/** Nothing useful found: an unknown product, or a search without results. */
export function unanswered(plan: TurnPlan): boolean {
  return plan.kind === 'unknown' || (plan.kind === 'general' && plan.answers.length === 0)
}

export interface RetainTurn {
  request: ChatRequest
  reply: string
  plan: TurnPlan
  intent: string
  now: number
}

/** A retention policy over one store: `retain` after each turn (no-op when off). */
export function createRetention(store: EventStore, config: () => SiteConfig) {
  let lastPurge = 0
  return async function retain({ request, reply, plan, intent, now }: RetainTurn): Promise<void> {
    const policy = config().privacy.transcripts
    if (!policy.retain) return
    const q = maskPII(request.messages.at(-1)!.content)
    const base = { visitorId: request.visitorId, sessionId: request.sessionId, ts: now }
    const topic = plan.kind === 'dialogue' ? plan.reply.topic : plan.kind
    const events = [{ ...base, type: 'transcript', props: { q, a: maskPII(reply), topic, intent } }]
    if (unanswered(plan)) events.push({ ...base, type: 'unanswered', props: { q, a: '', topic: intent, intent } })
    await store.append(events)
    if (now - lastPurge > PURGE_EVERY_MS) {
      lastPurge = now
      await store.purge(RETAINED_TYPES, now - policy.days * DAY_MS)
    }
  }
}
