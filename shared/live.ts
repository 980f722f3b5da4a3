// Live handoff (CONTRACT §6): a person of the shop takes over a conversation and writes into the
// visitor's widget. The shapes both sides speak, in one place:
// - the agent API (`/v1/agent/…`, bearer HUIKE_AGENT_TOKEN) and the agent console's live stream;
// - the visitor's live channel (`GET /v1/live`, bearer the visitor's own token), an SSE stream
//   with resume (`Last-Event-ID`) and heartbeats, opened only while a conversation is open.
// Texts are plain text (rendered by the same safe markdown as model text), within MAX_MESSAGE_CHARS.
// The widget imports only types from here (zod stays out of its bundle); shared numbers are in limits.ts.
import { z } from 'zod'
import { MAX_MESSAGE_CHARS } from './limits.ts'
import { HANDOFF_REASONS } from './protocol.ts'

/** waiting: in the queue; active: a person holds it; closed: ended (closed by a person, released, or timed out). */
export const CONVERSATION_STATUSES = ['waiting', 'active', 'closed'] as const
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number]

/** How a conversation ended: a person closed it, released it to the assistant, or nobody came in time. */
export const CONVERSATION_OUTCOMES = ['closed', 'released', 'unanswered'] as const
export type ConversationOutcome = (typeof CONVERSATION_OUTCOMES)[number]

/** Why a conversation needs a person: the handoff rules' reasons, or an after-sales case. */
export const LIVE_REASONS = [...HANDOFF_REASONS, 'aftersales'] as const
export type LiveReason = (typeof LIVE_REASONS)[number]

/** A person, as the visitor sees them: a display name chosen at console login ("小王"). */
export const AgentSchema = z.object({
  /** Stable for one console session (random), so two people with the same name are told apart. */
  id: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(40),
})
export type Agent = z.infer<typeof AgentSchema>

export const LiveMessageSchema = z.object({
  id: z.string(),
  role: z.enum(['user', 'assistant', 'agent']),
  content: z.string(),
  ts: z.number(),
  /** Who wrote it, for role `agent`. */
  agent: AgentSchema.optional(),
})
export type LiveMessage = z.infer<typeof LiveMessageSchema>

/** What a person sees of the visitor: where they came from, what they looked at, what they said they want. */
export const VisitorContextSchema = z.object({
  lang: z.string().optional(),
  keyword: z.string().optional(),
  campaign: z.string().optional(),
  source: z.string().optional(),
  /** Products viewed or asked about, newest first (catalog ids with their names). */
  products: z.array(z.object({ id: z.string(), name: z.string() })).default([]),
  /** A guided flow's answers ("budget": "2000"). */
  answers: z.record(z.string(), z.string()).default({}),
  intent: z.string().optional(),
  sentiment: z.string().optional(),
  page: z.string().optional(),
  /** The shop's customer, only when identify's hash proved the id: the id and the page's traits (masked). */
  customer: z.looseObject({ id: z.string() }).optional(),
  /** Where the visitor writes from: web (the widget), wechat, wecom, api. */
  channel: z.string().optional(),
})
export type VisitorContext = z.infer<typeof VisitorContextSchema>

export const ConversationSummarySchema = z.object({
  id: z.string(),
  visitorId: z.string(),
  status: z.enum(CONVERSATION_STATUSES),
  reason: z.enum(LIVE_REASONS),
  /** When it entered the queue (epoch ms). */
  since: z.number(),
  /** Where the visitor writes from (the visitor context's channel; absent: web). */
  channel: z.string().optional(),
  /** The person holding it (active), or who held it last. */
  agent: AgentSchema.optional(),
  /** When a person first answered (epoch ms). */
  firstResponseAt: z.number().optional(),
  outcome: z.enum(CONVERSATION_OUTCOMES).optional(),
  closedAt: z.number().optional(),
  /** The newest message, for the queue's preview. */
  last: LiveMessageSchema.optional(),
})
export type ConversationSummary = z.infer<typeof ConversationSummarySchema>

export const ConversationDetailSchema = ConversationSummarySchema.extend({
  messages: z.array(LiveMessageSchema),
  visitor: VisitorContextSchema,
})
export type ConversationDetail = z.infer<typeof ConversationDetailSchema>

// ---------- agent API bodies ----------

/** POST /v1/agent/conversations/:id/messages. Without `agent` the console's default person writes. */
export const AgentMessageBodySchema = z.object({ text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS), agent: AgentSchema.optional() })
/** POST …/:id/take, …/:id/release, …/:id/close. */
export const AgentActionBodySchema = z.object({ agent: AgentSchema.optional() })
/** POST …/:id/typing: the person started (true) or stopped (false) writing; the visitor's widget shows it. */
export const AgentTypingBodySchema = AgentActionBodySchema.extend({ typing: z.boolean() })

// ---------- visitor routes (bearer: the visitor's own token) ----------

/** POST /v1/live/messages: the visitor writes to the person holding the conversation. */
export const VisitorLiveMessageBodySchema = z.object({ visitorId: z.string().min(1).max(100), text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS) })
/** POST /v1/live/leave: back to the assistant (the conversation closes as released). */
export const VisitorLeaveBodySchema = z.object({ visitorId: z.string().min(1).max(100) })

/**
 * POST /v1/handoff/message: "leave a message" when no person can join now. The contact details go to
 * the shop's webhook unmasked (the visitor gave them for this, `consent` says so); at least one is needed.
 */
export const LeaveMessageSchema = z
  .object({
    visitorId: z.string().min(1).max(100),
    sessionId: z.string().min(1).max(100),
    name: z.string().trim().max(40).optional(),
    phone: z.string().trim().max(40).optional(),
    wechat: z.string().trim().max(40).optional(),
    email: z.string().trim().max(100).optional(),
    text: z.string().trim().max(MAX_MESSAGE_CHARS).optional(),
    lang: z.enum(['zh-CN', 'en']).optional(),
    consent: z.literal(true, { error: 'consent must be true: the visitor agrees to be contacted' }),
  })
  .refine((m) => !!(m.phone || m.wechat || m.email), { message: 'give a phone, WeChat id or e-mail address', path: ['phone'] })
export type LeaveMessage = z.infer<typeof LeaveMessageSchema>

// ---------- live streams (SSE: `id:` for resume, `event:` one of these names, `data:` JSON) ----------

/** Edge → visitor widget, on GET /v1/live. */
export type VisitorLiveEvent =
  /** The conversation's state: waiting (wait, the form after `waitMs`), active (agent joined), closed (with outcome). */
  | { event: 'status'; data: { conversationId: string; status: ConversationStatus; outcome?: ConversationOutcome; agent?: Agent; waitMs?: number } }
  | { event: 'message'; data: LiveMessage & { conversationId: string } }
  | { event: 'typing'; data: { conversationId: string; agent: Agent; typing: boolean } }

/** Edge → agent console, on GET /v1/agent/stream (one per person, all conversations). */
export type AgentLiveEvent =
  | { event: 'conversation'; data: ConversationSummary }
  | { event: 'message'; data: LiveMessage & { conversationId: string } }

export const VISITOR_LIVE_EVENTS = ['status', 'message', 'typing'] as const
export const AGENT_LIVE_EVENTS = ['conversation', 'message'] as const
