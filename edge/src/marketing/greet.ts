// The personalised opener of /v1/greet: the landing keyword picks a campaign (opener from catalog
// facts, quick replies, product cards, a flow), the opener experiment may swap the text and attach
// its coupon, and the greeting-slot rules (recall, abandoned cart, referral…) may add a proactive
// bubble with an offer. One promotion per greeting: a rule's offer beats the variant's. On a product
// page with no campaign, the quick replies ask about that product.
import { localized, type SiteConfig } from '../../../shared/config.ts'
import type { Card, GreetRequest, GreetResponse, MarketingHistory, VisitorProfile } from '../../../shared/protocol.ts'
import { productCard } from '../cards.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { productQuestions } from '../suggestions.ts'
import { matchCampaign, fillLocalized } from './campaigns.ts'
import { recordShown, shownTimes, underCaps } from './caps.ts'
import type { MarketingContext } from './conditions.ts'
import { assignVariant } from './experiments.ts'
import { landingKeyword, queryParam } from './keyword.ts'
import { couponCard, expired } from './offers.ts'
import { evaluateRules, globalCapsAllow, promotionBlock } from './rules.ts'

export interface GreetDeps {
  config: SiteConfig
  catalog: Catalog
  log?: (message: string) => void
  now?: () => number
  /** Friends who arrived through this visitor's share link (the store counts them; see referrerRewardsOn). */
  referrals?: number
}

/** Whether any rule rewards referrers, so the greet must count this visitor's referrals first. */
export const referrerRewardsOn = (config: SiteConfig): boolean => config.rules.some((r) => r.when.referrals)

export function greet(request: GreetRequest, deps: GreetDeps): GreetResponse {
  const { config, catalog } = deps
  const { lang, page, visitorId } = request
  const now = deps.now?.() ?? Date.now()
  // The widget greets once per page view: a product or category page counts as a view of its category
  // (for rules like "viewed 护肤 three times", this view included), kept on the device like all the profile.
  const category = page.category ?? (page.productId ? catalog.get(page.productId)?.category : undefined)
  const views = category ? { ...request.profile.views, [category]: (request.profile.views?.[category] ?? 0) + 1 } : undefined
  const profile = views ? { ...request.profile, views } : request.profile
  const landing = landingKeyword(page.url, deps.log)
  const campaign = landing ? matchCampaign(landing.keyword, config.campaigns) : undefined
  const ref = queryParam(page.url, 'ref')
  const ctx: MarketingContext = { visitorId, profile, page, lang, now, config, catalog, campaign: campaign?.id, referrer: ref && ref !== visitorId ? ref : undefined, referrals: deps.referrals }

  let greeting = localized(config.greeting.text, lang)
  let suggestions = config.greeting.suggestions.map((s) => localized(s, lang))
  const cards: Card[] = []
  let campaignSuggests = false
  if (campaign) {
    const filled = fillLocalized(campaign.greeting, lang, catalog, { keyword: landing!.keyword })
    if (filled) greeting = filled
    else deps.log?.(`campaign ${campaign.id}: its greeting names a catalog fact that does not exist; default greeting used`)
    const entry = config.flows.find((f) => f.id === campaign.flow)?.start.entry
    const own = campaign.suggestions.map((s) => localized(s, lang))
    if (own.length || entry) {
      suggestions = [...new Set([...(entry ? [localized(entry, lang)] : []), ...own])].slice(0, 6)
      campaignSuggests = true
    }
    const products = catalog.ours(campaign.productIds)
    cards.push(...products.map((p) => productCard(p)))
  }
  // On a product page the first questions are about the product shown ("Z7 多少钱？"), unless a
  // campaign brought the visitor with questions of its own.
  const shown = page.productId ? catalog.get(page.productId) : undefined
  if (shown && !campaignSuggests) {
    const own = productQuestions(shown, lang, Vocabulary.of(config))
    if (own.length) suggestions = own
  }

  let history: MarketingHistory | undefined = profile.marketing
  const rule = evaluateRules('greeting', ctx)
  let proactive: GreetResponse['proactive'] = null
  if (rule) {
    history = rule.history
    cards.unshift(...rule.cards)
    const trigger = rule.rule.then.proactive
    if (trigger) {
      proactive = { trigger, text: rule.text, ...(rule.rule.then.delayMs !== undefined && { delayMs: rule.rule.then.delayMs }), ruleId: rule.rule.id, ...(rule.offer && { offerId: rule.offer.id }) }
    } else greeting = `${greeting}\n${rule.text}`
  }

  // One experiment per greeting (two openers competing in one greeting would blur both results): the
  // first made for this visitor's campaign, else the first made for every greeting.
  let variant: GreetResponse['variant'] = null
  const experiment = config.experiments.find((e) => campaign && e.campaigns?.includes(campaign.id)) ?? config.experiments.find((e) => !e.campaigns)
  if (experiment) {
    const chosen = assignVariant(visitorId, experiment)
    const offer = chosen.offer ? config.offers.find((o) => o.id === chosen.offer) : undefined
    // A variant that promises a coupon is only shown when that coupon can be: otherwise its text would lie.
    const key = `${experiment.id}.${chosen.id}`
    const once = underCaps(shownTimes(history, key), { perVisit: 1, perDay: 1 }, now)
    const canOffer = offer && once && !rule?.offer && !promotionBlock(ctx) && globalCapsAllow(ctx) && !expired(offer, now)
    if (!chosen.offer || canOffer) {
      variant = { experiment: experiment.id, id: chosen.id }
      // A campaign's opener answers the visitor's search, so it keeps the text (the variant's coupon still
      // applies) unless the experiment was made for that campaign.
      if (chosen.greeting && (!campaign || experiment.campaigns)) greeting = localized(chosen.greeting, lang)
      if (offer && canOffer) {
        cards.unshift(couponCard(offer, lang, now))
        history = recordShown(history, key, now)
      }
    }
  }

  const patch: VisitorProfile = {
    ...(views && { views }),
    ...(landing && { source: campaign?.source ?? landing.keyword }),
    ...(landing && { landing: { keyword: landing.keyword.slice(0, 100), ...(campaign && { campaign: campaign.id }), at: now } }),
    ...(history !== profile.marketing && history && { marketing: history }),
    // The referrer's reward covers the friends counted now; the next one needs new friends.
    ...(rule?.rule.when.referrals && { referralsRewarded: deps.referrals }),
  }
  return {
    greeting,
    brand: localized(config.brand.name, lang),
    suggestions,
    cards: cards.slice(0, 4),
    campaign: campaign?.id ?? null,
    variant,
    proactive,
    ...(Object.keys(patch).length && { profile: patch }),
  }
}
