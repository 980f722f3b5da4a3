// The API-channel inbox's webhook (set its "Webhook URL" to where this is mounted, e.g.
// https://EDGE/v1/channels/chatwoot[/<token>]): an agent's reply goes to onAgentMessage, a resolved
// conversation to onResolved. Verified first (webhook-auth.ts), then parsed (webhook-events.ts).
//
// Answers: 200 `{ok, handled}` for what was used or ignored; 400 for a body that is not JSON or not
// Chatwoot's shape; 401/403 for a missing/wrong proof; 500 when a callback fails, which Chatwoot
// shows on the agent's message as failed (Webhooks::Trigger marks API-inbox messages so), so the
// agent knows the visitor did not get it. A redelivered message is passed on once.
import { Hono, type Context } from 'hono'
import { ApiError } from '../errors.ts'
import { parseJsonText } from '../validate.ts'
import type { Agent } from '../../../shared/live.ts'
import type { ChatwootLinkStore, ChatwootRef } from './links.ts'
import { CHATWOOT_SIGNATURE_HEADER, CHATWOOT_TIMESTAMP_HEADER, checkAuthConfigured, verifyWebhook, type WebhookAuthOptions } from './webhook-auth.ts'
import { readWebhookEvent, WebhookShapeError, type WebhookConversation } from './webhook-events.ts'

export interface ChatwootWebhookOptions extends WebhookAuthOptions {
  /** The bridge's store (bridge.links). */
  links: ChatwootLinkStore
  /** An agent replied; long replies come as several calls, in order. */
  onAgentMessage(ref: ChatwootRef, message: { text: string; agent: Agent }): Promise<void> | void
  /** The agent resolved the conversation in Chatwoot. */
  onResolved?(ref: ChatwootRef): Promise<void> | void
  log?: (message: string) => void
}

/** Message ids remembered against redelivery; the oldest are forgotten first. */
const REMEMBERED_DELIVERIES = 1000

export function chatwootWebhookRoute(options: ChatwootWebhookOptions): Hono {
  checkAuthConfigured(options)
  const log = options.log ?? ((message: string) => console.warn(message))
  const delivered = new Set<string>()
  const remember = (id: string) => {
    delivered.add(id)
    if (delivered.size > REMEMBERED_DELIVERIES) delivered.delete(delivered.values().next().value!)
  }

  /** Our link for a Chatwoot conversation; rebuilt from the attributes the bridge set on it if the store lost it. */
  async function refOf(conversation: WebhookConversation): Promise<ChatwootRef | undefined> {
    const known = await options.links.byChatwootConversation(conversation.id)
    if (known) return known
    const attrs = conversation.custom_attributes ?? {}
    const [conversationId, visitorId] = [attrs.huike_conversation_id, attrs.huike_visitor_id]
    const contactIdentifier = conversation.contact_inbox?.source_id
    if (typeof conversationId !== 'string' || typeof visitorId !== 'string' || !contactIdentifier) return undefined
    const ref: ChatwootRef = { conversationId, visitorId, contactIdentifier, chatwootConversationId: conversation.id }
    await options.links.saveRef(ref)
    return ref
  }

  /** Runs a callback; its failure is logged and answered 500 so Chatwoot flags the delivery. */
  async function passOn(what: string, callback: () => Promise<void> | void): Promise<void> {
    try {
      await callback()
    } catch (err) {
      log(`huike: Chatwoot webhook: ${what} failed: ${err instanceof Error ? err.message : String(err)}`)
      throw new ApiError(500, 'internal', `Could not deliver the ${what}`)
    }
  }

  async function receive(c: Context) {
    const raw = await c.req.text()
    await verifyWebhook(options, { signature: c.req.header(CHATWOOT_SIGNATURE_HEADER), timestamp: c.req.header(CHATWOOT_TIMESTAMP_HEADER), pathToken: c.req.param('token') }, raw)
    let event
    try {
      event = readWebhookEvent(parseJsonText(raw))
    } catch (err) {
      if (err instanceof WebhookShapeError) throw new ApiError(400, 'invalid_request', err.message)
      throw err
    }
    if (event.kind === 'ignored') return c.json({ ok: true, handled: 'ignored', reason: event.reason })
    const ref = await refOf(event.conversation)
    if (!ref) return c.json({ ok: true, handled: 'ignored', reason: 'not a huike conversation' })
    if (event.kind === 'resolved') {
      if (options.onResolved) await passOn('resolution', () => options.onResolved?.(ref))
      return c.json({ ok: true, handled: 'resolved' })
    }
    if (delivered.has(event.messageId)) return c.json({ ok: true, handled: 'duplicate' })
    remember(event.messageId) // before the callback: a redelivery racing this one is a duplicate too
    try {
      await passOn('agent message', async () => {
        for (const text of event.texts) await options.onAgentMessage(ref, { text, agent: event.agent })
      })
    } catch (err) {
      delivered.delete(event.messageId) // not delivered: Chatwoot's retry may try again
      throw err
    }
    return c.json({ ok: true, handled: 'agent_message' })
  }

  const route = new Hono()
  route.post('/', receive)
  route.post('/:token', receive)
  return route
}
