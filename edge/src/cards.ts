// Product cards are built by the edge from the catalog, never parsed out of model text: the price
// and link a visitor clicks are always the catalog's. Competitors' products never get a card.
import type { Product } from '../../shared/catalog.ts'
import type { CardProduct, ProductCard } from '../../shared/protocol.ts'

const MAX_CARDS = 3

/** The first single-valued attribute is usually the selling point ("九重定位，误差小于5米"). */
function cardNote(p: Product): string | undefined {
  const value = Object.values(p.attributes).find((v) => typeof v === 'string')
  return typeof value === 'string' ? value : undefined
}

export function cardProduct(p: Product): CardProduct {
  const note = cardNote(p)
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

export function productCard(p: Product): ProductCard {
  return { type: 'product', product: cardProduct(p) }
}

export function productCards(products: readonly Product[]): ProductCard[] {
  return products.filter((p) => !p.competitor).slice(0, MAX_CARDS).map(productCard)
}
