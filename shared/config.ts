// The site config (HUIKE_CONFIG): brand, persona, greeting and the product-knowledge vocabulary;
// campaigns, rules, flows, experiments and handoff join this schema in later issues. Strict objects, so a typo is an error
// that names its path instead of a silently ignored key.
import { z } from 'zod'
import { CampaignSchema, ExperimentSchema, MarketingSettingsSchema, OfferSchema, RuleSchema } from './marketing-config.ts'
import { INTENTS } from './protocol.ts'

export * from './marketing-config.ts'

/** Text in the site's languages: a plain string, or one per language (zh-CN required). */
export const LocalizedTextSchema = z.union([
  z.string().min(1),
  z.strictObject({ 'zh-CN': z.string().min(1), en: z.string().min(1).optional() }),
])
export type LocalizedText = z.infer<typeof LocalizedTextSchema>

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
  /** What happens next, during and outside the hours; `{hours}` stands for the hours. Default: built-in text. */
  next: z.strictObject({ online: LocalizedTextSchema.optional(), offline: LocalizedTextSchema.optional() }).prefault({}),
  /** Other ways to reach the shop, shown on the handoff card. */
  contacts: z
    .array(z.strictObject({ label: LocalizedTextSchema, href: z.string().regex(/^(https?:\/\/|tel:|mailto:)/, 'must start with https://, http://, tel: or mailto:') }))
    .max(4)
    .default([]),
  /** Where handoffs (and tickets, unless aftersales.webhook is set) are POSTed; HUIKE_WEBHOOK_URL overrides. */
  webhook: WebhookSchema.optional(),
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

// ---------- guided-selling flows ----------

const FLOW_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/
const FLOW_ID_MESSAGE = 'must be letters, digits, - or _'
/** Profile keys the edge and widget already use for something else, so a flow may not remember into them. */
const RESERVED_PROFILE_KEYS = ['interests', 'askedProducts', 'lastVisit', 'source', 'consent', 'flow', 'marketing', 'askedTags', 'views', 'purchases']

/** Which products an answer stands for: every test given must hold. */
export const FlowMatchSchema = z
  .strictObject({
    /** The product's category or one of its tags is one of these. */
    tags: z.array(z.string().min(1)).min(1).optional(),
    /** The product has this attribute and, with `values`, its value contains one of them. */
    attribute: z.strictObject({ key: z.string().min(1), values: z.array(z.string().min(1)).min(1).optional() }).optional(),
    /** Who it is for, as the catalog says (适用人群, 适用年龄, tags); unisex suits women and men. */
    audience: z.enum(['女士', '男士', '儿童']).optional(),
    /** One of these words is in the product's name, description, tags or attribute values. */
    words: z.array(z.string().min(1)).min(1).optional(),
  })
  .refine((m) => Object.values(m).some((v) => v !== undefined), 'give at least one of tags, attribute, audience, words')

/** One answer of an enum slot: "女朋友", "老婆", "girlfriend" → 女士 → products for women. */
export const FlowOptionSchema = z.strictObject({
  /** What the slot (and the profile) stores: "女士", "油性". */
  value: z.string().min(1),
  /** How replies name it; default: the value. */
  label: LocalizedTextSchema.optional(),
  /** Words that choose it, in any language; the value and label count too. */
  synonyms: z.array(z.string().min(1)).default([]),
  match: FlowMatchSchema,
})

export const FLOW_SLOT_TYPES = ['money', 'enum', 'number', 'text'] as const

/**
 * One thing a flow asks. money: a budget ("500以内", "两千左右", "1k-2k"); enum: one of `options`
 * (several with `multiple`); number: e.g. an age, matched against a range attribute ("4-12岁");
 * text: free words, read with the knowledge vocabulary (categories, tags, colours).
 */
export const FlowSlotSchema = z
  .strictObject({
    id: z.string().regex(FLOW_ID, FLOW_ID_MESSAGE),
    type: z.enum(FLOW_SLOT_TYPES),
    /** What confirmations and summaries call it: "预算", "budget". */
    label: LocalizedTextSchema,
    question: LocalizedTextSchema,
    /** Quick replies offered with the question; default for enum slots: the options' labels. */
    replies: z.array(LocalizedTextSchema).max(6).optional(),
    options: z.array(FlowOptionSchema).min(2).optional(),
    multiple: z.boolean().default(false),
    /** false: never asked, only taken when the visitor volunteers it. */
    required: z.boolean().default(true),
    /** A profile key that keeps the answer for the next visit ("budget", "skinType"), where it is confirmed rather than asked again. */
    remember: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a simple name such as skinType').optional(),
    /** number: the attribute holding the range a product suits ("适用年龄": "4-12岁"). */
    attribute: z.string().min(1).optional(),
    /** number: words after the number ("岁", "years old"). */
    units: z.array(z.string().min(1)).default([]),
    /** number: the plausible range; a bare number outside it is not taken. */
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .superRefine((slot, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message })
    if (slot.type === 'enum' && !slot.options) issue('options', 'an enum slot needs options')
    if (slot.type !== 'enum' && slot.options) issue('options', `only enum slots have options, not ${slot.type} slots`)
    if (slot.multiple && slot.type !== 'enum') issue('multiple', 'only enum slots take several values')
    if (slot.type === 'number' && !slot.attribute) issue('attribute', 'a number slot needs the attribute it is matched against')
    const values = (slot.options ?? []).map((o) => o.value)
    const twice = values.find((v, i) => values.indexOf(v) !== i)
    if (twice) issue('options', `the value "${twice}" appears twice`)
    if (slot.remember) {
      if (RESERVED_PROFILE_KEYS.includes(slot.remember)) issue('remember', `"${slot.remember}" is a profile key the widget uses for something else`)
      if (slot.remember === 'budget' && slot.type !== 'money') issue('remember', 'only a money slot can remember into "budget"')
      if (slot.remember === 'skinType' && (slot.type === 'money' || slot.type === 'number' || slot.multiple)) issue('remember', '"skinType" holds one word: an enum or text slot')
    }
  })

/** A guided-selling conversation: the slots it asks, one at a time, before recommending. */
export const FlowSchema = z
  .strictObject({
    id: z.string().regex(FLOW_ID, FLOW_ID_MESSAGE),
    name: LocalizedTextSchema,
    start: z
      .strictObject({
        /** Words that start it ("礼物", "gift"); "儿童手表+推荐" needs both. Case-insensitive. */
        keywords: z.array(z.string().min(1)).default([]),
        /** The visitor's intents it may start under. */
        intents: z.array(z.enum(INTENTS)).min(1).default(['presales', 'promotion', 'other']),
        /** A quick reply (greeting suggestion, campaign) that starts it. */
        entry: LocalizedTextSchema.optional(),
      })
      .prefault({}),
    /** Said before the first question: "好的，我来帮您挑一份礼物". */
    intro: LocalizedTextSchema.optional(),
    /** Where its recommendations come from: products of these categories or with these tags. */
    products: z
      .strictObject({ categories: z.array(z.string().min(1)).default([]), tags: z.array(z.string().min(1)).default([]) })
      .refine((p) => p.categories.length + p.tags.length > 0, 'give at least one category or tag'),
    slots: z.array(FlowSlotSchema).min(1),
    /** How many things an opening message must already say to be answered at once; default: all required slots. */
    enough: z.int().min(1).optional(),
  })
  .superRefine((flow, ctx) => {
    const ids = flow.slots.map((s) => s.id)
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['slots', i, 'id'], message: `the slot id "${id}" appears twice` })
    })
    if (flow.slots.filter((s) => s.type === 'money').length > 1) ctx.addIssue({ code: 'custom', path: ['slots'], message: 'a flow has at most one money slot' })
    if (flow.enough !== undefined && flow.enough > flow.slots.length) ctx.addIssue({ code: 'custom', path: ['enough'], message: `must be at most the number of slots (${flow.slots.length})` })
  })
export type FlowConfig = z.infer<typeof FlowSchema>
export type FlowSlotConfig = z.infer<typeof FlowSlotSchema>
export type FlowOptionConfig = z.infer<typeof FlowOptionSchema>
export type FlowMatch = z.infer<typeof FlowMatchSchema>

export const FlowsSchema = z.array(FlowSchema).superRefine((flows, ctx) => {
  const ids = flows.map((f) => f.id)
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `the flow id "${id}" appears twice` })
  })
})

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

export function localized(text: LocalizedText, lang: string): string {
  if (typeof text === 'string') return text
  return (lang === 'en' && text.en) || text['zh-CN']
}
