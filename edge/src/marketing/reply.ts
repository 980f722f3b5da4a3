// The offer under a chat answer: the 'reply'-slot winner for this turn, and what the LLM is told
// about it. The rules run before the model so its prompt can name the one offer it may mention
// (and forbid all others); the cards and the sentence are added after the answer by chat-events.
// A coupon question is first answered from the offer the visitor already holds (offer-answer.ts).
import type { Product } from '../../../shared/catalog.ts'
import type { SiteConfig } from '../../../shared/config.ts'
import type { ChatRequest, Intent, Sentiment } from '../../../shared/protocol.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import type { KnownPrice } from '../model/price-guard.ts'
import { isUnhappy } from '../understanding/mood.ts'
import { queryParam } from './keyword.ts'
import { shownOfferAnswer } from './offer-answer.ts'
import { discounted, discountLabel, offerExpiry } from './offers.ts'
import { evaluateRules, type MarketingDecision } from './rules.ts'

export interface ReplyOfferInput {
  request: ChatRequest
  intent: Intent
  sentiment: Sentiment
  /** The dialogue that answered, if one did. */
  topic?: string
  subjects: readonly Product[]
  catalog: Catalog
  config: SiteConfig
  now: number
  /** The campaign of the search ad the visitor landed from, for rules that target it. */
  campaign?: string
}

export function replyOffer(input: ReplyOfferInput): MarketingDecision | undefined {
  const { request } = input
  // "有优惠券吗？": what this visitor was already given (or that they turned offers off) comes first,
  // as information, not a new promotion. Not for a complaint or an upset visitor, nor inside a dialogue.
  const calm = !['complaint', 'aftersales', 'human'].includes(input.intent) && !isUnhappy(input.sentiment) && (!input.topic || input.topic.startsWith('flow:'))
  const question = request.messages.at(-1)?.content ?? ''
  const info = calm ? shownOfferAnswer({ question, profile: request.profile, config: input.config, lang: request.lang, now: input.now }) : undefined
  if (info) return info
  const ref = queryParam(request.page.url, 'ref')
  return evaluateRules('reply', {
    visitorId: request.visitorId,
    profile: request.profile,
    page: request.page,
    lang: request.lang,
    now: input.now,
    config: input.config,
    catalog: input.catalog,
    messages: request.messages,
    intent: input.intent,
    sentiment: input.sentiment,
    topic: input.topic,
    subjects: input.subjects,
    campaign: input.campaign,
    referrer: ref && ref !== request.visitorId ? ref : undefined,
  })
}

/** The prompt's offer section: the one offer the model may mention, or that there is none. */
export function offerNote(decision: MarketingDecision | undefined, now: number): string {
  const rule = '- Mention no other discount, coupon, code, gift or deadline than this: a shop system removes any other.'
  if (!decision?.offer) {
    const none = '- There is NO discount, coupon or promotion to offer in this turn: do not mention any.'
    return decision ? [none, `- The shop adds this after your answer, so do not repeat it: ${decision.text}`].join('\n') : none
  }
  const { offer } = decision
  const expiry = offerExpiry(offer, now)
  return [
    `- The one offer you may mention: "${decision.text}" (code ${offer.code}, ${discountLabel(offer.discount, 'zh-CN')} / ${discountLabel(offer.discount, 'en')}${expiry ? `, valid until ${new Date(expiry).toISOString()}` : ''}). A coupon card is shown separately.`,
    rule,
  ].join('\n')
}

/** Amounts the offer makes true (立减50元, the bundle price), for the price guard. */
export function offerAmounts(decision: MarketingDecision | undefined): KnownPrice[] {
  if (!decision?.offer) return []
  const { discount } = decision.offer
  const currency = decision.products[0]?.currency ?? 'CNY'
  const known: KnownPrice[] = discount.type === 'amount' ? [{ value: discount.value, currency }] : []
  for (const p of decision.products) known.push({ value: p.price, currency: p.currency }, { value: discounted(p.price, discount), currency: p.currency })
  if (decision.products.length > 1) {
    const total = decision.products.reduce((s, p) => s + p.price, 0)
    known.push({ value: total, currency }, { value: discounted(total, discount), currency })
  }
  return known
}
