// What a chat request carries: the last MAX_HISTORY turns with text (the greeting and notices excluded),
// each cut to the edge's per-message limit, dropping the oldest first until the JSON body fits under
// MAX_BODY_SEND_BYTES.
import {
  MAX_BODY_SEND_BYTES, MAX_HISTORY, MAX_MESSAGE_CHARS,
  type ChatMessage, type Lang, type Message, type PageContext, type VisitorProfile,
} from './types.ts'

export { pageContext } from './page-context.ts'

export interface ChatBody {
  visitorId: string
  sessionId: string
  messages: ChatMessage[]
  profile: VisitorProfile
  page: PageContext
  lang: Lang
}

/**
 * A person's messages (live handoff) go as assistant turns with their name in front, so the model knows
 * what the shop already said without a role the protocol lacks.
 */
export function toHistory(messages: readonly Message[], max = MAX_HISTORY): ChatMessage[] {
  return messages
    .filter((m) => !m.greeting && m.text.trim())
    .slice(-max)
    .map((m) => ({
      role: m.role,
      content: (typeof m.agent === 'string' ? `[${m.agent || 'agent'} · 人工客服 human agent] ${m.text}` : m.text).slice(0, MAX_MESSAGE_CHARS),
    }))
}

const bytes = (s: string) => new TextEncoder().encode(s).length

/** Drops the oldest messages (never the newest) until the body's JSON fits in `maxBytes`. */
export function fitBody(body: ChatBody, maxBytes = MAX_BODY_SEND_BYTES): ChatBody {
  const messages = [...body.messages]
  while (messages.length > 1 && bytes(JSON.stringify({ ...body, messages })) > maxBytes) messages.shift()
  return { ...body, messages }
}
