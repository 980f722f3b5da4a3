// Test helper (not a test file): a stand-in for a Chatwoot instance's public Client API, on
// 127.0.0.1, following the documented requests and answers (client-api.ts cites them). It checks
// what it receives: method, path, inbox identifier, known contact and conversation, JSON body with
// only the fields Chatwoot permits (Rails would drop others silently; here they fail the request, so
// a test notices). It also builds webhook payloads the way Chatwoot's webhook_data does.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ConversationDetail, LiveMessage } from '../../../shared/live.ts'

export interface StubMessage {
  id: number
  content: string
  echo_id?: string
}

export interface StubConversation {
  id: number
  contactIdentifier: string
  custom_attributes: Record<string, unknown>
  messages: StubMessage[]
}

export interface StubContact {
  id: number
  source_id: string
  pubsub_token: string
  name?: string
  custom_attributes: Record<string, unknown>
}

export interface ChatwootStub {
  url: string
  inboxIdentifier: string
  contacts: StubContact[]
  conversations: StubConversation[]
  /** Every request, in order: method and path. */
  requests: string[]
  /** Requests that broke the documented shape; a passing test expects none. */
  violations: string[]
  /** Answer every request with this status (Chatwoot down); undefined: behave. */
  failWith?: number
  close(): Promise<void>
}

const CONTACT_FIELDS = ['identifier', 'identifier_hash', 'email', 'name', 'avatar_url', 'phone_number', 'custom_attributes']
const CONVERSATION_FIELDS = ['custom_attributes']
const MESSAGE_FIELDS = ['content', 'echo_id']

async function readBody(req: IncomingMessage): Promise<string> {
  let text = ''
  for await (const chunk of req) text += chunk
  return text
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export async function startChatwootStub(inboxIdentifier = 'inbox-token-abc'): Promise<ChatwootStub> {
  let nextId = 1
  const stub: Omit<ChatwootStub, 'url' | 'close'> = { inboxIdentifier, contacts: [], conversations: [], requests: [], violations: [] }

  function handle(method: string, path: string, body: unknown): [number, unknown] {
    const m = /^\/public\/api\/v1\/inboxes\/([^/]+)\/contacts(?:\/([^/]+)\/conversations(?:\/(\d+)\/messages)?)?$/.exec(path)
    if (!m || method !== 'POST') return [404, { error: 'not found' }]
    if (decodeURIComponent(m[1]!) !== inboxIdentifier) return [404, { error: 'inbox not found' }]
    const [, , contactId, conversationId] = m
    const fields = conversationId ? MESSAGE_FIELDS : contactId ? CONVERSATION_FIELDS : CONTACT_FIELDS
    if (!isObject(body)) return bad(`${path}: body is not a JSON object`)
    const unknown = Object.keys(body).filter((key) => !fields.includes(key))
    if (unknown.length) return bad(`${path}: fields Chatwoot does not take: ${unknown.join(', ')}`)
    if (body.custom_attributes !== undefined && !isObject(body.custom_attributes)) return bad(`${path}: custom_attributes is not an object`)

    if (!contactId) {
      if (body.name !== undefined && typeof body.name !== 'string') return bad('contact name is not a string')
      const contact: StubContact = { id: nextId++, source_id: randomUUID(), pubsub_token: randomUUID().replace(/-/g, ''), name: body.name as string | undefined, custom_attributes: (body.custom_attributes as Record<string, unknown>) ?? {} }
      stub.contacts.push(contact)
      return [200, { id: contact.id, source_id: contact.source_id, pubsub_token: contact.pubsub_token, name: contact.name ?? null, email: null, phone_number: null }]
    }
    const contact = stub.contacts.find((c) => c.source_id === decodeURIComponent(contactId))
    if (!contact) return [404, { error: 'contact not found' }]
    if (!conversationId) {
      const conversation: StubConversation = { id: nextId++, contactIdentifier: contact.source_id, custom_attributes: (body.custom_attributes as Record<string, unknown>) ?? {}, messages: [] }
      stub.conversations.push(conversation)
      return [200, { id: conversation.id, uuid: randomUUID(), inbox_id: 1, contact_last_seen_at: 0, status: 'open', agent_last_seen_at: 0, messages: [], contact: { id: contact.id, name: contact.name } }]
    }
    const conversation = stub.conversations.find((c) => c.id === Number(conversationId) && c.contactIdentifier === contact.source_id)
    if (!conversation) return [404, { error: 'conversation not found' }]
    if (typeof body.content !== 'string' || !body.content) return bad('message content is missing')
    if (body.echo_id !== undefined && typeof body.echo_id !== 'string') return bad('echo_id is not a string')
    const message: StubMessage = { id: nextId++, content: body.content, ...(body.echo_id !== undefined && { echo_id: body.echo_id as string }) }
    conversation.messages.push(message)
    return [200, { id: message.id, content: message.content, message_type: 0, content_type: 'text', content_attributes: {}, created_at: Math.floor(Date.now() / 1000), conversation_id: conversation.id, sender: { id: contact.id, name: contact.name, type: 'contact' } }]
  }

  function bad(reason: string): [number, unknown] {
    stub.violations.push(reason)
    return [422, { message: reason }]
  }

  const server: Server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://stub').pathname
    stub.requests.push(`${req.method} ${path}`)
    const text = await readBody(req)
    let status: number
    let answer: unknown
    if (stub.failWith) [status, answer] = [stub.failWith, { error: 'Internal Server Error' }]
    else if (req.headers['content-type']?.split(';')[0] !== 'application/json') [status, answer] = bad(`${path}: content-type is not application/json`)
    else {
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        body = undefined
      }
      ;[status, answer] = handle(req.method ?? '', path, body)
    }
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(stub, {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  })
}

// ---------- webhook payloads, as Chatwoot's Message#webhook_data and Conversation#webhook_data build them ----------

interface PayloadConversation {
  id: number
  status?: string
  custom_attributes?: Record<string, unknown>
  contact_source_id?: string
}

function conversationData(c: PayloadConversation) {
  return {
    additional_attributes: {},
    can_reply: true,
    channel: 'Channel::Api',
    contact_inbox: { id: 7, contact_id: 3, inbox_id: 1, source_id: c.contact_source_id ?? 'unknown', hmac_verified: false },
    id: c.id,
    inbox_id: 1,
    messages: [],
    labels: [],
    meta: { sender: { id: 3, name: 'Visitor', type: 'contact' }, assignee: null, team: null, hmac_verified: false },
    status: c.status ?? 'open',
    custom_attributes: c.custom_attributes ?? {},
    unread_count: 0,
    agent_last_seen_at: 0,
    contact_last_seen_at: 0,
    timestamp: 1764900000,
    created_at: 1764900000,
  }
}

export interface PayloadMessage {
  id?: number
  content: string | null
  message_type: 'incoming' | 'outgoing' | 'activity' | 'template'
  private?: boolean
  sender?: { id: number; name: string; type: 'user' | 'agent_bot' | 'contact' | 'captain_assistant' } | null
}

export function messageCreatedPayload(conversation: PayloadConversation, message: PayloadMessage): Record<string, unknown> {
  return {
    event: 'message_created',
    account: { id: 1, name: 'Shop' },
    additional_attributes: {},
    content_attributes: {},
    content_type: 'text',
    content: message.content,
    conversation: conversationData(conversation),
    created_at: '2026-12-05T10:00:00.000Z',
    id: message.id ?? 9001,
    inbox: { id: 1, name: 'huike' },
    message_type: message.message_type,
    private: message.private ?? false,
    sender: message.sender === undefined ? { id: 42, name: '小王', email: 'wang@shop.example', type: 'user' } : message.sender,
    source_id: null,
  }
}

export function statusChangedPayload(conversation: PayloadConversation): Record<string, unknown> {
  return { event: 'conversation_status_changed', ...conversationData(conversation), changed_attributes: [{ status: { previous_value: 'open', current_value: conversation.status } }] }
}

// ---------- our side ----------

export const liveMessage = (id: string, role: LiveMessage['role'], content: string, ts = 1): LiveMessage => ({ id, role, content, ts })

/** A handed-off conversation: three messages (the last one masked), some visitor context. */
export function sampleDetail(overrides: Partial<ConversationDetail> = {}): ConversationDetail {
  return {
    id: 'c_1',
    visitorId: 'v_abc123',
    status: 'waiting',
    reason: 'asked',
    since: 1_764_900_000_000,
    messages: [
      liveMessage('m1', 'user', 'X5 能打电话吗？'),
      liveMessage('m2', 'assistant', '支持视频通话。'),
      liveMessage('m3', 'user', '我的手机号是 [电话]，请人工联系我'),
    ],
    visitor: { keyword: '儿童手表', products: [{ id: 'x5', name: 'X5 儿童智能手表' }], answers: { budget: '1000' }, intent: 'presales', lang: 'zh-CN' },
    ...overrides,
  }
}
