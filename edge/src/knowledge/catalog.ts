// The product catalog the edge answers from, with the walking skeleton's retrieval: explicit names
// first, then the product the conversation is about, then simple keyword matches.
// Issue 4 replaces `keywordScores` with BM25; the Snippet shape and `retrieveSnippets` stay.
import type { Product } from '../../../shared/catalog.ts'
import { attributeValues } from './facts.ts'
import { MentionFinder } from './mentions.ts'
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

/** What keyword matching looks at for one product, prepared once. */
interface ProductIndex {
  product: Product
  latin: Set<string>
  /** Chinese terms from category, tags, aliases and attribute values ("儿童手表", "粉色"). */
  terms: Set<string>
  nameBigrams: Set<string>
  descriptionBigrams: Set<string>
  /** Everything about the product as one compact string, to test whether a word concerns it. */
  haystack: string
}

const WEIGHTS = { latin: 10, term: 5, nameBigram: 2, descriptionBigram: 1 }
/** Below this a keyword match is noise (one shared bigram such as "智能"). */
const MIN_KEYWORD_SCORE = 4
const DEFAULT_LIMIT = 4
/** Products shown as "what this answer is about" when only keywords matched. */
const MAX_KEYWORD_SUBJECTS = 2

function indexProduct(p: Product): ProductIndex {
  const values = Object.values(p.attributes).flatMap((v) => attributeValues(v))
  const labelled = [p.name, ...p.aliases, p.category ?? '', ...p.tags, ...values]
  const terms = [p.category ?? '', ...p.tags, ...values, ...p.aliases].flatMap(hanRuns).filter((t) => t.length >= 2)
  return {
    product: p,
    latin: new Set([...labelled, p.id].flatMap(latinWords)),
    terms: new Set(terms),
    nameBigrams: new Set([p.name, ...p.aliases].flatMap(hanBigrams)),
    descriptionBigrams: new Set(hanBigrams(p.description ?? '')),
    haystack: compact([...labelled, ...Object.keys(p.attributes), p.description ?? ''].join(' ')),
  }
}

export class Catalog {
  readonly all: readonly Product[]
  readonly #byId: Map<string, Product>
  readonly #index: ProductIndex[]
  readonly #mentions: MentionFinder
  /** Category and tag words of products we sell: naming one that the focus lacks changes the topic. */
  readonly #topicTerms: string[]

  constructor(products: readonly Product[]) {
    this.all = products
    this.#byId = new Map(products.map((p) => [p.id, p]))
    this.#index = products.map(indexProduct)
    this.#mentions = new MentionFinder(products)
    const topics = products.filter((p) => !p.competitor).flatMap((p) => [p.category ?? '', ...p.tags])
    this.#topicTerms = [...new Set(topics.map((t) => t.toLowerCase()).filter((t) => t.length >= 2))]
  }

  get(id: string): Product | undefined {
    return this.#byId.get(id)
  }

  /** Products the text names explicitly, in order of appearance. */
  mentions(text: string): Product[] {
    return this.#mentions.find(text).flatMap((id) => this.#byId.get(id) ?? [])
  }

  retrieveSnippets(query: string, options: RetrieveOptions = {}): Snippet[] {
    const limit = options.limit ?? DEFAULT_LIMIT
    const snippets: Snippet[] = this.mentions(query).map((product) => ({ product, match: 'named' as const }))
    const focus = options.focusId ? this.get(options.focusId) : undefined
    if (!snippets.length && focus && !this.#changesTopic(query, focus)) snippets.push({ product: focus, match: 'focus' })

    const taken = new Set(snippets.map((s) => s.product.id))
    for (const { product } of this.#keywordMatches(query)) {
      if (!taken.has(product.id)) snippets.push({ product, match: 'keyword' })
    }
    return snippets.slice(0, limit)
  }

  /** Competitors only ever come up when named: they are never suggested by a keyword. */
  #keywordMatches(query: string): { product: Product; score: number }[] {
    const words = new Set(latinWords(query))
    const bigrams = new Set(hanBigrams(query))
    const scored = this.#index.flatMap((ix) => {
      if (ix.product.competitor) return []
      let score = 0
      for (const w of words) if (ix.latin.has(w)) score += WEIGHTS.latin
      for (const t of ix.terms) if (query.includes(t)) score += WEIGHTS.term
      for (const b of bigrams) {
        if (ix.nameBigrams.has(b)) score += WEIGHTS.nameBigram
        else if (ix.descriptionBigrams.has(b)) score += WEIGHTS.descriptionBigram
      }
      return score >= MIN_KEYWORD_SCORE ? [{ product: ix.product, score }] : []
    })
    return scored.sort((a, b) => b.score - a.score) // stable: ties keep catalog order
  }

  /**
   * "推荐一款手表" after talking about a phone asks about something else; "防水吗" does not, because
   * the phone has a 防水指数. So: the question names a category or tag the focus has nothing about.
   */
  #changesTopic(query: string, focus: Product): boolean {
    const q = query.toLowerCase()
    const words = new Set(latinWords(q))
    const focusText = this.#index.find((ix) => ix.product.id === focus.id)?.haystack ?? ''
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
