// "有优惠券吗？" answered honestly from what this visitor was already given: an offer shown to them
// (a rule's or an experiment variant's, recorded in profile.marketing.shown) that is still valid is
// pointed to with its own code and discount from the config; a visitor who turned promotions off is
// told so, never that no offers exist. A service answer (like a share link asked for): it shows no
// new promotion and counts against no cap.
import type { OfferConfig, RuleConfig, SiteConfig } from '../../../shared/config.ts'
import { localized } from '../../../shared/config.ts'
import type { Lang, VisitorProfile } from '../../../shared/protocol.ts'
import { asksAboutOffers } from '../knowledge/asks.ts'
import { couponCard, discountLabel } from './offers.ts'
import type { MarketingDecision } from './rules.ts'

/** The informational "rule" behind these answers (never in the config, never capped). */
const INFO_RULE: RuleConfig = { id: 'offer-info', priority: 0, slot: 'reply', promotional: false, when: {}, then: { referralLink: false }, caps: {} }

interface ShownOffer {
  offer: OfferConfig
  shownAt: number
  /** When it stops being valid; undefined: no end. */
  expiresAt?: number
}

/** The offer a history key stands for: a rule id, or `<experiment>.<variant>`. */
function offerOfKey(key: string, config: SiteConfig): OfferConfig | undefined {
  const rule = config.rules.find((r) => r.id === key)
  let id = rule?.then.offer
  if (!rule) {
    const dot = key.indexOf('.')
    const experiment = dot > 0 ? config.experiments.find((e) => e.id === key.slice(0, dot)) : undefined
    id = experiment?.variants.find((v) => v.id === key.slice(dot + 1))?.offer ?? undefined
  }
  return id ? config.offers.find((o) => o.id === id) : undefined
}

/** The end of an offer shown at `shownAt`: its fixed date, or `validHours` from when it was shown. */
export function shownOfferExpiry(offer: OfferConfig, shownAt: number): number | undefined {
  if (offer.expiresAt) return Date.parse(offer.expiresAt)
  if (offer.validHours) return shownAt + offer.validHours * 3_600_000
  return undefined
}

/** The newest offer shown to this visitor that is still valid now. */
export function validShownOffer(profile: VisitorProfile, config: SiteConfig, now: number): ShownOffer | undefined {
  let best: ShownOffer | undefined
  for (const [key, times] of Object.entries(profile.marketing?.shown ?? {})) {
    const offer = offerOfKey(key, config)
    if (!offer) continue
    for (const shownAt of times) {
      if (shownAt > now) continue
      const expiresAt = shownOfferExpiry(offer, shownAt)
      if (expiresAt !== undefined && expiresAt <= now) continue
      if (!best || shownAt > best.shownAt) best = { offer, shownAt, ...(expiresAt !== undefined && { expiresAt }) }
    }
  }
  return best
}

function until(expiresAt: number, now: number, lang: Lang): string {
  const hours = Math.max(1, Math.ceil((expiresAt - now) / 3_600_000))
  if (hours <= 48) return lang === 'en' ? `valid for about ${hours} more hour${hours === 1 ? '' : 's'}` : `还有约${hours}小时有效`
  const days = Math.ceil(hours / 24)
  return lang === 'en' ? `valid for about ${days} more days` : `还有约${days}天有效`
}

function shownText({ offer, expiresAt }: ShownOffer, lang: Lang, now: number, currency: string): string {
  const title = localized(offer.title, lang)
  const discount = discountLabel(offer.discount, lang, currency)
  const terms = offer.terms ? localized(offer.terms, lang) : undefined
  const left = expiresAt !== undefined ? until(expiresAt, now, lang) : undefined
  if (lang === 'en') {
    return `The ${title} you were given earlier is still yours: ${discount} with code ${offer.code}${terms ? ` (${terms})` : ''}${left ? `, ${left}` : ''}. Enter the code at checkout.`
  }
  return `刚才给您的${title} ${offer.code} 还可以用：${discount}${terms ? `，${terms}` : ''}${left ? `，${left}` : ''}。下单结算时填入券码即可。`
}

const CONSENT_OFF: Record<Lang, string> = {
  'zh-CN': '您之前关闭了优惠推送，所以我这里不再为您推荐优惠券和活动；价格以商品页为准。想重新接收优惠的话，可以在设置里重新开启。',
  en: "You turned promotional offers off earlier, so I won't suggest coupons or deals; the price on the product page applies. You can turn offers back on in the settings.",
}

/**
 * The answer to a coupon question from what the visitor already has, or undefined when there is
 * nothing to point to (the rules, and the plain "no offers right now", take it from there).
 */
export function shownOfferAnswer(input: { question: string; profile: VisitorProfile; config: SiteConfig; lang: Lang; now: number; currency?: string }): MarketingDecision | undefined {
  const { question, profile, config, lang, now } = input
  if (!asksAboutOffers(question)) return undefined
  const history = profile.marketing
  if (profile.consent?.marketing === false) return { rule: INFO_RULE, products: [], cards: [], text: CONSENT_OFF[lang], history }
  const shown = validShownOffer(profile, config, now)
  if (!shown) return undefined
  const { offer, expiresAt } = shown
  const card = couponCard(offer, lang, now, expiresAt)
  return { rule: INFO_RULE, offer, products: [], cards: [card], text: shownText(shown, lang, now, input.currency ?? 'CNY'), history }
}
