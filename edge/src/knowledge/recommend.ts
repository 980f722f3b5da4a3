// Recommendations: up to three real products that satisfy every constraint of the question, each
// with a reason taken from its own attributes. When none qualifies we say so and offer the nearest
// ones (e.g. the cheapest above the budget), labelled as such: never a product stretched to fit.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import type { Catalog } from './catalog.ts'
import { hasConstraints, hasTerm, madeFor, satisfies, type Constraints } from './constraints.ts'
import { exampleProducts } from './examples.ts'
import { attributeValues, joinValues } from './facts.ts'
import type { Vocabulary } from './synonyms.ts'

export interface Pick {
  product: Product
  /** A short reason from the product's attributes: "适用人群：女士；风格：简约精致". */
  reason: string
}

export interface Recommendation {
  constraints: Constraints
  /** Products meeting every constraint, best first. */
  picks: Pick[]
  /** Only when `picks` is empty: the closest real products, which do NOT meet every constraint. */
  nearest: Pick[]
  /** More products qualify than are shown (the visitor can ask for more). */
  more: boolean
}

const MAX_PICKS = 3
/** Over budget, the one cheapest product is the honest "closest"; without a budget, a couple. */
const MAX_NEAREST_PRICED = 1
const MAX_NEAREST = 2
const MAX_REASON_FACTS = 2

/** Attribute keys that explain why a product fits the constraints, then its first selling point. */
function reasonKeys(p: Product, c: Constraints): string[] {
  const keys = Object.keys(p.attributes)
  const relevant = keys.filter((k) => {
    const values = attributeValues(p.attributes[k]!)
    if (c.recipient && (k === '适用人群' || k === '适用年龄')) return true
    if (c.colour && /颜色|colou?r/i.test(k)) return true
    const words = [...c.terms.flatMap((t) => t.entry.words), ...(c.requirements ?? []).flatMap((r) => r.words ?? [])]
    return words.some((w) => w.length >= 2 && (k.includes(w) || values.some((v) => v.includes(w))))
  })
  const selling = keys.find((k) => typeof p.attributes[k] === 'string' && !relevant.includes(k))
  return [...relevant, ...(selling ? [selling] : [])].slice(0, MAX_REASON_FACTS)
}

export function reasonFor(p: Product, c: Constraints, lang: Lang, vocabulary: Vocabulary): string {
  const facts = reasonKeys(p, c).map((k) => `${vocabulary.label(k, lang)}${lang === 'en' ? ': ' : '：'}${joinValues(attributeValues(p.attributes[k]!, lang), lang)}`)
  return facts.join(lang === 'en' ? '; ' : '；')
}

/** Best first: in stock, explicitly made for the recipient, closest to an "about X" budget, search rank. */
function rank(products: Product[], c: Constraints, searchRank: Map<string, number>): Product[] {
  const key = (p: Product) => [
    p.stock === 0 ? 1 : 0,
    c.recipient && madeFor(p, c.recipient) ? 0 : 1,
    c.budget?.around !== undefined ? Math.abs(p.price - c.budget.around) : 0,
    searchRank.get(p.id) ?? Number.MAX_SAFE_INTEGER,
  ]
  // Keys computed once per product, not per comparison: up to 1,000 products are ranked.
  const keyed = products.map((p) => ({ p, k: key(p) }))
  keyed.sort(({ k: ka }, { k: kb }) => {
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i]! - kb[i]!
    return 0
  })
  return keyed.map(({ p }) => p)
}

/** Only our products with every asked term, within the budget, for the recipient can qualify: those docs from the facets, not all products. */
function candidateDocs(catalog: Catalog, c: Constraints, skip: { budget?: boolean; recipient?: boolean } = {}): ArrayLike<number> | undefined {
  return catalog.facets.docsMeeting(c.terms.map((t) => t.entry), skip.budget ? undefined : c.budget, skip.recipient ? undefined : c.recipient)
}

/** When nothing qualifies: the same request with the budget relaxed, then with only the category. */
function nearestProducts(catalog: Catalog, c: Constraints, question: string): Product[] {
  const { budget } = c
  if (budget) {
    const among = candidateDocs(catalog, c, { budget: true })
    const pool = catalog.search('', { filter: (p) => satisfies(p, c, { budget: true }), limit: 1000, ...(among && { among }) }).map((h) => h.product)
    if (budget.max !== undefined) {
      const above = pool.filter((p) => p.price > budget.max!).sort((a, b) => a.price - b.price)
      if (above.length) return above.slice(0, MAX_NEAREST_PRICED)
    }
    if (budget.min !== undefined) {
      const below = pool.filter((p) => p.price < budget.min!).sort((a, b) => b.price - a.price)
      if (below.length) return below.slice(0, MAX_NEAREST_PRICED)
    }
  }
  const byTerms = (p: Product) => c.terms.every((t) => hasTerm(p, t.entry))
  if (!c.terms.length) return []
  const all = catalog.search('', { filter: byTerms, limit: MAX_NEAREST, among: candidateDocs(catalog, c, { budget: true, recipient: true })! }).map((h) => h.product)
  if (all.length || c.terms.length < 2) return all
  // "雪山露营的睡袋" where no sleeping bag is tagged 露营: the products meeting most of the terms.
  // The kind of product asked for counts most: a sleeping bag before a camping tent.
  const isKind = (p: Product) => c.terms.some((t) => p.category !== undefined && t.entry.words.some((w) => w.toLowerCase() === p.category!.toLowerCase()))
  const met = (p: Product) => c.terms.filter((t) => hasTerm(p, t.entry)).length + (isKind(p) ? c.terms.length : 0)
  const some = catalog.search(question, { filter: (p) => met(p) > 0, limit: 20 }).map((h) => h.product)
  return some.sort((a, b) => met(b) - met(a)).slice(0, MAX_NEAREST)
}

export interface RecommendOptions {
  lang: Lang
  vocabulary: Vocabulary
  /** Products already shown in this conversation, left out when the visitor asks for more. */
  exclude?: ReadonlySet<string>
}

export function recommend(catalog: Catalog, question: string, c: Constraints, options: RecommendOptions): Recommendation {
  const { lang, vocabulary, exclude } = options
  const filter = (p: Product) => satisfies(p, c) && !exclude?.has(p.id)
  const among = candidateDocs(catalog, c)
  const searched = catalog.search(question, { filter, limit: 50, ...(among && { among }) })
  const searchRank = new Map(searched.map((h, i) => [h.product.id, i]))
  // No constraint at all ("推荐一下"): one product per category rather than the catalog's first rows.
  const qualifying = hasConstraints(c) ? catalog.search('', { filter, limit: 1000, ...(among && { among }) }).map((h) => h.product) : exampleProducts(catalog, MAX_PICKS)
  const ranked = rank(qualifying, c, searchRank)
  const pick = (p: Product): Pick => ({ product: p, reason: reasonFor(p, c, lang, vocabulary) })
  const picks = ranked.slice(0, MAX_PICKS).map(pick)
  const nearest = picks.length ? [] : nearestProducts(catalog, c, question).filter((p) => !exclude?.has(p.id)).map(pick)
  return { constraints: c, picks, nearest, more: ranked.length > MAX_PICKS }
}
