// Comparisons: when the visitor weighs products against each other ("X5和Y1哪个好", "compare Z7 vs
// Z7 Lite") or against other brands ("比其他品牌好在哪"), a table of the facts they share, price
// first. A competitor's row comes from its catalog record too, so the comparison stays factual.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import type { Catalog } from './catalog.ts'
import { attributeValues, formatPrice, joinValues } from './facts.ts'
import type { Vocabulary } from './synonyms.ts'

export interface CompareRow {
  /** The catalog key (`price` for the price row). */
  key: string
  /** As the visitor reads it. */
  attribute: string
  values: (string | null)[]
}

export interface CompareTable {
  products: Product[]
  rows: CompareRow[]
}

export const MAX_COMPARED = 4

const CUE = /哪个|哪款|哪一[个款]|区别|差别|差异|不同|对比|比较|相比|比起|比(?!如)|pk|\bvs\.?(?![a-z])|versus|compar|differ|better|\bwhich\b/i
const OTHER_BRANDS = /其他品牌|其它品牌|别的品牌|别家|别的牌子|其他牌子|竞品|友商|other brands?|competitors?|competition|rivals?/i

export function asksComparison(question: string): boolean {
  return CUE.test(question)
}

export function asksAboutOtherBrands(question: string): boolean {
  return OTHER_BRANDS.test(question)
}

/** Rivals' products we hold facts about for comparisons: same category as `product`. */
export function competitorsOf(catalog: Catalog, product: Product): Product[] {
  if (product.category === undefined) return []
  return catalog.facets.competitorsIn(product.category).filter((p) => p.id !== product.id)
}

/** What we sell against a competitor's product: the conversation's product if it fits, else the first of its category. */
export function ourCounterpart(catalog: Catalog, rival: Product, focus?: Product): Product | undefined {
  if (focus && !focus.competitor && focus.category === rival.category) return focus
  return rival.category === undefined ? undefined : catalog.facets.firstInStockIn(rival.category)
}

/**
 * Price first, then the attributes at least two of the products have (with 2 products: both), in the
 * order the first product lists them; null where a product lacks one.
 */
export function compareTable(products: readonly Product[], lang: Lang, vocabulary: Vocabulary): CompareTable {
  const shown = products.slice(0, MAX_COMPARED)
  const keys: string[] = []
  for (const p of shown) for (const k of Object.keys(p.attributes)) if (!keys.includes(k)) keys.push(k)
  const needed = Math.min(2, shown.length)
  const shared = keys.filter((k) => shown.filter((p) => k in p.attributes).length >= needed)
  const rows: CompareRow[] = [
    { key: 'price', attribute: lang === 'en' ? 'Price' : '价格', values: shown.map((p) => formatPrice(p.price, p.currency)) },
    ...shared.map((key) => ({
      key,
      attribute: vocabulary.label(key, lang),
      values: shown.map((p) => (key in p.attributes ? joinValues(attributeValues(p.attributes[key]!, lang), lang) : null)),
    })),
  ]
  return { products: shown, rows }
}

/** The rows where the products differ: what a short comparison should talk about. */
export function differences(table: CompareTable): CompareRow[] {
  return table.rows.filter((r) => new Set(r.values.map((v) => v ?? '')).size > 1)
}
