// A rule's `when`, evaluated over what the edge knows at that moment: the profile the device sent,
// the page, and in a chat the conversation and its understanding (intent, sentiment). Every
// condition given must hold; a condition about something unknown (no lastVisit) fails, so a rule
// never fires on a guess. Matching returns the facts the rule's text may use ({product}).
import type { Compare, SiteConfig, When } from '../../../shared/config.ts'
import type { ChatMessage, Intent, Lang, PageContext, Sentiment, VisitorProfile } from '../../../shared/protocol.ts'
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { DAY_MS } from './caps.ts'

export interface MarketingContext {
  visitorId: string
  profile: VisitorProfile
  page: PageContext
  lang: Lang
  now: number
  config: SiteConfig
  catalog: Catalog
  /** Chat only: the conversation so far (newest last) and its understanding. */
  messages?: readonly ChatMessage[]
  intent?: Intent
  sentiment?: Sentiment
  /** The dialogue that answered this turn ("handoff:asked", "return:quality", "flow:gift"). */
  topic?: string
  /** Products the answer is about, for cross-sell. */
  subjects?: readonly Product[]
  /** The campaign the landing keyword matched, and the share link's referrer. */
  campaign?: string
  /** Friends who arrived through this visitor's own share link, in total (from the event store). */
  referrals?: number
  referrer?: string
}

const HESITATION = /太贵|有点贵|贵了|再考虑|考虑一下|再想想|想一想|便宜点|能便宜|too expensive|pricey|think about it|not sure/i
const PRICE_QUESTION = /多少钱|价格|价钱|几块|how much|price/i

export function compare(value: number | undefined, c: Compare): boolean {
  if (value === undefined || Number.isNaN(value)) return false
  return (c.gt === undefined || value > c.gt) && (c.gte === undefined || value >= c.gte) && (c.lt === undefined || value < c.lt) && (c.lte === undefined || value <= c.lte)
}

/** The site's segment for the visitor: the verified customer's `segment` trait (identity.ts removes any other). */
function segmentOf(profile: VisitorProfile): string | undefined {
  const trait = profile.customer?.segment
  return typeof trait === 'string' ? trait : undefined
}

const userTexts = (ctx: MarketingContext) => (ctx.messages ?? []).filter((m) => m.role === 'user').map((m) => m.content.toLowerCase())

const tagWords = (tag: string, config: SiteConfig) =>
  [tag, ...config.knowledge.terms.filter((t) => t.term === tag).flatMap((t) => t.synonyms)].map((w) => w.toLowerCase())

/** Whether a text names the tag or one of its synonyms in the site's vocabulary. */
export const namesTag = (text: string, tag: string, config: SiteConfig): boolean => tagWords(tag, config).some((w) => text.toLowerCase().includes(w))

/**
 * How often the visitor asked about a tag: the user messages of this conversation naming it, or the
 * device's running count (profile.askedTags, kept by the edge's patches across visits), whichever is
 * more (the count already includes this conversation's earlier turns), plus a stated interest.
 */
export function askedTagCount(tag: string, ctx: MarketingContext): number {
  const now = userTexts(ctx).filter((text) => namesTag(text, tag, ctx.config)).length
  const counted = (ctx.profile.askedTags?.[tag] ?? 0) + (namesTag(ctx.messages?.at(-1)?.content ?? '', tag, ctx.config) ? 1 : 0)
  return Math.max(now, counted) + (ctx.profile.interests?.includes(tag) ? 1 : 0)
}

/** The running counts after this message, for the tags the rules count (`when.askedTag`); undefined: unchanged. */
export function askedTagsPatch(ctx: Pick<MarketingContext, 'profile' | 'config' | 'messages'>): Record<string, number> | undefined {
  const text = ctx.messages?.at(-1)?.role === 'user' ? ctx.messages.at(-1)!.content : ''
  const tags = [...new Set(ctx.config.rules.flatMap((r) => (r.when.askedTag ? [r.when.askedTag.tag] : [])))].filter((tag) => namesTag(text, tag, ctx.config))
  if (!tags.length) return undefined
  const counts = { ...ctx.profile.askedTags }
  for (const tag of tags) counts[tag] = (counts[tag] ?? 0) + 1
  return counts
}

export function hesitating(ctx: MarketingContext, dwellMs?: number): boolean {
  const texts = userTexts(ctx)
  if (texts.length && HESITATION.test(texts.at(-1)!)) return true
  if (texts.filter((t) => PRICE_QUESTION.test(t)).length >= 2) return true
  return dwellMs !== undefined && (ctx.page.dwellMs ?? 0) >= dwellMs
}

/** Days between purchases: the record's 使用周期 ("约60天", "90 days"), else the site's default. */
export function cycleDays(product: Product, fallback: number): number {
  const value = product.attributes['使用周期'] ?? product.attributes['usage cycle']
  const m = typeof value === 'string' ? /(\d+)\s*(天|days?)/i.exec(value) : null
  return m ? Number(m[1]) : fallback
}

function repurchaseDue(ctx: MarketingContext): Product | undefined {
  for (const purchase of [...(ctx.profile.purchases ?? [])].reverse()) {
    const product = ctx.catalog.get(purchase.productId)
    if (product && ctx.now - purchase.ts >= cycleDays(product, ctx.config.marketing.repurchaseDays) * DAY_MS) return product
  }
  return undefined
}

/** The facts a matching rule may put in its text, or undefined when a condition fails. */
export function matchWhen(when: When, ctx: MarketingContext): Record<string, string> | undefined {
  const vars: Record<string, string> = {}
  const { profile, page } = ctx
  const fail = () => undefined
  if (when.segment && !when.segment.includes(segmentOf(profile) ?? '')) return fail()
  if (when.lastActiveDays) {
    const days = profile.lastVisit === undefined ? undefined : (ctx.now - profile.lastVisit) / DAY_MS
    if (!compare(days, when.lastActiveDays)) return fail()
  }
  if (when.cartAbandoned !== undefined && (profile.cartAbandoned ?? false) !== when.cartAbandoned) return fail()
  if (when.visits && !compare(profile.visits, when.visits)) return fail()
  if (when.views && (profile.views?.[when.views.category] ?? 0) < when.views.min) return fail()
  if (when.askedTag && askedTagCount(when.askedTag.tag, ctx) < when.askedTag.min) return fail()
  if (when.page?.category && page.category !== when.page.category && ctx.catalog.get(page.productId ?? '')?.category !== when.page.category) return fail()
  if (when.page?.productId && page.productId !== when.page.productId) return fail()
  if (when.intent && !(ctx.intent && when.intent.includes(ctx.intent))) return fail()
  if (when.sentiment && !(ctx.sentiment && when.sentiment.includes(ctx.sentiment))) return fail()
  if (when.hesitation !== undefined && hesitating(ctx, when.dwellMs) !== when.hesitation) return fail()
  if (when.hesitation === undefined && when.dwellMs !== undefined && (page.dwellMs ?? 0) < when.dwellMs) return fail()
  if (when.keywords) {
    const last = userTexts(ctx).at(-1) ?? ''
    if (!when.keywords.some((k) => last.includes(k.toLowerCase()))) return fail()
  }
  if (when.referral !== undefined && Boolean(ctx.referrer) !== when.referral) return fail()
  if (when.referrals) {
    const fresh = (ctx.referrals ?? 0) - (profile.referralsRewarded ?? 0)
    if (fresh < when.referrals.min) return fail()
    vars.friends = String(fresh)
  }
  if (when.campaign !== undefined && ctx.campaign !== when.campaign) return fail()
  if (when.repurchaseDue) {
    const due = repurchaseDue(ctx)
    if (!due) return fail()
    vars.product = due.name
  }
  return vars
}
