// Shapes the widget keeps locally. Wire shapes come from shared/protocol.ts, as types only (no zod here).
import type { Card, GreetResponse, Lang } from '../../../shared/protocol.ts'

export type { Card, CardProduct, ChatEvent, CompareCard, CouponCard, HandoffCard, TicketCard, ChatMessage, GreetResponse, Lang, PageContext, ProductCard, TrackedEvent, VisitorProfile } from '../../../shared/protocol.ts'

export type Role = 'user' | 'assistant'
/** `stopped`: the visitor pressed stop; the partial answer stays. */
export type MessageStatus = 'done' | 'streaming' | 'stopped'

export interface Message {
  id: string
  role: Role
  text: string
  cards?: Card[]
  suggestions?: string[]
  ts: number
  status: MessageStatus
  /** The opening line from /v1/greet: shown, stored, never sent back as conversation. */
  greeting?: boolean
  /** The visitor's 👍 (1) or 👎 (-1) on an assistant reply. */
  feedback?: 1 | -1
  /** What the edge said the reply was about (meta.topic, else meta.intent): sent with 👍/👎 for the report. */
  topic?: string
  /**
   * A person's message in a live handoff (role stays `assistant`, the protocol's): their display name.
   * Shown as `data-role="agent"`; sent to the model as context with the name in front.
   */
  agent?: string
  /** A notice whose words are the view's (e.g. `unanswered`: nobody could join now); never sent as conversation. */
  notice?: 'unanswered'
}

/** idle: nothing in flight; waiting: request sent, no reply yet; streaming: reply arriving; error: last request failed. */
export type Status = 'idle' | 'waiting' | 'streaming' | 'error'

/** Every failure of a request, typed; the view turns `code` into words. */
export interface ChatError {
  /** An API code (`rate_limited`, `too_large`…), a stream `error` code, or `network` / `incomplete` / `http`. */
  code: string
  message: string
  status?: number
}

/** What the loader passes to the app's `mount`. */
export interface MountOptions {
  lang: Lang
  /** Brand colour, `#rgb`…`#rrggbbaa`. */
  color: string
  /** API base without a trailing slash, e.g. `https://edge.example`. */
  endpoint: string
  /** The launcher button the loader already rendered in the same shadow root. */
  launcher?: HTMLElement
  /** The bubble chunk's /v1/greet answer (null when it didn't ask): the app uses it instead of asking again. */
  greeted?: Promise<GreetResponse | null>
}

export type ApiHandler = (command: string, ...args: unknown[]) => unknown

export { MAX_HISTORY, MAX_MESSAGE_CHARS } from '../../../shared/limits.ts'
/** Request bodies stay under this many bytes, safely below the edge's MAX_BODY_BYTES (64 KB). */
export const MAX_BODY_SEND_BYTES = 60_000

