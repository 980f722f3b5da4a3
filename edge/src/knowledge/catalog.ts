// The product catalog the edge answers from, and retrieval over it: explicit names first (mentions.ts),
// then the product the conversation is about, then BM25 keyword matches (search-index.ts). `search`
// serves recommendations: ranked, filtered, and able to answer from a filter alone.
import type { Product } from '../../../shared/catalog.ts'
import { CatalogFacets } from './facets.ts'
import { MentionFinder } from './mentions.ts'
import { SearchIndex } from './search-index.ts'
import { normalize } from './tokenize.ts'
import { compact, hanBigrams, hanRuns, latinWords } from './text.ts'

/** Why a product was retrieved: the question names it, the conversation is about it, or words match. */
export type SnippetMatch = 'named' | 'focus' | 'keyword'

export interface Snippet {
  product: Product
  match: SnippetMatch
}

export interface RetrieveOptions {
  /** The product the conversation is about (page or earlier messages), carried into follow-ups. */
  focusId?: string
  limit?: number
}

export interface SearchOptions {
  /** At most this many results (default 10). */
  limit?: number
  /** Only products it accepts: price, stock, category… Applied before `limit`. */
  filter?: (product: Product) => boolean
  /** Competitors (`competitor: true`) are left out unless this is set. */
  includeCompetitors?: boolean
  /**
   * The only docs (catalog positions, ascending) the filter can accept, e.g. the products of the asked
   * category from `facets`: an empty query walks just these, a ranked one skips the filter for the rest.
   */
  among?: ArrayLike<number>
}

export interface SearchResult {
  product: Product
  /** BM25 score, plus EXACT_BOOST when the query names the product; 0 for filter-only results. */
  score: number
}

const DEFAULT_LIMIT = 4
const DEFAULT_SEARCH_LIMIT = 10
/** Products shown as "what this answer is about" when only keywords matched. */
const MAX_KEYWORD_SUBJECTS = 2
/** Added to the score of a product the query names (id, name, alias, model code): exact hits go first. */
export const EXACT_BOOST = 1000
/** How many of the best BM25 matches the keyword part checks for real evidence before giving up. */
const KEYWORD_CANDIDATES = 24

/**
 * Whether a keyword match is more than noise, judged as the walking skeleton did (one shared bigram such
 * as "智能" is not enough): a Latin word of the product's labels counts 10, a Chinese category, tag,
 * alias or value contained in the question 5, a name bigram 2, a description bigram 1; 4 is enough.
 * BM25 ranks; this only drops the weak tail, for the few candidates BM25 puts first.
 */
const EVIDENCE = { latin: 10, term: 5, nameBigram: 2, descriptionBigram: 1 }
const MIN_KEYWORD_EVIDENCE = 4

function attributeStrings(p: Product): string[] {
  return Object.values(p.attributes).flatMap((v) => (Array.isArray(v) ? v.map(String) : typeof v === 'boolean' ? [] : [String(v)]))
}

function keywordEvidence(p: Product, query: string): number {
  const q = normalize(query)
  const labelled = [p.name, ...p.aliases, p.category ?? '', ...p.tags, ...attributeStrings(p)]
  const latin = new Set([...labelled, p.id].flatMap((t) => latinWords(normalize(t))))
  const terms = new Set([p.category ?? '', ...p.tags, ...attributeStrings(p), ...p.aliases].flatMap(hanRuns))
  const nameBigrams = new Set([p.name, ...p.aliases].flatMap(hanBigrams))
  const descriptionBigrams = new Set(hanBigrams(p.description ?? ''))
  let score = 0
  for (const w of new Set(latinWords(q))) if (latin.has(w)) score += EVIDENCE.latin
  for (const t of terms) if (t.length >= 2 && q.includes(t)) score += EVIDENCE.term
  for (const b of new Set(hanBigrams(q))) {
    if (nameBigrams.has(b)) score += EVIDENCE.nameBigram
    else if (descriptionBigrams.has(b)) score += EVIDENCE.descriptionBigram
  }
  return score
}

export class Catalog {
  readonly all: readonly Product[]
  /** Categories, tags and attribute values indexed once, for filters that would otherwise walk `all`. */
  readonly facets: CatalogFacets
  readonly #byId: Map<string, Product>
  readonly #index: SearchIndex
  readonly #mentions: MentionFinder
  /** Category and tag words of products we sell: naming one that the focus lacks changes the topic. */
  readonly #topicTerms: string[]

  constructor(products: readonly Product[]) {
    this.all = products
    this.#byId = new Map(products.map((p) => [p.id, p]))
    this.#index = new SearchIndex(products)
    this.#mentions = new MentionFinder(products)
    this.facets = new CatalogFacets(products)
    const topics = new Set<string>()
    for (const p of products) {
      if (p.competitor) continue
      for (const t of [p.category ?? '', ...p.tags]) if (t.length >= 2) topics.add(t.toLowerCase())
    }
    this.#topicTerms = [...topics]
  }

  get(id: string): Product | undefined {
    return this.#byId.get(id)
  }

  /** The shop's own products among these ids, in order: unknown ids and competitors' products left out. */
  ours(ids: readonly string[] = []): Product[] {
    return ids.map((id) => this.#byId.get(id)).filter((p): p is Product => !!p && !p.competitor)
  }

  /** Products the text names explicitly, in order of appearance. */
  mentions(text: string): Product[] {
    return this.#mentions.find(text).map((doc) => this.all[doc]!)
  }

  /**
   * Products for `query`, best first: the ones it names exactly, then by BM25 over names, aliases,
   * brand, category, tags, attributes, FAQ and description. An empty query with a filter returns the
   * filtered products in catalog order ("500 元以内的儿童手表" can be answered by the filter alone).
   */
  search(query: string, options: SearchOptions = {}): SearchResult[] {
    const { limit = DEFAULT_SEARCH_LIMIT, filter, includeCompetitors = false, among } = options
    const allowed = (p: Product) => (includeCompetitors || !p.competitor) && (!filter || filter(p))
    if (!query.trim()) {
      const results: SearchResult[] = []
      if (!filter) return results
      const count = among ? among.length : this.all.length
      for (let i = 0; i < count && results.length < limit; i++) {
        const product = this.all[among ? among[i]! : i]!
        if (allowed(product)) results.push({ product, score: 0 })
      }
      return results
    }
    const boosts = new Map(this.#mentions.find(query).map((doc) => [doc, EXACT_BOOST]))
    const possible = among && new Uint8Array(this.all.length)
    if (possible) for (let i = 0; i < among!.length; i++) possible[among![i]!] = 1
    return this.#index
      .rank(query, { limit, boosts, accept: (doc) => (!possible || possible[doc] === 1) && allowed(this.all[doc]!) })
      .map(({ doc, score }) => ({ product: this.all[doc]!, score }))
  }

  retrieveSnippets(query: string, options: RetrieveOptions = {}): Snippet[] {
    const limit = options.limit ?? DEFAULT_LIMIT
    const snippets: Snippet[] = this.mentions(query).map((product) => ({ product, match: 'named' as const }))
    const focus = options.focusId ? this.get(options.focusId) : undefined
    if (!snippets.length && focus && !this.#changesTopic(query, focus)) snippets.push({ product: focus, match: 'focus' })

    const taken = new Set(snippets.map((s) => s.product.id))
    if (snippets.length < limit) {
      for (const product of this.#keywordMatches(query, limit + taken.size)) {
        if (!taken.has(product.id)) snippets.push({ product, match: 'keyword' })
      }
    }
    return snippets.slice(0, limit)
  }

  /** Competitors only ever come up when named: they are never suggested by a keyword. */
  #keywordMatches(query: string, wanted: number): Product[] {
    const ranked = this.#index.rank(query, { limit: Math.max(wanted, KEYWORD_CANDIDATES), accept: (doc) => !this.all[doc]!.competitor })
    const matches: Product[] = []
    for (const { doc } of ranked) {
      if (matches.length >= wanted) break
      if (keywordEvidence(this.all[doc]!, query) >= MIN_KEYWORD_EVIDENCE) matches.push(this.all[doc]!)
    }
    return matches
  }

  /**
   * "推荐一款手表" after talking about a phone asks about something else; "防水吗" does not, because
   * the phone has a 防水指数. So: the question names a category or tag the focus has nothing about.
   */
  #changesTopic(query: string, focus: Product): boolean {
    const q = query.toLowerCase()
    const words = new Set(latinWords(q))
    const labelled = [focus.name, ...focus.aliases, focus.category ?? '', ...focus.tags, ...attributeStrings(focus)]
    const focusText = compact([...labelled, ...Object.keys(focus.attributes), focus.description ?? ''].join(' '))
    return this.#topicTerms.some((term) => {
      const mentioned = /^[a-z0-9 ]+$/.test(term) ? latinWords(term).every((w) => words.has(w)) : q.includes(term)
      return mentioned && !focusText.includes(compact(term))
    })
  }
}

/** The products an answer is about: the named ones, else the carried focus, else the best keyword matches. */
export function subjectsOf(snippets: readonly Snippet[]): Product[] {
  for (const match of ['named', 'focus'] as const) {
    const products = snippets.filter((s) => s.match === match).map((s) => s.product)
    if (products.length) return products
  }
  return snippets.slice(0, MAX_KEYWORD_SUBJECTS).map((s) => s.product)
}
