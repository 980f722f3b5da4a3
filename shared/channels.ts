// The API channel for apps and mini programs (POST /v1/channels/api/messages and its neighbours): the
// request and answer shapes, one source for the edge and for anyone writing a client.
import { z } from 'zod'
import { CardSchema, HandoffCardSchema, LANGS } from './protocol.ts'
import { MAX_MESSAGE_CHARS } from './limits.ts'

/** A shop's own id for a person (an app's user id, a customer number): printable, no spaces. */
const UserIdSchema = z.string().min(1).max(128).regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces')

export const ApiMessageRequestSchema = z.object({
  userId: UserIdSchema,
  text: z.string().trim().min(1, 'text must not be empty').max(MAX_MESSAGE_CHARS, `text may have at most ${MAX_MESSAGE_CHARS} characters`),
  lang: z.enum(LANGS).optional(),
})
export type ApiMessageRequest = z.infer<typeof ApiMessageRequestSchema>

/** The answer as JSON (without `Accept: text/event-stream`): the same facts the widget's cards show. */
export const ApiMessageResponseSchema = z.object({
  text: z.string(),
  cards: z.array(CardSchema),
  suggestions: z.array(z.string()),
  handoff: HandoffCardSchema.nullable(),
})
export type ApiMessageResponse = z.infer<typeof ApiMessageResponseSchema>

export const CHANNEL_NAMES = ['wechat', 'wecom', 'api'] as const

/** Links a channel's user to a shop customer: their profile and conversation then follow the customer. */
export const ChannelLinkRequestSchema = z.object({
  channel: z.enum(CHANNEL_NAMES),
  /** The channel's id: a WeChat openid, a WeCom external_userid, an app's user id. */
  userId: UserIdSchema,
  customerId: UserIdSchema,
})
export type ChannelLinkRequest = z.infer<typeof ChannelLinkRequestSchema>
