// What ties our conversations to Chatwoot's: per visitor, the Chatwoot contact (its contact
// identifier, i.e. the contact inbox's `source_id`, and pubsub token) so a visitor who comes back
// is the same contact; per conversation, the Chatwoot conversation it was handed to, findable both
// ways (our id for visitor messages, Chatwoot's display id for the webhook). Kept behind a small
// interface so the integrator can back it with SQL; the in-memory one is for tests and one process.

/** A visitor as a contact of the API-channel inbox. */
export interface ChatwootContact {
  /** `source_id` from POST …/contacts: the `{contact_identifier}` in every later path. */
  contactIdentifier: string
  /** `pubsub_token`: Chatwoot's websocket token for this contact (kept for a later realtime client). */
  pubsubToken?: string
  /** Chatwoot's contact id, for operators looking the contact up. */
  contactId?: number
}

/** One of our conversations, handed to a Chatwoot conversation. */
export interface ChatwootRef {
  /** Ours (ConversationDetail.id). */
  conversationId: string
  visitorId: string
  contactIdentifier: string
  /** Chatwoot's conversation id as the public API and webhooks show it (the display id). */
  chatwootConversationId: number
}

/** Methods may answer directly or with a promise, so a SQL store fits as well as a Map. */
type MaybePromise<T> = T | Promise<T>

export interface ChatwootLinkStore {
  contact(visitorId: string): MaybePromise<ChatwootContact | undefined>
  saveContact(visitorId: string, contact: ChatwootContact): MaybePromise<void>
  byConversation(conversationId: string): MaybePromise<ChatwootRef | undefined>
  byChatwootConversation(chatwootConversationId: number): MaybePromise<ChatwootRef | undefined>
  saveRef(ref: ChatwootRef): MaybePromise<void>
}

export function memoryChatwootLinks(): ChatwootLinkStore {
  const contacts = new Map<string, ChatwootContact>()
  const refs = new Map<string, ChatwootRef>()
  const byChatwoot = new Map<number, ChatwootRef>()
  return {
    contact: (visitorId) => contacts.get(visitorId),
    saveContact: (visitorId, contact) => void contacts.set(visitorId, { ...contact }),
    byConversation: (conversationId) => refs.get(conversationId),
    byChatwootConversation: (id) => byChatwoot.get(id),
    saveRef: (ref) => {
      const copy = { ...ref }
      refs.set(ref.conversationId, copy)
      byChatwoot.set(ref.chatwootConversationId, copy)
    },
  }
}
