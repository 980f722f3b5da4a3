// What the catalog holds, indexed once per catalog, so a turn never walks all products: the shop
// has 230,000 and a walk that checks each one costs the better part of a second. Products are
// numbered by their place in the catalog (a "doc"), and every list here is in catalog order, so
// answers built from these lists come out exactly as the walks they replace.
import type { Product } from '../../../shared/catalog.ts'
import { AUDIENCE_BIT, audienceBits, bitsSuit, type Audience } from './audience.ts'
import { withinBudget, type Budget } from './budget.ts'
import { attributeValues } from './facts.ts'

/** The words of a category/tag term (synonyms.ts TermEntry); only `words` decides which products have it. */
interface TermWords {
  readonly words: readonly string[]
}

const HAN = /\p{Script=Han}/u

function push<K>(map: Map<K, number[]>, key: K, doc: number): void {
  const list = map.get(key)
  if (!list) map.set(key, [doc])
  else if (list[list.length - 1] !== doc) list.push(doc)
}

/** Which catalog numbered a product, so `hasTerm(product, …)` can answer from the facets. */
const placeOf = new WeakMap<Product, { facets: CatalogFacets; doc: number }>()

export class CatalogFacets {
  readonly products: readonly Product[]
  /** Lower-cased category and tag (category '' when it has none, as `hasTerm` reads it) → docs. */
  readonly #byOwnTerm = new Map<string, number[]>()
  /** Attribute key → docs that list it. */
  readonly #byKey = new Map<string, number[]>()
  /** Lower-cased attribute value → docs. */
  readonly #byValue = new Map<string, number[]>()
  /** Attribute key → value as written → docs, for "the same colour as this one" offers. */
  readonly #byKeyValue = new Map<string, Map<string, number[]>>()
  /** Competitors by category: comparisons with other brands. */
  readonly #competitorsByCategory = new Map<string, Product[]>()
  /** Our first in-stock product of each category: what we sell against a competitor's. */
  readonly #firstInStockByCategory = new Map<string, Product>()
  /** Price and competitor flag by doc, in flat arrays: checking them never touches the product objects. */
  readonly #prices: Float64Array
  readonly #competitor: Uint8Array
  /** Who each doc is for, as audience.ts bits: a recipient check is one byte, not an attribute read. */
  readonly #audience: Uint8Array
  readonly #termMasks = new Map<string, Uint8Array>()
  /** The same masks by entry object: `hasTerm` asks per product, and building the words key each time costs more than the answer. */
  readonly #entryMasks = new WeakMap<TermWords, Uint8Array>()
  readonly #termDocs = new Map<string, Int32Array>()

  constructor(products: readonly Product[]) {
    this.products = products
    this.#prices = Float64Array.from(products, (p) => p.price)
    this.#competitor = Uint8Array.from(products, (p) => (p.competitor ? 1 : 0))
    this.#audience = Uint8Array.from(products, audienceBits)
    products.forEach((p, doc) => {
      placeOf.set(p, { facets: this, doc })
      for (const own of [p.category ?? '', ...p.tags]) push(this.#byOwnTerm, own.toLowerCase(), doc)
      for (const [key, value] of Object.entries(p.attributes)) {
        push(this.#byKey, key, doc)
        let byValue = this.#byKeyValue.get(key)
        if (!byValue) this.#byKeyValue.set(key, (byValue = new Map()))
        for (const v of attributeValues(value)) {
          push(this.#byValue, v.toLowerCase(), doc)
          push(byValue, v, doc)
        }
      }
      if (p.category === undefined) return
      if (p.competitor) {
        const rivals = this.#competitorsByCategory.get(p.category)
        if (rivals) rivals.push(p)
        else this.#competitorsByCategory.set(p.category, [p])
      } else if (p.stock !== 0 && !this.#firstInStockByCategory.has(p.category)) this.#firstInStockByCategory.set(p.category, p)
    })
  }

  /**
   * Which docs have a term, exactly as `hasTerm` in constraints.ts decides: a word equal to the
   * category or a tag, or a Chinese word of 2+ characters inside an attribute key or value. Built
   * from the distinct keys and values (hundreds), not the products, and kept per term.
   */
  termMask(entry: TermWords): Uint8Array {
    const known = this.#entryMasks.get(entry)
    if (known) return known
    const id = entry.words.map((w) => w.toLowerCase()).join('\u0001')
    let mask = this.#termMasks.get(id)
    if (mask) {
      this.#entryMasks.set(entry, mask)
      return mask
    }
    mask = new Uint8Array(this.products.length)
    const mark = (docs: readonly number[] | undefined) => {
      if (docs) for (const doc of docs) mask![doc] = 1
    }
    for (const word of entry.words.map((w) => w.toLowerCase())) {
      mark(this.#byOwnTerm.get(word))
      if (word.length < 2 || !HAN.test(word)) continue
      for (const [key, docs] of this.#byKey) if (key.includes(word)) mark(docs)
      for (const [value, docs] of this.#byValue) if (value.includes(word)) mark(docs)
    }
    this.#termMasks.set(id, mask)
    this.#entryMasks.set(entry, mask)
    return mask
  }

  /** The docs that have every term, in catalog order; undefined when there are no terms (no narrowing). */
  docsWithTerms(entries: readonly TermWords[]): Int32Array | undefined {
    if (!entries.length) return undefined
    const lists = entries.map((e) => this.#docsOf(e)).sort((a, b) => a.length - b.length)
    const masks = entries.map((e) => this.termMask(e))
    const shortest = lists[0]!
    if (masks.length === 1) return shortest
    return shortest.filter((doc) => masks.every((m) => m[doc] === 1))
  }

  /**
   * Our docs that have every term, are within the budget and suit the recipient, in catalog order:
   * what a recommendation or a flow still has to check product by product. Undefined when none of
   * them narrows anything.
   */
  docsMeeting(entries: readonly TermWords[], budget?: Budget, recipient?: Audience): Int32Array | undefined {
    const byTerms = this.docsWithTerms(entries)
    if (!byTerms && !budget && !recipient) return undefined
    const count = byTerms ? byTerms.length : this.products.length
    // One typed array, trimmed: tens of thousands of docs per turn leave little for the collector.
    const docs = new Int32Array(count)
    let found = 0
    for (let i = 0; i < count; i++) {
      const doc = byTerms ? byTerms[i]! : i
      if (this.#competitor[doc] === 1 || (budget && !withinBudget(this.#prices[doc]!, budget))) continue
      if (recipient && !bitsSuit(this.#audience[doc]!, recipient)) continue
      docs[found++] = doc
    }
    return docs.subarray(0, found)
  }

  /** `suitsRecipient` (constraints.ts) of a doc. */
  suitsDoc(doc: number, recipient: Audience): boolean {
    return bitsSuit(this.#audience[doc]!, recipient)
  }

  /** Whether a doc says it is made for the recipient. */
  madeForDoc(doc: number, recipient: Audience): boolean {
    return (this.#audience[doc]! & AUDIENCE_BIT[recipient]) !== 0
  }

  #docsOf(entry: TermWords): Int32Array {
    const mask = this.termMask(entry)
    const id = entry.words.map((w) => w.toLowerCase()).join('\u0001')
    let docs = this.#termDocs.get(id)
    if (!docs) {
      const list: number[] = []
      for (let doc = 0; doc < mask.length; doc++) if (mask[doc]) list.push(doc)
      this.#termDocs.set(id, (docs = Int32Array.from(list)))
    }
    return docs
  }

  /** Lower-cased categories and tags → docs, for pools defined by category or tag (guided-selling flows). */
  docsWithOwnTerm(term: string): readonly number[] {
    return this.#byOwnTerm.get(term.toLowerCase()) ?? []
  }

  /** Docs listing `key` with any of `values` (as written), in catalog order. */
  docsWithValue(key: string, values: readonly string[]): number[] {
    const byValue = this.#byKeyValue.get(key)
    if (!byValue) return []
    const lists = values.flatMap((v) => byValue.get(v) ?? [])
    return values.length > 1 ? [...new Set(lists)].sort((a, b) => a - b) : lists
  }

  competitorsIn(category: string): readonly Product[] {
    return this.#competitorsByCategory.get(category) ?? []
  }

  firstInStockIn(category: string): Product | undefined {
    return this.#firstInStockByCategory.get(category)
  }

  /** The one product of ours in a category the text names, when that category has exactly one ("这款床多大"). */
  soleProductNamedIn(text: string): Product | undefined {
    const lower = text.toLowerCase()
    let found: number | undefined
    for (const [category, doc] of this.#soleByCategory()) {
      if (!lower.includes(category)) continue
      if (found !== undefined && found !== doc) return undefined
      found = doc
    }
    return found === undefined ? undefined : this.products[found]
  }

  #sole?: Map<string, number>

  /** Lower-cased categories with exactly one product of ours → that doc; built on first use. */
  #soleByCategory(): Map<string, number> {
    if (this.#sole) return this.#sole
    const counts = new Map<string, number[]>()
    this.products.forEach((p, doc) => {
      if (p.category && !p.competitor) push(counts, p.category.toLowerCase(), doc)
    })
    this.#sole = new Map([...counts].filter(([, docs]) => docs.length === 1).map(([c, docs]) => [c, docs[0]!]))
    return this.#sole
  }
}

/** The catalog facets that numbered a product, and its doc there; undefined for a product outside any catalog. */
export function placeIn(p: Product): { facets: CatalogFacets; doc: number } | undefined {
  const place = placeOf.get(p)
  return place && place.facets.products[place.doc] === p ? place : undefined
}

/** Whether the product has the term, from its catalog's facets; undefined for a product no catalog numbered. */
export function facetHasTerm(p: Product, entry: TermWords): boolean | undefined {
  const place = placeIn(p)
  return place && place.facets.termMask(entry)[place.doc] === 1
}

/**
 * A yes/no question about products (a flow option's match), answered once per product and kept:
 * 0 not asked yet, 1 no, 2 yes. Filled lazily, so only the products a turn looks at are ever checked.
 */
export class Remembered<Q extends object> {
  readonly #answers = new WeakMap<CatalogFacets, WeakMap<Q, Uint8Array>>()
  constructor(readonly test: (p: Product, question: Q) => boolean) {}

  answer(p: Product, question: Q): boolean {
    const place = placeIn(p)
    return place ? this.answerDoc(place.facets, place.doc, question) : this.test(p, question)
  }

  /** By doc, for callers that hold docs: no lookup of where the product sits. */
  answerDoc(facets: CatalogFacets, doc: number, question: Q): boolean {
    const known = this.#known(facets, question)
    if (known[doc] === 0) known[doc] = this.test(facets.products[doc]!, question) ? 2 : 1
    return known[doc] === 2
  }

  /** The question as a test by doc, its answers looked up once: for a walk over many docs. */
  byDoc(facets: CatalogFacets, question: Q): (doc: number) => boolean {
    const known = this.#known(facets, question)
    const { products } = facets
    return (doc) => {
      if (known[doc] === 0) known[doc] = this.test(products[doc]!, question) ? 2 : 1
      return known[doc] === 2
    }
  }

  #known(facets: CatalogFacets, question: Q): Uint8Array {
    let byQuestion = this.#answers.get(facets)
    if (!byQuestion) this.#answers.set(facets, (byQuestion = new WeakMap()))
    let known = byQuestion.get(question)
    if (!known) byQuestion.set(question, (known = new Uint8Array(facets.products.length)))
    return known
  }
}
