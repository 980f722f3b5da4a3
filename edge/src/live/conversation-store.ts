// Where live conversations and their messages are kept: one interface, one SQL implementation
// (sql-conversations.ts) over the same driver as the events (libsql on Node, D1 on Workers).
// The store only records; who may do what, and who hears about it, is the desk's job (desk.ts).
import type { Agent, ConversationDetail, ConversationOutcome, ConversationStatus, ConversationSummary, LiveMessage, LiveReason, VisitorContext } from '../../../shared/live.ts'

export interface NewConversation {
  visitorId: string
  sessionId: string
  reason: LiveReason
  visitor: VisitorContext
  /** The chat so far, oldest first: what the person reads before answering. */
  transcript: readonly NewMessage[]
  now: number
}

export interface NewMessage {
  role: LiveMessage['role']
  content: string
  ts: number
  agent?: Agent
}

/** A conversation with the session it came from (report events carry it). */
export type StoredConversation = ConversationSummary & { sessionId: string }

/** Why a take did not happen: the conversation is held by someone else, closed, or unknown. */
/** `taken`: it was waiting and is theirs now (false: they already held it). */
export type TakeResult = { ok: true; taken: boolean; conversation: StoredConversation } | { ok: false; why: 'held' | 'closed' | 'missing'; conversation?: StoredConversation }

export interface ListOptions {
  status?: ConversationStatus
  /** At most this many, newest first. */
  limit: number
}

export interface ConversationStore {
  open(input: NewConversation): Promise<StoredConversation>
  get(id: string): Promise<(ConversationDetail & { sessionId: string }) | undefined>
  /** Newest first (by when they entered the queue). */
  list(options: ListOptions): Promise<StoredConversation[]>
  /** The visitor's waiting or active conversation, if any. */
  openFor(visitorId: string): Promise<StoredConversation | undefined>
  /** The visitor's newest conversation, whatever its status. */
  latestFor(visitorId: string): Promise<StoredConversation | undefined>
  addMessage(conversationId: string, message: NewMessage): Promise<LiveMessage>
  /** One holder per conversation: a waiting one (or one this agent already holds) becomes theirs. */
  take(id: string, agent: Agent): Promise<TakeResult>
  /** Ends an open conversation; `onlyIf` ends it only in that status (a timeout must not end a taken one). Undefined: nothing ended. */
  end(id: string, outcome: ConversationOutcome, now: number, onlyIf?: ConversationStatus): Promise<StoredConversation | undefined>
  /** Records a person's first answer; true only the first time. */
  markFirstResponse(id: string, now: number): Promise<boolean>
  /** Waiting conversations that entered the queue at or before `since`. */
  waitingSince(since: number): Promise<StoredConversation[]>
  /** Every conversation of the visitor with its messages, oldest first (their data export). */
  exportVisitor(visitorId: string): Promise<ConversationDetail[]>
  /** Erases the visitor's conversations and their messages; how many conversations. */
  deleteVisitor(visitorId: string): Promise<number>
}
