// The site config (HUIKE_CONFIG): brand, persona, greeting, the product-knowledge vocabulary, handoff
// and after-sales here; flows (flow-config.ts) and campaigns, offers, rules, experiments
// (marketing-config.ts) join it in SiteConfigSchema. Strict objects, so a typo is an error that names
// its path instead of a silently ignored key.
import { z } from 'zod'
import { FlowsSchema } from './flow-config.ts'
import { LocalizedTextSchema } from './localized.ts'
import { CampaignSchema, ExperimentSchema, MarketingSettingsSchema, OfferSchema, RuleSchema } from './marketing-config.ts'
import { ModelPricesSchema } from './model-prices.ts'

export * from './flow-config.ts'
export * from './localized.ts'
export * from './marketing-config.ts'

/**
 * How visitors ask about one catalog attribute: "多重", "weight" → 重量. The edge has a built-in
 * table (edge/src/knowledge/default-attributes.ts); a site's entry with the same key replaces the
 * built-in one, a new key adds an attribute (机芯, 表径…) without code. `price` and `stock` are the
 * record's own fields rather than attributes.
 */
export const AttributeSynonymsSchema = z.strictObject({
  key: z.string().min(1),
  /** Other catalog keys that answer the same question, most specific first ("色号", "色系"). */
  also: z.array(z.string().min(1)).default([]),
  /** Words that ask for it; matched case-insensitively, Latin words as whole words. */
  synonyms: z.array(z.string().min(1)).min(1),
  /** How answers name it; default: the key. */
  label: LocalizedTextSchema.optional(),
  /** A quick reply asking for it, `{name}` standing for the product: "{name} 有多重？". */
  ask: LocalizedTextSchema.optional(),
})
export type AttributeSynonyms = z.infer<typeof AttributeSynonymsSchema>

/** Words for a catalog category or tag, for recommendation filters: "油性皮肤", "oily skin" → 油皮. */
export const TermSynonymsSchema = z.strictObject({
  term: z.string().min(1),
  synonyms: z.array(z.string().min(1)).min(1),
})
export type TermSynonyms = z.infer<typeof TermSynonymsSchema>

export const KnowledgeConfigSchema = z.strictObject({
  attributes: z.array(AttributeSynonymsSchema).default([]),
  terms: z.array(TermSynonymsSchema).default([]),
})
export type KnowledgeConfig = z.infer<typeof KnowledgeConfigSchema>

// ---------- handoff and after-sales ----------

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/
const validTimezone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz })
    return true
  } catch {
    return false
  }
}
const validRegExp = (source: string) => {
  try {
    new RegExp(source)
    return true
  } catch {
    return false
  }
}
/** A link the widget renders: the site's own pages (relative) or http(s). */
const LinkSchema = z.string().regex(/^(https?:\/\/|\/)/, 'must be an http(s) URL or a path starting with /')
const WebhookSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' })

/** When people answer chats: `days` 0 = Sunday … 6 = Saturday; `close` before `open` runs past midnight. */
export const BusinessHoursSchema = z.strictObject({
  days: z.array(z.int().min(0).max(6)).min(1).default([0, 1, 2, 3, 4, 5, 6]),
  open: z.string().regex(HHMM, 'must be HH:MM'),
  close: z.string().regex(HHMM, 'must be HH:MM (24:00 for midnight)'),
  timezone: z.string().refine(validTimezone, 'must be an IANA time zone such as Asia/Shanghai').default('Asia/Shanghai'),
  /** How the hours are shown; default: made from days/open/close ("每天 9:00–21:00"). */
  text: LocalizedTextSchema.optional(),
})
export type BusinessHours = z.infer<typeof BusinessHoursSchema>

/** A person's usual lines in a live chat: a greeting, a moment's wait, the order number, a goodbye. */
const DEFAULT_QUICK_REPLIES = [
  { 'zh-CN': '您好，我是人工客服，很高兴为您服务，请问有什么可以帮您？', en: "Hi, I'm here to help. What can I do for you?" },
  { 'zh-CN': '请稍等，我帮您查一下。', en: 'One moment please, let me check that for you.' },
  { 'zh-CN': '麻烦提供一下您的订单号，我帮您查询。', en: 'Could you give me your order number so I can look it up?' },
  { 'zh-CN': '请问还有其他可以帮您的吗？', en: 'Is there anything else I can help you with?' },
  { 'zh-CN': '感谢您的耐心，祝您购物愉快！', en: 'Thank you for your patience. Enjoy your shopping!' },
]

/** When the assistant hands the conversation to a person, and what the visitor is told. */
export const HandoffConfigSchema = z.strictObject({
  rules: z
    .strictObject({
      /** The visitor asks for a person (转人工, "talk to a human"…). */
      asked: z.boolean().default(true),
      /** The visitor is angry. */
      angry: z.boolean().default(true),
      /** After this many consecutive rounds the assistant could not answer; false: never. */
      unresolved: z.union([z.literal(false), z.int().min(1).max(10)]).default(2),
      /** After this many negative turns in a session; false: never. */
      negative: z.union([z.literal(false), z.int().min(1).max(20)]).default(3),
    })
    .prefault({}),
  /** More ways visitors ask for a person, on top of the built-in ones. */
  phrases: z.array(z.string().min(1)).default([]),
  /** Unset: people are always there. */
  hours: BusinessHoursSchema.optional(),
  /**
   * The card's "what happens next": `online` while a person is being asked to join (a live channel in
   * the hours), `offline` when the leave-a-message form is offered outside them; `{hours}` stands for
   * the hours. A text that promises a person at once ("马上接入", "shortly") is replaced by the
   * built-in one, which only says what will really happen. Default: built-in text.
   */
  next: z.strictObject({ online: LocalizedTextSchema.optional(), offline: LocalizedTextSchema.optional() }).prefault({}),
  /** Other ways to reach the shop, shown on the handoff card. */
  contacts: z
    .array(z.strictObject({ label: LocalizedTextSchema, href: z.string().regex(/^(https?:\/\/|tel:|mailto:)/, 'must start with https://, http://, tel: or mailto:') }))
    .max(4)
    .default([]),
  /** Where handoffs (and tickets, unless aftersales.webhook is set) are POSTed; HUIKE_WEBHOOK_URL overrides. */
  webhook: WebhookSchema.optional(),
  /** Ready answers the shop's people insert with one click in the agent console (GET /v1/agent/config). */
  quickReplies: z.array(LocalizedTextSchema).max(20).default(DEFAULT_QUICK_REPLIES),
})
export type HandoffConfig = z.infer<typeof HandoffConfigSchema>

/** Returns and warranty checks. */
export const AftersalesConfigSchema = z.strictObject({
  /** Days after delivery a visitor may return an item without a reason (7 天无理由). */
  returnDays: z.int().min(0).max(365).default(7),
  returnPolicyUrl: LinkSchema.optional(),
  warrantyPolicyUrl: LinkSchema.optional(),
  /** For products whose catalog record has no warrantyMonths. */
  defaultWarrantyMonths: z.int().min(0).max(240).default(12),
  orderNumber: z
    .strictObject({
      /** A regular expression a whole order number must match. */
      pattern: z.string().refine(validRegExp, 'must be a valid regular expression').default('^[0-9]{6,20}$'),
      /** How an order number looks, for the visitor ("6–20 位数字"). */
      hint: LocalizedTextSchema.default({ 'zh-CN': '6–20 位数字', en: '6 to 20 digits' }),
    })
    .prefault({}),
  /** Where tickets are POSTed; default: handoff.webhook. */
  webhook: WebhookSchema.optional(),
})
export type AftersalesConfig = z.infer<typeof AftersalesConfigSchema>

export const SiteConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  brand: z.strictObject({
    name: LocalizedTextSchema,
    color: z.string().regex(/^#[0-9a-fA-F]{3,8}$/).optional(),
  }),
  persona: z.strictObject({
    name: LocalizedTextSchema,
    /** How the assistant speaks, in a sentence or two; goes into the system prompt. */
    style: LocalizedTextSchema,
  }),
  greeting: z.strictObject({
    text: LocalizedTextSchema,
    suggestions: z.array(LocalizedTextSchema).max(6).default([]),
  }),
  /** The site's own words for attributes and categories, on top of the built-in ones. */
  knowledge: KnowledgeConfigSchema.default({ attributes: [], terms: [] }),
  /**
   * The shop's own site, for channels without a page (WeChat, apps): product links and share links
   * are made absolute against `baseUrl` there ("/p/x5" → "https://shop.example/p/x5").
   */
  shop: z.strictObject({ baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }) }).optional(),
  /** When to hand the conversation to a person, business hours, contacts, webhook. */
  handoff: HandoffConfigSchema.prefault({}),
  /** Returns and warranty: policy links, windows, order-number format. */
  aftersales: AftersalesConfigSchema.prefault({}),
  /** Guided selling: multi-turn flows that ask a few questions, then recommend (gift, skincare…). */
  flows: FlowsSchema.default([]),
  /** Landing keywords → opener, quick replies, cards, flow. */
  campaigns: z.array(CampaignSchema).default([]),
  /** Coupons, bundles and cross-sells: the only codes, discounts and expiries a visitor sees. */
  offers: z.array(OfferSchema).default([]),
  /** When to show which offer or message, in the greeting or under a reply. */
  rules: z.array(RuleSchema).default([]),
  experiments: z.array(ExperimentSchema).default([]),
  marketing: MarketingSettingsSchema.prefault({}),
  /** LLM prices by model name (HUIKE_MODEL): the report's estimated cost. */
  models: ModelPricesSchema.default({}),
  /**
   * Data minimisation: the edge keeps no conversation text unless `transcripts.retain` is on; then
   * each turn is stored masked (and unanswered questions feed the report's knowledge-gap list),
   * and purged after `days`.
   */
  privacy: z
    .strictObject({
      transcripts: z
        .strictObject({ retain: z.boolean().default(false), days: z.number().int().min(1).max(365).default(30) })
        .prefault({}),
    })
    .prefault({}),
}).superRefine((config, ctx) => {
  // Ids must be unique and references must resolve, so a typo is reported with its path at start-up.
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message })
  for (const key of ['campaigns', 'offers', 'rules', 'experiments'] as const) {
    const ids = config[key].map((x) => x.id)
    ids.forEach((id, i) => ids.indexOf(id) !== i && issue([key, i, 'id'], `the id "${id}" appears twice`))
  }
  const offers = new Set(config.offers.map((o) => o.id))
  const flows = new Set(config.flows.map((f) => f.id))
  config.offers.forEach((o, i) => o.expiresAt && o.validHours && issue(['offers', i, 'validHours'], 'give expiresAt or validHours, not both'))
  config.rules.forEach((r, i) => r.then.offer && !offers.has(r.then.offer) && issue(['rules', i, 'then', 'offer'], `no offer has the id "${r.then.offer}"`))
  config.campaigns.forEach((c, i) => c.flow && !flows.has(c.flow) && issue(['campaigns', i, 'flow'], `no flow has the id "${c.flow}"`))
  const campaigns = new Set(config.campaigns.map((c) => c.id))
  config.experiments.forEach((e, i) => e.campaigns?.forEach((c, j) => !campaigns.has(c) && issue(['experiments', i, 'campaigns', j], `no campaign has the id "${c}"`)))
  config.experiments.forEach((e, i) =>
    e.variants.forEach((v, j) => v.offer && !offers.has(v.offer) && issue(['experiments', i, 'variants', j, 'offer'], `no offer has the id "${v.offer}"`)),
  )
})
export type SiteConfig = z.infer<typeof SiteConfigSchema>
