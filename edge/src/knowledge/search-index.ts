// BM25 over the catalog, small enough to hold 230,000 products in a few tens of MB and answer in a
// millisecond or two. Every product field is tokenized (tokenize.ts) and each occurrence counts by the
// field's weight, so a term in a name outweighs the same term in a description (a simplified BM25F).
// Layout: a term dictionary (token → term id); each term's postings are one slice of `#docs` (doc
// ids, ascending) and `#tfs` (weighted term frequency); per-doc length norms; reusable score buffers.
// Docs are catalog positions. `rank` is synchronous and not re-entrant (the buffers are shared).
import type { Product } from '../../../shared/catalog.ts'
import { forEachToken, isHanBigram, isHanChar, tokenize } from './tokenize.ts'

/** How much one occurrence counts, by field: names first, then brand/category/tags, values, FAQ, description. */
export const FIELD_WEIGHTS = {
  name: 6, aliases: 6, brand: 4, category: 4, tags: 4, attributeValues: 3, faq: 2, attributeKeys: 1, description: 1,
} as const

/** Term-frequency saturation, in weighted occurrences: one name hit (6) scores ~2× one description hit (1). */
const K1 = 2
/** How much a long product (many words) is penalised against a short one. */
const B = 0.5
const MAX_TF = 255
/**
 * A lone character is vague. Its bigrams are tried rarest first (粉 → 粉底, 粉色, …) and the common ones
 * stop being looked at past this many postings: every product with a 颜色 would cost milliseconds for nothing.
 */
const MAX_EXPANSION_POSTINGS = 100_000

export interface Ranked {
  /** Position of the product in the catalog. */
  doc: number
  score: number
}

export interface RankOptions {
  limit: number
  /** Called only for docs that would make the top `limit`: a filter, or the competitor rule. */
  accept?: (doc: number) => boolean
  /** Added to a doc's score whether or not it matches a term: exact name hits go first. */
  boosts?: ReadonlyMap<number, number>
}

const attributeText = (v: Product['attributes'][string]) => (Array.isArray(v) ? v.join(' ') : typeof v === 'boolean' ? '' : String(v))

/** The product's text by field, with each field's weight. */
function fieldsOf(p: Product): [string, number][] {
  const w = FIELD_WEIGHTS
  return [
    [p.name, w.name], [p.aliases.join(' '), w.aliases], [p.brand ?? '', w.brand], [p.category ?? '', w.category],
    [p.tags.join(' '), w.tags], [Object.values(p.attributes).map(attributeText).join(' '), w.attributeValues],
    [p.faq.map((f) => `${f.q} ${f.a}`).join(' '), w.faq], [Object.keys(p.attributes).join(' '), w.attributeKeys],
    [p.description ?? '', w.description],
  ]
}

/** Append-only (term id, tf) pairs, one run per doc, grown by doubling while the index is built. */
class PairLog {
  terms = new Uint32Array(1 << 16)
  tfs = new Uint8Array(1 << 16)
  length = 0

  push(term: number, tf: number): void {
    if (this.length === this.terms.length) {
      const terms = new Uint32Array(this.length * 2)
      const tfs = new Uint8Array(this.length * 2)
      terms.set(this.terms)
      tfs.set(this.tfs)
      this.terms = terms
      this.tfs = tfs
    }
    this.terms[this.length] = term
    this.tfs[this.length++] = Math.min(tf, MAX_TF)
  }
}

export class SearchIndex {
  readonly docCount: number
  readonly #terms = new Map<string, number>()
  /** Postings of term t are positions offsets[t] .. offsets[t + 1] - 1 of #docs and #tfs. */
  readonly #offsets: Uint32Array
  readonly #docs: Uint32Array
  readonly #tfs: Uint8Array
  readonly #idf: Float32Array
  /** K1 · (1 − B + B · length / average length), per doc: the BM25 denominator's length part. */
  readonly #norm: Float32Array
  /** A single Chinese character → the bigram terms containing it, for one-character questions ("粉"). */
  readonly #bigramsWith = new Map<string, number[]>()
  // Query scratch space, reused: scores, which docs have one, and the per-round best for "any of" terms.
  readonly #scores: Float64Array
  readonly #touched: Uint32Array
  #touchedCount = 0
  readonly #best: Float64Array
  readonly #round: Uint32Array
  #rounds = 0

  constructor(products: readonly Product[]) {
    const n = (this.docCount = products.length)
    const log = new PairLog()
    const docStart = new Uint32Array(n + 1)
    const lengths = new Float64Array(n)
    const tf: number[] = [] // weighted count of each term in the current doc…
    const seen: number[] = [] // …and which terms it has, in order
    let weight = 0
    const count = (token: string) => {
      let term = this.#terms.get(token)
      if (term === undefined) this.#terms.set(token, (term = this.#terms.size))
      if (!tf[term]) seen.push(term)
      tf[term] = (tf[term] ?? 0) + weight
    }
    for (let d = 0; d < n; d++) {
      for (const [text, w] of fieldsOf(products[d]!)) {
        if (!text) continue
        weight = w
        forEachToken(text, count)
      }
      for (const term of seen) {
        lengths[d]! += tf[term]!
        log.push(term, tf[term]!)
        tf[term] = 0
      }
      seen.length = 0
      docStart[d + 1] = log.length
    }

    // Counting sort of the pairs by term; docs were logged in order, so each term's postings come out ascending.
    const termCount = this.#terms.size
    this.#offsets = new Uint32Array(termCount + 1)
    for (let i = 0; i < log.length; i++) this.#offsets[log.terms[i]! + 1]!++
    for (let t = 0; t < termCount; t++) this.#offsets[t + 1]! += this.#offsets[t]!
    const next = this.#offsets.slice(0, termCount)
    this.#docs = new Uint32Array(log.length)
    this.#tfs = new Uint8Array(log.length)
    for (let d = 0; d < n; d++) {
      for (let i = docStart[d]!; i < docStart[d + 1]!; i++) {
        const at = next[log.terms[i]!]!++
        this.#docs[at] = d
        this.#tfs[at] = log.tfs[i]!
      }
    }

    this.#idf = new Float32Array(termCount)
    for (let t = 0; t < termCount; t++) {
      const df = this.#offsets[t + 1]! - this.#offsets[t]!
      this.#idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5))
    }
    const average = lengths.reduce((a, b) => a + b, 0) / Math.max(1, n) || 1
    this.#norm = new Float32Array(n)
    for (let d = 0; d < n; d++) this.#norm[d] = K1 * (1 - B + (B * lengths[d]!) / average)

    const df = (term: number) => this.#offsets[term + 1]! - this.#offsets[term]!
    for (const [token, term] of this.#terms) {
      if (!isHanBigram(token)) continue
      for (const char of new Set(token)) {
        const terms = this.#bigramsWith.get(char)
        if (terms) terms.push(term)
        else this.#bigramsWith.set(char, [term])
      }
    }
    for (const terms of this.#bigramsWith.values()) terms.sort((a, b) => df(a) - df(b))
    this.#scores = new Float64Array(n)
    this.#touched = new Uint32Array(n)
    this.#best = new Float64Array(n)
    this.#round = new Uint32Array(n)
  }

  /** The best `limit` docs for `query`, highest score first; ties keep catalog order. */
  rank(query: string, { limit, accept, boosts }: RankOptions): Ranked[] {
    if (limit <= 0) return []
    const tokens = tokenize(query)
    // A lone character ("粉", "表") matches through the bigrams containing it, unless the question
    // has real Chinese words to go on: then it is only a particle ("和", "的").
    const expandChars = !tokens.some(isHanBigram)
    for (const token of tokens) {
      const term = this.#terms.get(token)
      if (term !== undefined) this.#addTerm(term)
      if (expandChars && isHanChar(token)) this.#addAnyTerm(this.#bigramsWith.get(token) ?? [])
    }
    for (const [doc, boost] of boosts ?? []) {
      if (doc >= this.docCount) continue
      if (this.#scores[doc] === 0) this.#touched[this.#touchedCount++] = doc
      this.#scores[doc]! += boost
    }
    const top = this.#top(limit, accept)
    for (let i = 0; i < this.#touchedCount; i++) this.#scores[this.#touched[i]!] = 0
    this.#touchedCount = 0
    return top
  }

  /** Adds one term's BM25 score to every doc that has it (the hot loop: locals, no calls). */
  #addTerm(term: number): void {
    const docs = this.#docs, tfs = this.#tfs, norm = this.#norm, scores = this.#scores, touched = this.#touched
    const idf = this.#idf[term]! * (K1 + 1)
    let count = this.#touchedCount
    for (let i = this.#offsets[term]!, end = this.#offsets[term + 1]!; i < end; i++) {
      const doc = docs[i]!
      const tf = tfs[i]!
      if (scores[doc] === 0) touched[count++] = doc
      scores[doc]! += (idf * tf) / (tf + norm[doc]!)
    }
    this.#touchedCount = count
  }

  /** Scores each doc by the best of `terms` it contains (not the sum): one character, one match. */
  #addAnyTerm(terms: readonly number[]): void {
    const docs = this.#docs, tfs = this.#tfs, norm = this.#norm, scores = this.#scores, touched = this.#touched
    const best = this.#best, seen = this.#round
    const round = ++this.#rounds
    let count = this.#touchedCount
    let budget = MAX_EXPANSION_POSTINGS
    for (const term of terms) {
      if (budget <= 0) break
      budget -= this.#offsets[term + 1]! - this.#offsets[term]!
      const idf = this.#idf[term]! * (K1 + 1)
      for (let i = this.#offsets[term]!, end = this.#offsets[term + 1]!; i < end; i++) {
        const doc = docs[i]!
        const tf = tfs[i]!
        const score = (idf * tf) / (tf + norm[doc]!)
        if (seen[doc] !== round) {
          seen[doc] = round
          best[doc] = score
          if (scores[doc] === 0) touched[count++] = doc
          scores[doc]! += score
        } else if (score > best[doc]!) {
          scores[doc]! += score - best[doc]!
          best[doc] = score
        }
      }
    }
    this.#touchedCount = count
  }

  #top(limit: number, accept: ((doc: number) => boolean) | undefined): Ranked[] {
    const top: Ranked[] = []
    const scores = this.#scores, touched = this.#touched
    let last: Ranked | undefined // the worst of a full top: most docs lose to it at once
    for (let i = 0; i < this.#touchedCount; i++) {
      const doc = touched[i]!
      const score = scores[doc]!
      if (last && (score < last.score || (score === last.score && doc > last.doc))) continue
      if (accept && !accept(doc)) continue
      let at = top.length
      while (at > 0 && (score > top[at - 1]!.score || (score === top[at - 1]!.score && doc < top[at - 1]!.doc))) at--
      top.splice(at, 0, { doc, score })
      if (top.length > limit) top.pop()
      if (top.length === limit) last = top[limit - 1]
    }
    return top
  }
}
