// Cards are built by the edge from the catalog, never parsed out of model text: the price and link
// a visitor clicks are always the catalog's. A competitor's product never gets a product card; in a
// comparison it appears without link or image and marked `competitor`.
import type { Product } from '../../shared/catalog.ts'
import type { Card, CardProduct, CompareCard, ProductCard } from '../../shared/protocol.ts'
import type { CompareTable } from './knowledge/compare.ts'
import type { TurnPlan } from './knowledge/plan.ts'

const MAX_CARDS = 3

/** The first single-valued attribute is usually the selling point ("九重定位，误差小于5米"). */
function cardNote(p: Product): string | undefined {
  const value = Object.values(p.attributes).find((v) => typeof v === 'string')
  return typeof value === 'string' ? value : undefined
}

export function cardProduct(p: Product, reason?: string): CardProduct {
  const note = reason || cardNote(p)
  return {
    id: p.id,
    name: p.name,
    price: p.price,
    currency: p.currency,
    ...(p.url !== undefined && { url: p.url }),
    ...(p.image !== undefined && { image: p.image }),
    ...(p.stock !== undefined && { stock: p.stock }),
    ...(note !== undefined && { note }),
  }
}

export function productCard(p: Product, reason?: string): ProductCard {
  return { type: 'product', product: cardProduct(p, reason) }
}

export function productCards(products: readonly Product[]): ProductCard[] {
  return products.filter((p) => !p.competitor).slice(0, MAX_CARDS).map((p) => productCard(p))
}

/** A rival's product: name and price for the comparison, nothing to click. */
function rivalProduct(p: Product): CompareCard['products'][number] {
  return { id: p.id, name: p.name, price: p.price, currency: p.currency, competitor: true }
}

export function compareCard(table: CompareTable): CompareCard {
  return {
    type: 'compare',
    products: table.products.map((p) => (p.competitor ? rivalProduct(p) : cardProduct(p))),
    // The price is on each product (the widget formats it per locale), so not repeated as a row.
    rows: table.rows.filter((r) => r.key !== 'price').map(({ attribute, values }) => ({ attribute, values })),
  }
}

/** The cards under an answer, from the turn plan: recommendations carry their reason as the note. */
export function cardsFor(plan: TurnPlan): Card[] {
  switch (plan.kind) {
    case 'recommend': {
      const { picks, nearest } = plan.recommendation
      return (picks.length ? picks : nearest).slice(0, MAX_CARDS).map((p) => productCard(p.product, p.reason))
    }
    case 'compare':
      return plan.table.products.length > 1 ? [compareCard(plan.table)] : productCards(plan.table.products)
    case 'unknown':
      return productCards(plan.closest)
    case 'dialogue':
      return plan.reply.cards
    case 'product':
    case 'general':
      return productCards(plan.answers.map((a) => a.product))
  }
}

/** Our products a set of cards shows (for the visitor's profile): never a competitor's. */
export function cardProductIds(cards: readonly Card[]): string[] {
  return cards.flatMap((c) => {
    if (c.type === 'product') return [c.product.id]
    if (c.type === 'compare') return c.products.filter((p) => !p.competitor).map((p) => p.id)
    if (c.type === 'ticket' && c.product) return [c.product.id]
    return []
  })
}
