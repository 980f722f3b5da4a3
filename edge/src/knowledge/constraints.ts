// What a recommendation must satisfy, read from the question: category and tag words ("儿童手表",
// "oily skin"), a budget, who it is for ("送女朋友" → 女士) and a colour. A product qualifies only
// when it meets ALL of them, so the assistant never stretches a fact to fit a request.
import type { Product } from '../../../shared/catalog.ts'
import { audienceOf, audienceSuits, type Audience } from './audience.ts'
import { parseBudgetIn, withinBudget, type Budget } from './budget.ts'
import { colourFilter } from './colours.ts'
import { facetHasTerm, placeIn, type CatalogFacets } from './facets.ts'
import { attributeValues } from './facts.ts'
import { hitsOf, longestHits, wordsPattern, type TermEntry, type Vocabulary } from './synonyms.ts'

export { audienceOf, type Audience } from './audience.ts'

export interface Constraints {
  /** Category/tag terms asked for, each with the words that satisfy it and the word the visitor used. */
  terms: { entry: TermEntry; asked: string }[]
  budget?: Budget
  /**
   * A budget the visitor gave in another currency than the catalog's ("under $300" in a ¥ shop): not
   * applied, since converting would be a guess; the answer says which currency the prices are in.
   */
  otherCurrency?: { budget: Budget; currency: string; catalog: string }
  recipient?: Audience
  colour?: { label: string; test: (p: Product) => boolean }
  /** Anything else a product must meet, e.g. a guided-selling flow's style, skin type or age. */
  requirements?: Requirement[]
}

export interface Requirement {
  /** How the visitor would say it back: "简约", "6岁". */
  label: string
  test: (p: Product) => boolean
  /** Attribute keys or values that show a product meets it, for the recommendation's reason ("风格", "控油"). */
  words?: string[]
  /** The same test by catalog doc, for callers that walk docs (a flow's candidates): no product → doc lookup per product. */
  byDoc?: (facets: CatalogFacets) => (doc: number) => boolean
}

/** Longest words first where they overlap: 女儿 is a child, not a woman. */
const RECIPIENTS: { audience: Audience; pattern: RegExp }[] = [
  { audience: '儿童', pattern: wordsPattern(['孩子', '儿童', '小孩', '宝宝', '儿子', '女儿', '小朋友', '小学生', '学生', '娃', 'kid', 'child', 'children', 'son', 'daughter', 'toddler']) },
  { audience: '女士', pattern: wordsPattern(['女朋友', '女友', '老婆', '妻子', '媳妇', '太太', '妈妈', '母亲', '老妈', '闺蜜', '姐姐', '妹妹', '女生', '女性', '女士', '女孩', '女款', '丈母娘', '婆婆', 'girlfriend', 'wife', 'mom', 'mum', 'mother', 'sister', 'her', 'women', 'woman', 'lady', 'ladies', 'female']) },
  { audience: '男士', pattern: wordsPattern(['男朋友', '男友', '老公', '丈夫', '爸爸', '父亲', '老爸', '哥哥', '弟弟', '男生', '男性', '男士', '男孩', '男款', '岳父', '公公', 'boyfriend', 'husband', 'dad', 'father', 'brother', 'him', 'men', 'man', 'male', 'gentleman']) },
]

/** Terms of a catalog: the vocabulary's, plus every category and tag of products we sell, as is. */
const catalogTerms = new WeakMap<readonly Product[], Map<Vocabulary, TermEntry[]>>()

function termsOf(products: readonly Product[], vocabulary: Vocabulary): TermEntry[] {
  let byVocabulary = catalogTerms.get(products)
  if (!byVocabulary) catalogTerms.set(products, (byVocabulary = new Map()))
  let terms = byVocabulary.get(vocabulary)
  if (!terms) {
    const known = new Set(vocabulary.terms.flatMap((t) => t.words.map((w) => w.toLowerCase())))
    const own = [...new Set(products.filter((p) => !p.competitor).flatMap((p) => [p.category ?? '', ...p.tags]))]
      .filter((t) => t.length >= 2 && !known.has(t.toLowerCase()))
    terms = [...vocabulary.terms, ...own.map((t) => ({ words: [t], pattern: wordsPattern([t]) }))]
    byVocabulary.set(vocabulary, terms)
  }
  return terms
}

/** Who it is for; words inside a category term don't count ("儿童手表" is a kind of watch). */
export function recipientOf(question: string, termSpans: readonly { start: number; end: number }[] = []): Audience | undefined {
  const hits = longestHits(RECIPIENTS.flatMap((r) => hitsOf(r.audience, r.pattern, question)))
  return hits.find((h) => !termSpans.some((s) => s.start < h.end && h.start < s.end))?.entry
}

const catalogCurrencies = new WeakMap<readonly Product[], string | undefined>()

/** The currency most of our products are priced in; worked out once per catalog. */
export function catalogCurrency(products: readonly Product[]): string | undefined {
  if (catalogCurrencies.has(products)) return catalogCurrencies.get(products)
  const counts = new Map<string, number>()
  for (const p of products) if (!p.competitor) counts.set(p.currency.toUpperCase(), (counts.get(p.currency.toUpperCase()) ?? 0) + 1)
  const currency = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
  catalogCurrencies.set(products, currency)
  return currency
}

export function parseConstraints(question: string, products: readonly Product[], vocabulary: Vocabulary): Constraints {
  const hits = longestHits(termsOf(products, vocabulary).flatMap((entry) => hitsOf(entry, entry.pattern, question)))
  const terms = hits.map((h) => ({ entry: h.entry, asked: question.slice(h.start, h.end) }))
  const asked = parseBudgetIn(question)
  const shop = asked?.currency ? catalogCurrency(products) : undefined
  const foreign = asked?.currency && shop && asked.currency !== shop ? { budget: asked.budget, currency: asked.currency } : undefined
  const budget = foreign ? undefined : asked?.budget
  const recipient = recipientOf(question, hits)
  const colour = colourFilter(question)
  return {
    terms,
    ...(budget && { budget }),
    ...(foreign && shop && { otherCurrency: { ...foreign, catalog: shop } }),
    ...(recipient && { recipient }),
    ...(colour && { colour }),
  }
}

export function hasConstraints(c: Constraints): boolean {
  return c.terms.length > 0 || c.budget !== undefined || c.otherCurrency !== undefined || c.recipient !== undefined || c.colour !== undefined || (c.requirements?.length ?? 0) > 0
}

/**
 * Adults' products often don't say who they are for; children's always do, so 儿童 must be explicit.
 * "通用" (unisex) suits both men and women, not children. Products of a catalog answer from its
 * audience facet (one byte); `audienceSuits` in audience.ts is the definition.
 */
export function suitsRecipient(p: Product, recipient: Audience): boolean {
  const place = placeIn(p)
  return place ? place.facets.suitsDoc(place.doc, recipient) : audienceSuits(audienceOf(p), recipient)
}

/** Whether the product says it is made for the recipient (not merely unisex or silent). */
export function madeFor(p: Product, recipient: Audience): boolean {
  const place = placeIn(p)
  return place ? place.facets.madeForDoc(place.doc, recipient) : audienceOf(p).includes(recipient)
}

export function hasTerm(p: Product, entry: TermEntry): boolean {
  // Products of a catalog answer from its facets (one lookup); the walk below is the definition.
  const fromFacets = facetHasTerm(p, entry)
  if (fromFacets !== undefined) return fromFacets
  const own = [p.category ?? '', ...p.tags].map((t) => t.toLowerCase())
  const words = entry.words.map((w) => w.toLowerCase())
  if (words.some((w) => own.includes(w))) return true
  const keys = Object.keys(p.attributes)
  const values = Object.values(p.attributes).flatMap((v) => attributeValues(v)).map((v) => v.toLowerCase())
  return words.some((w) => w.length >= 2 && /\p{Script=Han}/u.test(w) && (keys.some((k) => k.includes(w)) || values.some((v) => v.includes(w))))
}

/** `skip`: the caller took the products from the facets' docs for these terms, budget or recipient already. */
export function satisfies(p: Product, c: Constraints, skip: { budget?: boolean; terms?: boolean; recipient?: boolean } = {}): boolean {
  if (p.competitor) return false
  if (!skip.budget && c.budget && !withinBudget(p.price, c.budget)) return false
  if (!skip.recipient && c.recipient && !suitsRecipient(p, c.recipient)) return false
  if (c.colour && !c.colour.test(p)) return false
  if (c.requirements && !c.requirements.every((r) => r.test(p))) return false
  return skip.terms === true || c.terms.every((t) => hasTerm(p, t.entry))
}
