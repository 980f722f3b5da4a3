// Whether a turn asks something concrete of a product (its price, stock, a colour, an attribute, a
// FAQ), as opposed to only naming or pointing at one. Small talk and an upset "没用" ask nothing:
// they get no product facts, blurbs or cards (model/offline-answer.ts, chat-turn.ts).
import type { ProductAnswer, TurnPlan } from './plan.ts'
import { asksAnything } from './question.ts'

export function planAsksAboutProduct(plan: TurnPlan | undefined): boolean {
  if (plan?.kind !== 'product' && plan?.kind !== 'general') return false
  return plan.answers.some(({ analysis }) => asksAnything(analysis))
}

/** Asking about coupons, discounts or deals, in Chinese or English ("有优惠券吗？", "any discount?"). */
const ASKS_OFFER = /优惠|折扣|打折|券|促销|活动价|满减|红包|coupons?|discounts?|promo(?:tion)?s?|vouchers?|deals?|special offers?|any offers?/i

export function asksAboutOffers(question: string): boolean {
  return ASKS_OFFER.test(question)
}

/** Something asked of a product that its catalog record answers (a known "no" counts). */
export function factsAnswer({ product: p, analysis: a }: ProductAnswer): boolean {
  return Boolean(a.faq || a.price || (a.stock && p.stock !== undefined) || (a.colour && a.colour.available.length > 0) || a.attributes.some((x) => x.values !== undefined))
}

/** A product or search plan that the catalog's facts answer: "滤网多久换一次" with a 滤芯寿命 or FAQ on file. */
export function planAnsweredByFacts(plan: TurnPlan | undefined): boolean {
  if (plan?.kind !== 'product' && plan?.kind !== 'general') return false
  return plan.answers.some(factsAnswer)
}
