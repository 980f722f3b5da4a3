// Chatwoot's public Client API for an API-channel inbox: no access token, the inbox identifier in
// the path. Followed (chatwoot/chatwoot): app/controllers/public/api/v1/inboxes/{contacts,
// conversations,messages}_controller.rb, swagger/paths/public/inboxes/…/create.yml and
// swagger/definitions/{request,resource}/public/{contact,conversation,message}.yml:
//   POST /public/api/v1/inboxes/{inbox_identifier}/contacts
//        {name?, email?, phone_number?, custom_attributes?} → 200 {id, source_id, pubsub_token, name, email…}
//   POST …/contacts/{contact_identifier}/conversations  {custom_attributes?} → 200 {id (display id), status, messages…}
//   POST …/contacts/{contact_identifier}/conversations/{conversation_id}/messages
//        {content, echo_id?} → 200 {id, content, message_type: 0 (incoming), conversation_id…}
// Every message sent this way is the contact's ("incoming"): the API offers no other sender.
// Failures become a ChatwootError whose message says which call failed and how, never with the inbox
// identifier in it (anyone holding it can write into the inbox).
import { z } from 'zod'

export class ChatwootError extends Error {
  /** Chatwoot's HTTP status, when it answered at all. */
  readonly status?: number
  constructor(message: string, status?: number) {
    super(message)
    this.name = 'ChatwootError'
    this.status = status
  }
}

export interface ClientApiOptions {
  /** HUIKE_CHATWOOT_URL, e.g. https://chat.shop.example */
  baseUrl: string
  /** HUIKE_CHATWOOT_INBOX: the API-channel inbox's identifier (Settings → Inboxes → Configuration). */
  inboxIdentifier: string
  fetch?: typeof fetch
  /** Per request; default 10 s. */
  timeoutMs?: number
}

export const DEFAULT_CHATWOOT_TIMEOUT_MS = 10_000

const ContactAnswer = z.object({ id: z.number().optional(), source_id: z.string().min(1), pubsub_token: z.string().nullish() })
const ConversationAnswer = z.object({ id: z.number() })
const MessageAnswer = z.object({ id: z.union([z.number(), z.string()]) })

export interface NewContact {
  name?: string
  email?: string
  custom_attributes?: Record<string, string | number | boolean>
}

export interface ChatwootClientApi {
  createContact(contact: NewContact): Promise<z.infer<typeof ContactAnswer>>
  createConversation(contactIdentifier: string, customAttributes: Record<string, string>): Promise<z.infer<typeof ConversationAnswer>>
  createMessage(contactIdentifier: string, conversationId: number, message: { content: string; echo_id?: string }): Promise<z.infer<typeof MessageAnswer>>
}

export function chatwootClientApi(options: ClientApiOptions): ChatwootClientApi {
  const base = `${options.baseUrl.replace(/\/+$/, '')}/public/api/v1/inboxes/${encodeURIComponent(options.inboxIdentifier)}`
  const doFetch = options.fetch ?? fetch
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHATWOOT_TIMEOUT_MS

  /** `shape` names the call in errors and logs: the path's shape, not the inbox identifier or contact ids. */
  async function post<S extends z.ZodType>(path: string, shape: string, body: unknown, answer: S): Promise<z.output<S>> {
    const what = `POST …/inboxes/:inbox/${shape}`
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(), timeoutMs)
    let res: Response
    try {
      res = await doFetch(`${base}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      })
    } catch (err) {
      const reason = controller.signal.aborted ? `no answer within ${timeoutMs} ms` : err instanceof Error ? err.message : String(err)
      throw new ChatwootError(`Chatwoot is unreachable (${what}): ${reason}`)
    } finally {
      clearTimeout(timer)
    }
    const text = await res.text().catch(() => '')
    if (!res.ok) throw new ChatwootError(`Chatwoot answered HTTP ${res.status} to ${what}${res.status === 404 && shape === 'contacts' ? ' (is HUIKE_CHATWOOT_INBOX the identifier of an API-channel inbox?)' : ''}`, res.status)
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      throw new ChatwootError(`Chatwoot answered ${what} with something that is not JSON`, res.status)
    }
    const parsed = answer.safeParse(json)
    if (!parsed.success) throw new ChatwootError(`Chatwoot's answer to ${what} lacks ${parsed.error.issues[0]?.path.join('.') || 'the expected fields'}`, res.status)
    return parsed.data
  }

  const contactPath = (contactIdentifier: string) => `contacts/${encodeURIComponent(contactIdentifier)}`
  return {
    createContact: (contact) => post('contacts', 'contacts', contact, ContactAnswer),
    createConversation: (contactIdentifier, customAttributes) =>
      post(`${contactPath(contactIdentifier)}/conversations`, 'contacts/:contact/conversations', { custom_attributes: customAttributes }, ConversationAnswer),
    createMessage: (contactIdentifier, conversationId, message) =>
      post(`${contactPath(contactIdentifier)}/conversations/${conversationId}/messages`, 'contacts/:contact/conversations/:id/messages', message, MessageAnswer),
  }
}
