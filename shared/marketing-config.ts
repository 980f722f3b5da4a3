// The marketing part of the site config: campaigns (landing keywords → greeting), offers (coupon,
// bundle, cross-sell), rules (when → then, with caps), experiments and global settings. Kept apart
// from config.ts so each file stays readable; config.ts puts them into SiteConfigSchema.
// Offers are the ONLY source of codes, discounts and expiries a visitor sees.
import { z } from 'zod'
import { LocalizedTextSchema } from './localized.ts'
import { INTENTS, SENTIMENTS } from './protocol.ts'

const ID = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, - or _')
const Text = LocalizedTextSchema

/** Shows, per rule or in total, within a visit (30 minutes), a rolling day and a rolling week. */
export const CapsSchema = z.strictObject({
  perVisit: z.int().min(0).optional(),
  perDay: z.int().min(0).optional(),
  perWeek: z.int().min(0).optional(),
})
export type Caps = z.infer<typeof CapsSchema>

/** A landing page's search keyword → an opener, quick replies, product cards, a flow. */
export const CampaignSchema = z.strictObject({
  id: ID,
  /** Groups of words: a keyword matches a group when it contains every word of it ("儿童手表 + 定位" → ["儿童手表", "定位"]). */
  keywords: z.array(z.array(z.string().min(1)).min(1)).min(1),
  /** The opener; `{x5.name}`, `{x5.price}`, `{x5.attributes.定位}` are read from the catalog, `{keyword}` is the visitor's. */
  greeting: Text,
  suggestions: z.array(Text).max(6).default([]),
  productIds: z.array(z.string().min(1)).max(3).default([]),
  /** A guided-selling flow the campaign's first suggestion starts (its `start.entry`). */
  flow: z.string().optional(),
  /** Where the visitor came from, kept in profile.source ("baidu-kids-watch"); default: the keyword. */
  source: z.string().optional(),
})
export type CampaignConfig = z.infer<typeof CampaignSchema>

const DiscountSchema = z.strictObject({
  /** percent: that many percent off (20 → 8折); amount: that much off (50 → 立减50元). */
  type: z.enum(['percent', 'amount']),
  value: z.number().positive(),
}).refine((d) => d.type === 'amount' || d.value < 100, { message: 'a percent discount must be below 100', path: ['value'] })

const OfferBase = {
  id: ID,
  title: Text,
  code: z.string().min(1).max(40),
  discount: DiscountSchema,
  /** A fixed end (ISO date-time), or `validHours` from the moment it is shown (limited-time offers). */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
  validHours: z.number().positive().max(24 * 365).optional(),
  terms: Text.optional(),
}

export const OfferSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('coupon'), ...OfferBase }),
  /** A set bought together at a discount: product cards show the bundle price. */
  z.strictObject({ type: z.literal('bundle'), ...OfferBase, productIds: z.array(z.string().min(1)).min(2).max(3) }),
  /** Products that go with the one asked about: listed ones, or those sharing an attribute value (色系). */
  z.strictObject({
    type: z.literal('crossSell'),
    ...OfferBase,
    from: z.strictObject({ productIds: z.array(z.string().min(1)).optional(), category: z.string().optional() }),
    to: z.strictObject({ productIds: z.array(z.string().min(1)).optional(), sameAttribute: z.string().optional(), related: z.boolean().default(false) }),
  }),
])
export type OfferConfig = z.infer<typeof OfferSchema>

/** A comparison: {"gt": 30}, {"gte": 3}… every bound given must hold. */
const CompareSchema = z.strictObject({ gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() })
export type Compare = z.infer<typeof CompareSchema>

/** When a rule applies: every condition given must hold. */
export const WhenSchema = z.strictObject({
  /** profile.segment is one of these. */
  segment: z.array(z.string().min(1)).optional(),
  /** Days since profile.lastVisit (absent: the condition fails). */
  lastActiveDays: CompareSchema.optional(),
  /** profile.cartAbandoned is this. */
  cartAbandoned: z.boolean().optional(),
  /** profile.visits. */
  visits: CompareSchema.optional(),
  /** profile.views[category] ≥ min. */
  views: z.strictObject({ category: z.string().min(1), min: z.int().min(1) }).optional(),
  /** How often the visitor asked about a tag: user messages naming it (or its synonyms) + profile.askedTags[tag]. */
  askedTag: z.strictObject({ tag: z.string().min(1), min: z.int().min(1) }).optional(),
  /** The page being viewed. */
  page: z.strictObject({ category: z.string().optional(), productId: z.string().optional() }).optional(),
  intent: z.array(z.enum(INTENTS)).optional(),
  sentiment: z.array(z.enum(SENTIMENTS)).optional(),
  /** Hesitation: "太贵", "再考虑", "too expensive", a repeated price question, or page.dwellMs ≥ dwellMs. */
  hesitation: z.boolean().optional(),
  dwellMs: z.int().min(0).optional(),
  /** The newest message contains one of these (case-insensitive). */
  keywords: z.array(z.string().min(1)).optional(),
  /** The visit came through a share link (`ref` in the page URL). */
  referral: z.boolean().optional(),
  /** The referrer's reward: at least `min` friends arrived through this visitor's share link since the last reward. */
  referrals: z.strictObject({ min: z.int().min(1) }).optional(),
  /** A bought product (profile.purchases) is due again: its attributes.使用周期 ("约60天") or repurchaseDays. */
  repurchaseDue: z.boolean().optional(),
  /** The campaign the landing keyword matched. */
  campaign: z.string().optional(),
})
export type When = z.infer<typeof WhenSchema>

export const RuleSchema = z.strictObject({
  id: ID,
  /** Higher wins; a tie goes to the smaller id. One winner per slot. */
  priority: z.int().default(0),
  /** greeting: /v1/greet (proactive bubble, coupon); reply: under a chat answer. */
  slot: z.enum(['greeting', 'reply']),
  /** false: a service message (a share link asked for) that consent and caps do not hold back. */
  promotional: z.boolean().default(true),
  when: WhenSchema.default({}),
  then: z.strictObject({
    offer: z.string().optional(),
    /** The sentence shown; `{code}`, `{discount}`, `{title}`, `{product}`, `{link}`, `{hours}`, `{friends}` are filled in. Default: built from the offer. */
    text: Text.optional(),
    /** greeting slot: shown as a proactive bubble with this trigger. */
    proactive: z.enum(['landing', 'recall', 'cart', 'hesitation', 'exit', 'repurchase', 'referral']).optional(),
    delayMs: z.int().min(0).optional(),
    /** Adds the visitor's share link (`?ref=<visitorId>`) as {link}. */
    referralLink: z.boolean().default(false),
  }),
  caps: CapsSchema.default({}),
})
export type RuleConfig = z.infer<typeof RuleSchema>

export const ExperimentSchema = z.strictObject({
  id: ID,
  /** Only for visitors landing from these campaigns (a variant's text then replaces the campaign's opener); absent: every greeting. */
  campaigns: z.array(ID).min(1).optional(),
  variants: z
    .array(z.strictObject({ id: ID, weight: z.number().min(0), greeting: Text.optional(), offer: z.string().nullable().optional() }))
    .min(2)
    .refine((v) => v.some((x) => x.weight > 0), 'at least one variant needs a weight above 0'),
})
export type ExperimentConfig = z.infer<typeof ExperimentSchema>

export const MarketingSettingsSchema = z.strictObject({
  /** Promotions in total, on top of each rule's own caps. */
  caps: CapsSchema.default({ perVisit: 2, perDay: 3, perWeek: 10 }),
  /**
   * true: no promotion until the visitor said yes (profile.consent.marketing); false: until they said
   * no. Per region: `{default, regions: {"DE": true, "CN": false}}` by the visitor's `page.region`.
   */
  consentRequired: z
    .union([z.boolean(), z.strictObject({ default: z.boolean(), regions: z.record(z.string(), z.boolean()).default({}) })])
    .default(false),
  /** Days between purchases of a product whose record has no 使用周期. */
  repurchaseDays: z.int().min(1).default(60),
})
