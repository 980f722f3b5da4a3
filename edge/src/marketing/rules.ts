// The rules engine: per slot, the highest-priority rule whose `when` holds, whose offer is live and
// has something to show, and whose caps (its own and the global ones) allow one more show, wins;
// ties go to the smaller id so the outcome never depends on config order. Promotions are held back
// entirely without consent, for complaints, negative or angry visitors and during handoff or
// after-sales dialogues: selling to an upset customer costs more than it earns.
import type { Product } from '../../../shared/catalog.ts'
import { localized, type OfferConfig, type RuleConfig, type SiteConfig } from '../../../shared/config.ts'
import type { Card, MarketingHistory } from '../../../shared/protocol.ts'
import { allShown, recordShown, underCaps, shownTimes } from './caps.ts'
import { fillTemplate } from './campaigns.ts'
import { matchWhen, type MarketingContext } from './conditions.ts'
import { defaultOfferText, expired, offerCards, offerProducts, offerVars } from './offers.ts'
import { isUnhappy } from '../understanding/mood.ts'

export interface MarketingDecision {
  rule: RuleConfig
  offer?: OfferConfig
  products: Product[]
  /** Coupon card and offer products. */
  cards: Card[]
  /** The sentence for the visitor, every fact from config and catalog. */
  text: string
  /** The whole updated history for profile.marketing (unchanged for non-promotional rules). */
  history: MarketingHistory | undefined
}

/** Whether promotions wait for a yes here: the global setting, or the visitor's region's (opt-in vs opt-out). */
export function consentRequired(setting: SiteConfig['marketing']['consentRequired'], region: string | undefined): boolean {
  if (typeof setting === 'boolean') return setting
  return (region ? setting.regions[region.toUpperCase()] : undefined) ?? setting.default
}

/** Why no promotion may be shown now, or undefined when one may. */
export function promotionBlock(ctx: MarketingContext): string | undefined {
  const consent = ctx.profile.consent?.marketing
  if (consent === false) return 'consent'
  if (consent === undefined && consentRequired(ctx.config.marketing.consentRequired, ctx.page.region)) return 'consent'
  if (ctx.intent === 'complaint' || ctx.intent === 'aftersales' || ctx.intent === 'human') return 'intent'
  if (isUnhappy(ctx.sentiment)) return 'sentiment'
  if (ctx.topic && !ctx.topic.startsWith('flow:')) return 'dialogue'
  return undefined
}

/** Whether the global caps allow one more promotion (every show in the history counts). */
export function globalCapsAllow(ctx: MarketingContext): boolean {
  const history = ctx.profile.marketing
  return underCaps(allShown(history, Object.keys(history?.shown ?? {})), ctx.config.marketing.caps, ctx.now)
}

/** The visitor's share link: this page without its query, plus `?ref=<visitorId>`. */
export function referralLink(ctx: MarketingContext): string {
  const base = (ctx.page.url ?? '/').split(/[?#]/)[0] || '/'
  return `${base}?ref=${encodeURIComponent(ctx.visitorId)}`
}

export const byPriority = (a: RuleConfig, b: RuleConfig) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

function decide(rule: RuleConfig, ctx: MarketingContext, vars: Record<string, string>): MarketingDecision | undefined {
  const offer = rule.then.offer ? ctx.config.offers.find((o) => o.id === rule.then.offer) : undefined
  if (rule.then.offer && (!offer || expired(offer, ctx.now))) return undefined
  const products = offer ? offerProducts(offer, ctx) : []
  if (offer && offer.type !== 'coupon' && !products.length) return undefined // a cross-sell with nothing to go with
  const all = { ...offerVars(offer, products, ctx.lang, ctx.now), ...vars, ...(rule.then.referralLink && { link: referralLink(ctx) }) }
  const text = rule.then.text ? fillTemplate(localized(rule.then.text, ctx.lang), ctx.catalog, all) : offer ? defaultOfferText(offer, all, ctx.lang) : undefined
  if (!text) return undefined // a placeholder with no fact behind it: say nothing rather than something wrong
  return {
    rule,
    offer,
    products,
    cards: offer ? offerCards(offer, products, ctx.lang, ctx.now) : [],
    text,
    history: rule.promotional ? recordShown(ctx.profile.marketing, rule.id, ctx.now) : ctx.profile.marketing,
  }
}

export function evaluateRules(slot: RuleConfig['slot'], ctx: MarketingContext): MarketingDecision | undefined {
  const blocked = promotionBlock(ctx) !== undefined
  const globalOk = globalCapsAllow(ctx)
  for (const rule of ctx.config.rules.filter((r) => r.slot === slot).sort(byPriority)) {
    if (rule.promotional && (blocked || !globalOk || !underCaps(shownTimes(ctx.profile.marketing, rule.id), rule.caps, ctx.now))) continue
    const vars = matchWhen(rule.when, ctx)
    if (!vars) continue
    const decision = decide(rule, ctx, vars)
    if (decision) return decision
  }
  return undefined
}
