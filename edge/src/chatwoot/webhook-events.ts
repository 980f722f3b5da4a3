// What an API-channel inbox's webhook says, reduced to what the widget cares about: an agent wrote,
// or the conversation was resolved. Followed (chatwoot/chatwoot): app/listeners/webhook_listener.rb
// (message_created → Message#webhook_data; conversation_status_changed → Conversation#webhook_data,
// i.e. Conversations::EventDataPresenter#push_data, whose `id` is the display id the public API uses),
// Message#webhook_data (content, message_type as a name, private, sender: User#webhook_data
// {id, name, email, type: "user"} or an agent bot's/Captain's), MessageFilterHelpers#webhook_sendable?
// (incoming, outgoing and template messages are sent, private notes included, flagged `private`).
//
// Ignored: the inbox's own echo of the visitor's messages (incoming), private notes, messages from
// bots, automations (no sender) and templates, and every other event.
import { z } from 'zod'
import { MAX_MESSAGE_CHARS } from '../../../shared/limits.ts'
import type { Agent } from '../../../shared/live.ts'
import { describeIssues } from '../validate.ts'

/** What a webhook may carry about the Chatwoot conversation, enough to find (or rebuild) our link. */
const ConversationSchema = z.object({
  id: z.number(),
  status: z.string().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  contact_inbox: z.object({ source_id: z.string().nullish() }).nullish(),
})
export type WebhookConversation = z.infer<typeof ConversationSchema>

const MessageCreatedSchema = z.object({
  id: z.union([z.number(), z.string()]),
  content: z.string().nullish(),
  /** A name in webhooks ("outgoing"); a number (1) in Chatwoot's push events, accepted too. */
  message_type: z.union([z.string(), z.number()]),
  private: z.boolean().nullish(),
  sender: z.object({ id: z.union([z.number(), z.string()]).nullish(), name: z.string().nullish(), available_name: z.string().nullish(), type: z.string().nullish() }).nullish(),
  attachments: z.array(z.object({ data_url: z.string().nullish() })).nullish(),
  conversation: ConversationSchema,
})

const EnvelopeSchema = z.object({ event: z.string() })

export type WebhookEvent =
  | { kind: 'agent_message'; messageId: string; conversation: WebhookConversation; agent: Agent; texts: string[] }
  | { kind: 'resolved'; conversation: WebhookConversation }
  | { kind: 'ignored'; reason: string }

/** A payload that is JSON but not what Chatwoot sends: 400 with this message. */
export class WebhookShapeError extends Error {}

function parse<S extends z.ZodType>(schema: S, json: unknown, event: string): z.output<S> {
  const result = schema.safeParse(json)
  if (!result.success) throw new WebhookShapeError(`${event}: ${describeIssues(result.error.issues)}`)
  return result.data
}

/** Visitor messages are capped; a longer reply arrives as several messages rather than cut. */
export function splitText(text: string, max = MAX_MESSAGE_CHARS): string[] {
  const parts: string[] = []
  for (let rest = text; rest.length; ) {
    let cut = rest.length <= max ? rest.length : rest.lastIndexOf('\n', max)
    if (cut <= 0) cut = max
    parts.push(rest.slice(0, cut).trim())
    rest = rest.slice(cut)
  }
  return parts.filter(Boolean)
}

function agentMessage(json: unknown): WebhookEvent {
  const m = parse(MessageCreatedSchema, json, 'message_created')
  if (m.message_type !== 'outgoing' && m.message_type !== 1) return { kind: 'ignored', reason: `${m.message_type} message` }
  if (m.private) return { kind: 'ignored', reason: 'private note' }
  if (m.sender?.type !== 'user') return { kind: 'ignored', reason: `sent by ${m.sender?.type ?? 'an automation'}` }
  const files = (m.attachments ?? []).flatMap((a) => (a.data_url ? [a.data_url] : []))
  const text = [m.content?.trim(), ...files].filter(Boolean).join('\n')
  if (!text) return { kind: 'ignored', reason: 'empty message' }
  const name = (m.sender.available_name || m.sender.name || '').trim().slice(0, 40) || 'Chatwoot'
  const agent: Agent = { id: `chatwoot:${m.sender.id ?? name}`.slice(0, 64), name }
  return { kind: 'agent_message', messageId: String(m.id), conversation: m.conversation, agent, texts: splitText(text) }
}

/** Reads a webhook body (already parsed JSON); throws WebhookShapeError when it is not Chatwoot's shape. */
export function readWebhookEvent(json: unknown): WebhookEvent {
  const { event } = parse(EnvelopeSchema, json, 'webhook')
  if (event === 'message_created') return agentMessage(json)
  if (event === 'conversation_status_changed') {
    const conversation = parse(ConversationSchema.extend({ status: z.string() }), json, event)
    return conversation.status === 'resolved' ? { kind: 'resolved', conversation } : { kind: 'ignored', reason: `status ${conversation.status}` }
  }
  return { kind: 'ignored', reason: `event ${event}` }
}
