// An offer as the visitor sees it: the coupon card, the products it applies to, and one sentence.
// Everything (code, discount, expiry, prices) is read from the site config and the catalog; the
// discount wording here is also what the discount guard accepts from an LLM.
import type { Product } from '../../../shared/catalog.ts'
import { localized, type OfferConfig } from '../../../shared/config.ts'
import type { Card, CouponCard, Lang } from '../../../shared/protocol.ts'
import { cardProduct } from '../cards.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { attributeValues, formatPrice } from '../knowledge/facts.ts'
import type { MarketingContext } from './conditions.ts'

const round2 = (n: number) => Math.round(n * 100) / 100

/** "8折" / "8.5折" / "立减50元"; "20% off" / "¥50 off". */
export function discountLabel(discount: OfferConfig['discount'], lang: Lang, currency = 'CNY'): string {
  if (discount.type === 'percent') {
    if (lang === 'en') return `${discount.value}% off`
    return `${round2((100 - discount.value) / 10)}折`
  }
  return lang === 'en' ? `${formatPrice(discount.value, currency)} off` : `立减${discount.value}元`
}

/** The moment it ends: a fixed date, or `validHours` from now (shown now, so counted from now). */
export function offerExpiry(offer: OfferConfig, now: number): number | undefined {
  if (offer.expiresAt) return Date.parse(offer.expiresAt)
  if (offer.validHours) return now + offer.validHours * 3_600_000
  return undefined
}

export function expired(offer: OfferConfig, now: number): boolean {
  const end = offerExpiry(offer, now)
  return end !== undefined && end <= now
}

/** The coupon card of an offer, expiring as shown now (or at `expiresAt`: an offer shown earlier). */
export function couponCard(offer: OfferConfig, lang: Lang, now: number, expiresAt = offerExpiry(offer, now)): CouponCard {
  return {
    type: 'coupon',
    offerId: offer.id,
    code: offer.code,
    title: localized(offer.title, lang),
    discount: discountLabel(offer.discount, lang),
    ...(expiresAt !== undefined && { expiresAt }),
    ...(offer.terms && { terms: localized(offer.terms, lang) }),
  }
}

export function discounted(price: number, discount: OfferConfig['discount']): number {
  return discount.type === 'percent' ? round2((price * (100 - discount.value)) / 100) : Math.max(0, round2(price - discount.value))
}

/** The products an offer applies to now; empty means the offer has nothing to show (not eligible). */
export function offerProducts(offer: OfferConfig, ctx: Pick<MarketingContext, 'catalog' | 'page' | 'subjects'>): Product[] {
  if (offer.type === 'coupon') return []
  if (offer.type === 'bundle') return ctx.catalog.ours(offer.productIds)
  const seen = [...(ctx.subjects ?? []), ...ctx.catalog.ours(ctx.page.productId ? [ctx.page.productId] : [])]
  const from = seen.find((p) => !p.competitor && (offer.from.productIds?.includes(p.id) || (offer.from.category !== undefined && p.category === offer.from.category)))
  if (!from) return []
  const targets = [...ctx.catalog.ours(offer.to.productIds), ...(offer.to.related ? ctx.catalog.ours(from.related) : [])]
  const key = offer.to.sameAttribute
  if (key && from.attributes[key] !== undefined) {
    // From the catalog's value index, not a walk over every product; in catalog order, and only as
    // many as can survive the filter below (3 shown, after dropping the seen and earlier targets).
    const wanted = targets.length + seen.length + 3
    let taken = 0
    for (const doc of ctx.catalog.facets.docsWithValue(key, attributeValues(from.attributes[key]))) {
      const p = ctx.catalog.all[doc]!
      if (p.competitor || p.id === from.id) continue
      targets.push(p)
      if (++taken >= wanted) break
    }
  }
  return [...new Map(targets.filter((p) => p.id !== from.id && !seen.some((s) => s.id === p.id)).map((p) => [p.id, p])).values()].slice(0, 3)
}

/** Coupon card first (it carries the code), then the products with their offer price as the note. */
export function offerCards(offer: OfferConfig, products: readonly Product[], lang: Lang, now: number): Card[] {
  const label = discountLabel(offer.discount, lang)
  const cards: Card[] = [couponCard(offer, lang, now)]
  for (const p of products) {
    const price = formatPrice(discounted(p.price, offer.discount), p.currency)
    const note = lang === 'en' ? `${label}: ${price}` : `${label}价 ${price}`
    cards.push({ type: 'product', product: cardProduct(p, note) })
  }
  return cards
}

/** Placeholders a rule's text may use, all from the offer and catalog. */
export function offerVars(offer: OfferConfig | undefined, products: readonly Product[], lang: Lang, now: number): Record<string, string> {
  if (!offer) return {}
  const vars: Record<string, string> = { code: offer.code, title: localized(offer.title, lang), discount: discountLabel(offer.discount, lang) }
  if (offer.validHours) vars.hours = String(offer.validHours)
  if (products.length) {
    const currency = products[0]!.currency
    const total = round2(products.reduce((s, p) => s + p.price, 0))
    vars.products = products.map((p) => p.name).join(lang === 'en' ? ', ' : '、')
    vars.total = formatPrice(total, currency)
    vars.price = formatPrice(offer.type === 'bundle' ? discounted(total, offer.discount) : discounted(products[0]!.price, offer.discount), currency)
  }
  return vars
}

/** The default sentence when a rule has no text of its own. */
export function defaultOfferText(offer: OfferConfig, vars: Record<string, string>, lang: Lang): string {
  if (lang === 'en') {
    const what = offer.type === 'bundle' ? ` on ${vars.products} together (${vars.total} → ${vars.price})` : offer.type === 'crossSell' ? ` on ${vars.products}` : ''
    return `${vars.title}: ${vars.discount}${what}, code ${vars.code}${vars.hours ? `, valid ${vars.hours} hours` : ''}.`
  }
  const what = offer.type === 'bundle' ? `，${vars.products}一起买 ${vars.total} → ${vars.price}` : offer.type === 'crossSell' ? `，搭配${vars.products}` : ''
  return `${vars.title}：${vars.discount}${what}，券码 ${vars.code}${vars.hours ? `，${vars.hours}小时内有效` : ''}。`
}
