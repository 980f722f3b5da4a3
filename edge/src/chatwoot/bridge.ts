// The bridge for shops that already run Chatwoot (HUIKE_CHATWOOT_URL, HUIKE_CHATWOOT_INBOX): a
// handoff becomes a conversation in their API-channel inbox, with the visitor's context and the
// transcript, and each later visitor message follows it. The agents' replies come back through the
// inbox's webhook (webhook-route.ts). The calls themselves are in client-api.ts, which cites the
// Chatwoot sources followed.
//
// A failure is logged for the operator and rejects with a ChatwootError saying what failed, so the
// caller can fall back to the built-in queue or the message form. A handoff that fails halfway
// leaves a partial conversation in Chatwoot and no link here: a retry starts a fresh one.
import type { ConversationDetail, LiveMessage } from '../../../shared/live.ts'
import { ChatwootError, chatwootClientApi, type ChatwootClientApi } from './client-api.ts'
import { memoryChatwootLinks, type ChatwootContact, type ChatwootLinkStore, type ChatwootRef } from './links.ts'
import { contactAttributes, contactName, contextNote, conversationAttributes, transcriptLine, type BridgeLang } from './transcript.ts'

export interface ChatwootBridgeOptions {
  /** HUIKE_CHATWOOT_URL */
  baseUrl: string
  /** HUIKE_CHATWOOT_INBOX */
  inboxIdentifier: string
  fetch?: typeof fetch
  log?: (message: string) => void
  /** Where contacts and conversation links are kept; default in memory (lost on restart). */
  links?: ChatwootLinkStore
  /** Per Chatwoot request; default 10 s. */
  timeoutMs?: number
  /** The language of the labels the shop's agents read in Chatwoot; default zh-CN. */
  lang?: BridgeLang
}

export interface ChatwootBridge {
  /** The same store the webhook route needs (chatwootWebhookRoute's `links`). */
  readonly links: ChatwootLinkStore
  /**
   * Hands a conversation to Chatwoot: the visitor's contact (reused when they come back), a new
   * Chatwoot conversation, a context note, then the transcript in order. Handing the same conversation
   * again answers its existing link and posts nothing.
   */
  handoff(detail: ConversationDetail): Promise<ChatwootRef>
  /** Posts one new message (the visitor's, bare; anyone else's labelled) into the conversation; in order per conversation. */
  visitorMessage(ref: ChatwootRef, message: LiveMessage): Promise<void>
  /** The link of one of our conversations, if it was handed to Chatwoot. */
  refFor(conversationId: string): Promise<ChatwootRef | undefined>
}

export function createChatwootBridge(options: ChatwootBridgeOptions): ChatwootBridge {
  const api = chatwootClientApi(options)
  const links = options.links ?? memoryChatwootLinks()
  const log = options.log ?? ((message: string) => console.warn(message))
  const lang = options.lang ?? 'zh-CN'
  // Concurrent calls for one key share one promise: a double handoff makes one conversation, two
  // quick visitor messages post in the order they were given.
  const handoffs = new Map<string, Promise<ChatwootRef>>()
  const sending = new Map<number, Promise<void>>()

  /** Logs and rethrows as a ChatwootError whose message starts with what we were doing. */
  async function reported<T>(doing: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err)
      const message = `Chatwoot ${doing} failed: ${reason}`
      log(`huike: ${message}`)
      throw new ChatwootError(message, err instanceof ChatwootError ? err.status : undefined)
    }
  }

  async function newContact(detail: ConversationDetail): Promise<ChatwootContact> {
    const created = await api.createContact({ name: contactName(detail.visitorId, lang), custom_attributes: contactAttributes(detail) })
    const contact: ChatwootContact = { contactIdentifier: created.source_id, pubsubToken: created.pubsub_token ?? undefined, contactId: created.id }
    await links.saveContact(detail.visitorId, contact)
    return contact
  }

  /** A Chatwoot conversation for the visitor's contact; a contact deleted in Chatwoot (404) is made anew, once. */
  async function openConversation(detail: ConversationDetail): Promise<{ contact: ChatwootContact; conversationId: number }> {
    const known = await links.contact(detail.visitorId)
    const contact = known ?? (await newContact(detail))
    try {
      return { contact, conversationId: (await api.createConversation(contact.contactIdentifier, conversationAttributes(detail))).id }
    } catch (err) {
      if (!(known && err instanceof ChatwootError && err.status === 404)) throw err
      const fresh = await newContact(detail)
      return { contact: fresh, conversationId: (await api.createConversation(fresh.contactIdentifier, conversationAttributes(detail))).id }
    }
  }

  async function handOver(detail: ConversationDetail): Promise<ChatwootRef> {
    const existing = await links.byConversation(detail.id)
    if (existing) return existing
    const { contact, conversationId } = await openConversation(detail)
    await api.createMessage(contact.contactIdentifier, conversationId, { content: contextNote(detail, lang) })
    for (const message of detail.messages) {
      await api.createMessage(contact.contactIdentifier, conversationId, { content: transcriptLine(message, lang), echo_id: message.id })
    }
    const ref: ChatwootRef = { conversationId: detail.id, visitorId: detail.visitorId, contactIdentifier: contact.contactIdentifier, chatwootConversationId: conversationId }
    await links.saveRef(ref)
    return ref
  }

  return {
    links,
    handoff(detail) {
      const pending = handoffs.get(detail.id)
      if (pending) return pending
      const run = reported(`handoff of conversation ${detail.id}`, () => handOver(detail)).finally(() => handoffs.delete(detail.id))
      handoffs.set(detail.id, run)
      return run
    },
    visitorMessage(ref, message) {
      const key = ref.chatwootConversationId
      const post = () => api.createMessage(ref.contactIdentifier, key, { content: transcriptLine(message, lang), echo_id: message.id }).then(() => {})
      const run = (sending.get(key) ?? Promise.resolve()).catch(() => {}).then(() => reported(`message of conversation ${ref.conversationId}`, post))
      sending.set(key, run)
      // The last in line clears the queue, so finished conversations hold nothing.
      void run.catch(() => {}).finally(() => sending.get(key) === run && sending.delete(key))
      return run
    },
    async refFor(conversationId) {
      return links.byConversation(conversationId)
    },
  }
}
