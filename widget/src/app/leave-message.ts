// "Leave a message" when nobody can join the chat now (a handoff card with `form`): what the visitor
// fills in, POSTed to /v1/handoff/message with who is writing, and the card remembered as sent so a
// reload shows the confirmation, not the form. The form itself is components/LeaveMessageForm.tsx.
import type { LeaveMessage } from '../../../shared/live.ts'
import { postJson } from './transport.ts'
import type { Card, ChatError, HandoffCard, Lang } from './types.ts'

/** What the visitor fills in; the chat adds visitorId, sessionId and lang. */
export type LeaveMessageFields = Omit<LeaveMessage, 'visitorId' | 'sessionId' | 'lang'>
/** Sends the form under `card`; null once the edge accepted it (the chat then stores the card as sent). */
export type LeaveMessageSender = (card: HandoffCard, fields: LeaveMessageFields) => Promise<ChatError | null>
/** A handoff card whose message went out: stored so, and a reload shows the confirmation, not the form. */
export type SentHandoffCard = HandoffCard & { sent?: boolean }

/** `cards` with `card` marked as sent, for the chat to store. */
export function markSent(cards: readonly Card[], card: HandoffCard): Card[] {
  return cards.map((c) => (c === card ? ({ ...card, sent: true } as SentHandoffCard) : c))
}

/** POST /v1/handoff/message; null when accepted (202), else the edge's error or a network one. */
export async function postLeaveMessage(endpoint: string, body: LeaveMessage, fetchImpl?: typeof fetch): Promise<ChatError | null> {
  const r = await postJson<unknown>(`${endpoint}/v1/handoff/message`, body, fetchImpl)
  return r.ok ? null : r.error
}

export interface SenderOptions {
  endpoint: string
  lang: Lang
  fetch?: typeof fetch
  /** Who is writing, now (the session may have moved on since the card came). */
  who: () => { visitorId: string; sessionId: string }
  /** Stores the card as sent (markSent on its message), so a reload shows the confirmation. */
  remember: (card: HandoffCard) => void
}

/** The chat's LeaveMessageSender: who is writing and the page's language added, POSTed, remembered once accepted. */
export function createLeaveMessageSender(o: SenderOptions): LeaveMessageSender {
  return async (card, fields) => {
    const err = await postLeaveMessage(o.endpoint, { ...o.who(), lang: o.lang, ...fields }, o.fetch)
    if (!err) o.remember(card)
    return err
  }
}
