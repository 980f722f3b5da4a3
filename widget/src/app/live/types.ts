// What the app chunk and the lazily loaded live channel (/huike-live.js) share: types only, so the
// app chunk carries none of the channel's code and neither side pulls zod in.
import type { Agent, ConversationOutcome, ConversationStatus } from '../../../../shared/live.ts'
import type { KV } from '../storage.ts'
import type { Message } from '../types.ts'

export type { Agent, VisitorLiveEvent } from '../../../../shared/live.ts'

/** The live conversation as this device knows it, stored under `live` and shared by the tabs. */
export interface LiveState {
  conversationId?: string
  status: ConversationStatus
  /** The person holding it (active), or who held it last. */
  agent?: Agent
  outcome?: ConversationOutcome
}

/** What the live channel gets from the chat: where to connect, and how to change the conversation. */
export interface LiveHost {
  endpoint: string
  kv: KV
  fetch: typeof fetch
  visitorId(): string
  /** The visitor's own bearer token (visitor-token.ts), or undefined while offline. */
  token(): Promise<string | undefined>
  readonly state: { readonly value: LiveState | null }
  readonly messages: { readonly value: Message[] }
  /** A new state: shown, stored, told to the other tabs. */
  update(s: LiveState): void
  /** The person's name while they type, '' when they stop: shown and told to the other tabs. */
  typing(name: string): void
  /** A finished message: shown, stored, told to the other tabs. */
  publish(m: Message): void
}

export interface LiveChannel {
  /** The visitor writes to the person; false when the edge did not take it. */
  send(text: string): Promise<boolean>
  /** Back to the assistant: the conversation closes as released. */
  leave(): Promise<void>
  /** Lets go of the connection (or of the wait to lead): the conversation closed, or the chat is disposed. */
  stop(): void
}

/** The lazily loaded module's surface (live/index.ts). */
export interface LiveModule {
  startLive(host: LiveHost): LiveChannel
}
