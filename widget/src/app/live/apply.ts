// What a live event does to the chat: a status moves the conversation on (and when nobody came in
// time, the visitor is told so and the handoff card offers the message form), a person's message is
// stored as an assistant-role message carrying their name, typing shows who is writing. Event data
// is untrusted: only well-formed parts are kept, and texts are shown through the safe markdown.
import { MAX_MESSAGE_CHARS } from '../../../../shared/limits.ts'
import type { HandoffCard, Message } from '../types.ts'
import type { Agent, LiveHost, LiveState, VisitorLiveEvent } from './types.ts'

// shared/live.ts's lists, repeated: importing its values would bring zod into the widget.
const STATUSES = ['waiting', 'active', 'closed']
const OUTCOMES = ['closed', 'released', 'unanswered']

const agentOf = (a: unknown): Agent | undefined => {
  const x = a as Partial<Agent> | null
  return x && typeof x === 'object' && typeof x.name === 'string' && x.name.trim()
    ? { id: String(x.id ?? ''), name: x.name.trim().slice(0, 40) }
    : undefined
}

/** The card of a live handoff nobody came to: no more waiting, the "leave a message" form instead. */
function offerForm(card: HandoffCard): HandoffCard {
  const { live, ...rest } = card
  void live
  return { ...rest, form: true }
}

/** Nobody came in time: an honest notice (its words are the view's), and the newest live handoff card offers the form. */
function unanswered(host: LiveHost, conversationId: string | undefined, ts: number) {
  const list = host.messages.value
  const notice = `n_${conversationId ?? ts}`
  if (list.some((m) => m.id === notice)) return
  for (let i = list.length - 1; i >= 0; i--) {
    const m = list[i]!
    if (!m.cards?.some((c) => c.type === 'handoff' && c.live)) continue
    const cards = m.cards.map((c) => (c.type === 'handoff' && c.live ? offerForm(c) : c))
    host.publish({ ...m, cards })
    break
  }
  host.publish({ id: notice, role: 'assistant', text: '', notice: 'unanswered', ts, status: 'done' })
}

/** Applies one event; true once the conversation is over. */
export function applyEvent(host: LiveHost, e: VisitorLiveEvent, now: number): boolean {
  const d = e.data as Record<string, unknown>
  const conversationId = typeof d.conversationId === 'string' ? d.conversationId : undefined
  if (e.event === 'status') {
    if (!STATUSES.includes(d.status as string)) return false
    const before = host.state.value
    const s: LiveState = { conversationId, status: d.status as LiveState['status'], agent: agentOf(d.agent) ?? before?.agent }
    if (OUTCOMES.includes(d.outcome as string)) s.outcome = d.outcome as LiveState['outcome']
    if (s.status === 'closed') {
      host.typing('')
      if (s.outcome === 'unanswered') unanswered(host, conversationId, now)
    }
    host.update(s)
    return s.status === 'closed'
  }
  if (e.event === 'message') {
    // Only the person's words: the visitor's own are already here, and the assistant answers on /v1/chat.
    const agent = agentOf(d.agent) ?? host.state.value?.agent
    if (d.role !== 'agent' || typeof d.content !== 'string' || typeof d.id !== 'string') return false
    host.typing('')
    const m: Message = {
      id: `l_${d.id}`, role: 'assistant', agent: agent?.name ?? '', text: d.content.slice(0, MAX_MESSAGE_CHARS),
      ts: typeof d.ts === 'number' ? d.ts : now, status: 'done',
    }
    host.publish(m)
    return false
  }
  if (e.event === 'typing') host.typing(d.typing === true ? agentOf(d.agent)?.name ?? '' : '')
  return false
}
