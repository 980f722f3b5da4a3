// The wire protocol between widget and edge: the single source of every shape on the wire.
// The edge validates with these zod schemas; the widget imports only the inferred types
// (`import type`), so zod never reaches the widget bundle.
import { z } from 'zod'
import { EVENT_TYPE, MAX_HISTORY, MAX_MESSAGE_CHARS } from './limits.ts'

export * from './limits.ts'
export const PROTOCOL_VERSION = 1

export const LANGS = ['zh-CN', 'en'] as const
export const INTENTS = ['presales', 'aftersales', 'promotion', 'complaint', 'human', 'other'] as const
export const SENTIMENTS = ['positive', 'neutral', 'negative', 'angry'] as const
export const PROVIDERS = ['openai', 'offline'] as const
export const FINISH_REASONS = ['stop', 'length', 'abort'] as const

export type Lang = (typeof LANGS)[number]
export type Intent = (typeof INTENTS)[number]
export type Sentiment = (typeof SENTIMENTS)[number]
export type Provider = (typeof PROVIDERS)[number]

const id = z.string().min(1).max(100)

// ---------- request parts ----------

export const ChatMessageSchema = z.object({
  role: z.enum(['user', 'assistant']),
  content: z.string().max(MAX_MESSAGE_CHARS, `a message may have at most ${MAX_MESSAGE_CHARS} characters`),
})
export type ChatMessage = z.infer<typeof ChatMessageSchema>

export const PageSchema = z.object({
  url: z.string().max(2048).optional(),
  title: z.string().max(300).optional(),
  productId: id.optional(),
  category: z.string().max(100).optional(),
  /** How long the visitor has been on this page (ms): a hesitation signal for the marketing rules. */
  dwellMs: z.number().int().nonnegative().optional(),
  /** The visitor's country or region (ISO 3166, e.g. "CN", "DE"): set by the edge from the CDN's
   * `cf-ipcountry` header unless the page passed one; selects the consent default. */
  region: z.string().max(8).optional(),
})
export type PageContext = z.infer<typeof PageSchema>

export const MarketingHistorySchema = z.looseObject({ shown: z.record(z.string(), z.array(z.number())).default({}) })
export type MarketingHistory = z.infer<typeof MarketingHistorySchema>

/** What the widget keeps about a visitor on their own device; the edge only ever sends patches. */
export const VisitorProfileSchema = z.looseObject({
  interests: z.array(z.string()).optional(),
  askedProducts: z.array(z.string()).optional(),
  budget: z.number().optional(),
  skinType: z.string().optional(),
  lastVisit: z.number().optional(),
  source: z.string().optional(),
  consent: z.object({ marketing: z.boolean() }).optional(),
  // The marketing fields below are read by the rules; a malformed one is ignored (`catch`), never a 400.
  /** The search ad the visitor landed from (set by /v1/greet): carried into the chat for that trip. */
  landing: z.object({ keyword: z.string().max(100), campaign: z.string().max(100).optional(), at: z.number() }).optional().catch(undefined),
  /**
   * The shop's customer, from `huike('identify', {id, …traits}, {hash})`. The edge trusts it (its
   * `segment` for the rules, its traits in the handoff context and webhooks) only when `identityHash`
   * proves the id (HUIKE_IDENTITY_SECRET); otherwise the traits are hints kept on the device.
   */
  customer: z.looseObject({ id: z.string().min(1).max(128) }).optional().catch(undefined),
  /** hex HMAC-SHA256(HUIKE_IDENTITY_SECRET, customer.id), computed by the shop's server. */
  identityHash: z.string().max(128).optional().catch(undefined),
  visits: z.number().optional().catch(undefined),
  cartAbandoned: z.boolean().optional().catch(undefined),
  /** Product views per category, for rules like "viewed 护肤 three times". */
  views: z.record(z.string(), z.number()).optional().catch(undefined),
  /** Times the visitor asked about a tag in earlier visits ("油皮": 2). */
  askedTags: z.record(z.string(), z.number()).optional().catch(undefined),
  /** Purchases, for repurchase reminders. */
  purchases: z.array(z.object({ productId: z.string(), ts: z.number() })).optional().catch(undefined),
  /** Friends already rewarded for (the referrer's reward rule), so each referral is rewarded once. */
  referralsRewarded: z.number().optional().catch(undefined),
  /** What the marketing rules showed, per rule id, as epoch ms (the edge enforces caps with it and sends it back whole). */
  marketing: MarketingHistorySchema.optional().catch(undefined),
})
export type VisitorProfile = z.infer<typeof VisitorProfileSchema>

// ---------- POST /v1/chat ----------

export const ChatRequestSchema = z.object({
  visitorId: id,
  sessionId: id,
  messages: z
    .array(ChatMessageSchema)
    .min(1, 'messages must hold at least one message')
    .max(MAX_HISTORY * 2, `messages may hold at most ${MAX_HISTORY * 2} entries`)
    .refine((m) => m.at(-1)?.role === 'user', 'the last message must be from the user'),
  profile: VisitorProfileSchema.default({}),
  page: PageSchema.default({}),
  lang: z.enum(LANGS).default('zh-CN'),
})
export type ChatRequest = z.infer<typeof ChatRequestSchema>

// ---------- SSE events of /v1/chat ----------

export const MetaSchema = z.object({
  v: z.literal(PROTOCOL_VERSION),
  intent: z.enum(INTENTS),
  sentiment: z.enum(SENTIMENTS),
  /** How sure the classifier is of `intent` and `sentiment`, 0–1 rounded to 2 decimals. */
  confidence: z.object({ intent: z.number().min(0).max(1), sentiment: z.number().min(0).max(1) }).optional(),
  products: z.array(z.string()),
  provider: z.enum(PROVIDERS),
  /** Set when the configured LLM failed before its first token and the offline responder answered instead. */
  fallback: z.string().optional(),
  /** Which dialogue handled the turn ("handoff:asked", "flow:gift", "return:quality"…), when one did. */
  topic: z.string().optional(),
})

/** A product as a card shows it: always copied from the catalog record, never from model text. */
export const CardProductSchema = z.object({
  id: z.string(),
  name: z.string(),
  price: z.number(),
  currency: z.string(),
  url: z.string().optional(),
  image: z.string().optional(),
  stock: z.number().optional(),
  /** A short reason from the catalog's attributes, e.g. "九重定位，误差小于5米". */
  note: z.string().optional(),
})
export type CardProduct = z.infer<typeof CardProductSchema>

export const ProductCardSchema = z.object({ type: z.literal('product'), product: CardProductSchema })
export type ProductCard = z.infer<typeof ProductCardSchema>

/**
 * Two or more products side by side, rows from the catalog attributes they share. A competitor's
 * product appears without url or image (never linked), and `competitor: true` marks it.
 */
export const CompareCardSchema = z.object({
  type: z.literal('compare'),
  products: z.array(CardProductSchema.extend({ competitor: z.boolean().optional() })).min(2).max(4),
  rows: z.array(z.object({ attribute: z.string(), values: z.array(z.string().nullable()) })),
})
export type CompareCard = z.infer<typeof CompareCardSchema>

/** Why the conversation goes to a person (the site config's handoff rules). */
export const HANDOFF_REASONS = ['asked', 'unresolved', 'angry', 'negative'] as const

/** The visitor is being handed to a person: why, when people are there, what happens next. */
export const HandoffCardSchema = z.object({
  type: z.literal('handoff'),
  reason: z.enum(HANDOFF_REASONS),
  /** What happens next, in the visitor's language ("客服将在 2 分钟内接入…"). */
  next: z.string(),
  /** Business hours from the config, e.g. "每天 9:00–21:00". */
  hours: z.string().optional(),
  /** Whether people are on duty now (from the hours), so the widget can say "leave a message". */
  online: z.boolean().optional(),
  /** Other ways to reach the shop: only http(s), tel: and mailto: links are rendered. */
  contacts: z.array(z.object({ label: z.string(), href: z.string() })).max(4).optional(),
  /**
   * A person can join this chat (live channel on, in hours): the widget opens GET /v1/live and waits,
   * at most `waitMs` before it offers the message form.
   */
  live: z.object({ waitMs: z.number() }).optional(),
  /** Offer the "leave a message" form (POST /v1/handoff/message): nobody can join now. */
  form: z.boolean().optional(),
})
export type HandoffCard = z.infer<typeof HandoffCardSchema>

/** A return or warranty case the shop has opened. */
export const TicketCardSchema = z.object({
  type: z.literal('ticket'),
  id: z.string(),
  kind: z.enum(['return', 'quality', 'warranty']),
  /** Short status in the visitor's language ("保修期内", "已受理"). */
  status: z.string(),
  title: z.string(),
  steps: z.array(z.string()).max(8),
  product: CardProductSchema.optional(),
  /** A policy or self-service page from the config (http(s) or relative). */
  link: z.object({ label: z.string(), href: z.string() }).optional(),
})
export type TicketCard = z.infer<typeof TicketCardSchema>

/** An offer defined in the site config: code, discount and expiry never come from a model. */
export const CouponCardSchema = z.object({
  type: z.literal('coupon'),
  /** The config's offer id (for events and caps). */
  offerId: z.string(),
  code: z.string(),
  title: z.string(),
  /** As the visitor reads it: "8折", "立减50元", "20% off". */
  discount: z.string(),
  /** Epoch ms; the widget shows a countdown for limited-time offers and hides expired ones. */
  expiresAt: z.number().optional(),
  terms: z.string().optional(),
})
export type CouponCard = z.infer<typeof CouponCardSchema>

export const CardSchema = z.discriminatedUnion('type', [ProductCardSchema, CompareCardSchema, HandoffCardSchema, TicketCardSchema, CouponCardSchema])
export type Card = z.infer<typeof CardSchema>

export const DeltaSchema = z.object({ text: z.string() })
export const SuggestSchema = z.object({ replies: z.array(z.string()) })
export const ProfilePatchSchema = z.object({ patch: VisitorProfileSchema })
export const DoneSchema = z.object({
  finish: z.enum(FINISH_REASONS),
  provider: z.enum(PROVIDERS),
  /** How many amounts in the model's text matched no catalog price and were corrected or dropped. */
  corrected: z.number().int().nonnegative().optional(),
})
export const StreamErrorSchema = z.object({ code: z.string(), message: z.string() })
/**
 * Before `meta`, while a reasoning model thinks (at most one every few seconds): show the typing
 * indicator. Clients that do not know the event skip it (shared/sse.ts).
 */
export const StatusSchema = z.object({ state: z.enum(['thinking']) })

/** Every event of the stream, by name. Order: any `status`, meta, then delta/card/suggest/profile, then done or error. */
export const ChatEventSchemas = {
  meta: MetaSchema,
  delta: DeltaSchema,
  card: CardSchema,
  suggest: SuggestSchema,
  profile: ProfilePatchSchema,
  done: DoneSchema,
  error: StreamErrorSchema,
  status: StatusSchema,
} as const
export type ChatEventName = keyof typeof ChatEventSchemas
export type ChatEventData = { [K in ChatEventName]: z.infer<(typeof ChatEventSchemas)[K]> }
export type ChatEvent = { [K in ChatEventName]: { event: K; data: ChatEventData[K] } }[ChatEventName]
export const CHAT_EVENT_NAMES = Object.keys(ChatEventSchemas) as ChatEventName[]

// ---------- POST /v1/greet ----------

export const GreetRequestSchema = z.object({
  visitorId: id,
  page: PageSchema.default({}),
  profile: VisitorProfileSchema.default({}),
  lang: z.enum(LANGS).default('zh-CN'),
})
export type GreetRequest = z.infer<typeof GreetRequestSchema>

/** A small bubble the widget may show next to the launcher, once per visit, within the caps. */
export const ProactiveSchema = z.object({
  trigger: z.enum(['landing', 'recall', 'cart', 'hesitation', 'exit', 'repurchase', 'referral']),
  text: z.string(),
  /** Show after this long on the page (hesitation: the dwell time). */
  delayMs: z.number().int().nonnegative().optional(),
  /** The rule that chose it, for caps and events. */
  ruleId: z.string().optional(),
  offerId: z.string().optional(),
})
export type Proactive = z.infer<typeof ProactiveSchema>

export const GreetResponseSchema = z.object({
  greeting: z.string(),
  /** The site's brand name in the request's language, for the panel header. */
  brand: z.string().optional(),
  suggestions: z.array(z.string()),
  cards: z.array(CardSchema),
  campaign: z.string().nullable(),
  variant: z.object({ experiment: z.string(), id: z.string() }).nullable(),
  proactive: ProactiveSchema.nullable(),
  /** What the widget merges into the visitor's profile (source keyword, marketing history). */
  profile: VisitorProfileSchema.optional(),
})
export type GreetResponse = z.infer<typeof GreetResponseSchema>

// ---------- POST /v1/events ----------

export const EVENT_TYPES = [
  'widget_open', 'message_sent', 'product_click', 'coupon_shown', 'coupon_copied',
  'handoff', 'feedback', 'conversion',
] as const

export const TrackedEventSchema = z.object({
  id: z.string().max(64).optional(),
  /** Contract types above, plus page events from `huike('track', name)`: any short snake_case name. */
  type: z.string().regex(EVENT_TYPE, 'type must be a short snake_case name'),
  visitorId: id,
  sessionId: id,
  ts: z.number().int().positive(),
  props: z.record(z.string(), z.unknown()).default({}),
})
export type TrackedEvent = z.infer<typeof TrackedEventSchema>

export const EventsRequestSchema = z.object({
  events: z.array(TrackedEventSchema).min(1).max(100),
})
export type EventsRequest = z.infer<typeof EventsRequestSchema>

// ---------- errors ----------

export const ERROR_CODES = [
  'bad_json', 'invalid_request', 'too_large', 'forbidden_origin', 'rate_limited', 'not_found',
  'upstream_failed', 'internal', 'unauthorized', 'forbidden', 'conflict',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string }
}
