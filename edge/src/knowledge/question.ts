// What a question asks about one product: its price, stock, a colour, attributes, or one of its FAQ.
// The words come from the vocabulary (built-in table + site config), so this file holds no synonyms.
// Shared by the offline responder (to answer) and the quick replies (to suggest what was not asked).
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { asksColour, colourAsk, type ColourAsk } from './colours.ts'
import { attributeValues, type AttributeValue } from './facts.ts'
import { DEFAULT_VOCABULARY, type AttributeEntry, type Vocabulary, type WordHit } from './synonyms.ts'
import { askedKinds, FACT_KINDS, kindFit } from './fact-kinds.ts'
import { clausesOf, matchOwnAttributes, similarFaq, withoutNames } from './own-facts.ts'
import { compact, hanBigrams, latinWords } from './text.ts'

export type { ColourAsk } from './colours.ts'

export interface AttributeAsk {
  entry?: AttributeEntry
  /** The product's attribute key that answers it; absent when the catalog doesn't list it. */
  key?: string
  label: Record<Lang, string>
  values?: AttributeValue
}

export interface QuestionAnalysis {
  price: boolean
  stock: boolean
  colour?: ColourAsk
  attributes: AttributeAsk[]
  faq?: Product['faq'][number]
}

/** A FAQ entry whose question is (mostly) contained in the visitor's question. */
export function matchingFaq(question: string, product: Product): Product['faq'][number] | undefined {
  const q = compact(question)
  const qBigrams = new Set(hanBigrams(question))
  const qWords = new Set(latinWords(question))
  return product.faq.find((entry) => {
    if (q.includes(compact(entry.q))) return true
    const bigrams = hanBigrams(entry.q)
    const words = latinWords(entry.q)
    const overlap = bigrams.filter((b) => qBigrams.has(b)).length + words.filter((w) => qWords.has(w)).length
    return bigrams.length + words.length >= 2 && overlap / (bigrams.length + words.length) >= 0.6
  })
}

/** Hits that overlap one another ask one thing with an ambiguous word ("多少克": weight or size). */
function clusters(hits: readonly WordHit<AttributeEntry>[]): AttributeEntry[][] {
  const groups: { end: number; entries: AttributeEntry[] }[] = []
  for (const hit of hits) {
    const last = groups.at(-1)
    if (last && hit.start < last.end) {
      last.end = Math.max(last.end, hit.end)
      if (!last.entries.includes(hit.entry)) last.entries.push(hit.entry)
    } else groups.push({ end: hit.end, entries: [hit.entry] })
  }
  return groups.map((g) => g.entries)
}

/** The product's key for a vocabulary entry: one of its keys, else a key containing one ("定位方式" for 定位). */
function namedKeyOf(entry: AttributeEntry, product: Product): string | undefined {
  const keys = Object.keys(product.attributes)
  return (
    entry.keys.find((k) => k in product.attributes) ??
    keys.find((k) => entry.keys.some((e) => e.length >= 2 && k.includes(e))) ??
    // The entry's own words in the key bridge languages: 防水 → "Waterproof membrane".
    keys.find((k) => { entry.pattern.lastIndex = 0; return entry.pattern.test(k) })
  )
}

/** A weaker guess: the product's key of the entry's kind of fact ("Net weight" for 重量). */
function kindKeyOf(entry: AttributeEntry, product: Product): string | undefined {
  const kind = FACT_KINDS.find((k) => k.key.test(entry.keys[0]!))
  if (!kind) return undefined
  let best: { key: string; fit: number } | undefined
  for (const [key, value] of Object.entries(product.attributes)) {
    const fit = kindFit(kind, key, attributeValues(value).join(' '))
    if (fit >= 2 && (!best || fit > best.fit)) best = { key, fit }
  }
  return best?.key
}

const keyOf = (entry: AttributeEntry, product: Product) => namedKeyOf(entry, product) ?? kindKeyOf(entry, product)

/** After "how much", what makes it the price: "how much is it", "how much for two", "how much does it cost". */
const HOW_MUCH_PRICE = /^\s*(?:is|are|was|for|would|will|do(?:es)? (?:it|this|that|they|these|those|one|a|an|the)(?:\s+\S+){0,4}\s+cost|\?|$)/i

/** "How much does it weigh / hold / power": "how much" asks the price only when nothing else follows it. */
function withoutHowMuch(hits: WordHit<AttributeEntry>[], text: string): WordHit<AttributeEntry>[] {
  return hits.filter((h) => {
    if (h.entry.keys[0] !== 'price' || !/^how much$/i.test(text.slice(h.start, h.end))) return true
    return HOW_MUCH_PRICE.test(text.slice(h.end)) || /\b(cost|price|pay)\b/i.test(text)
  })
}

/** Own-data matches at least this strong are added even when the vocabulary already found an answer. */
const STRONG_OWN_MATCH = 7

export function analyzeQuestion(question: string, product: Product, lang: Lang, vocabulary: Vocabulary = DEFAULT_VOCABULARY): QuestionAnalysis {
  const analysis: QuestionAnalysis = { price: false, stock: false, attributes: [] }
  analysis.faq = matchingFaq(question, product) ?? similarFaq(question, product)
  analysis.colour = colourAsk(question, product, lang)
  const lower = question.toLowerCase()
  // A key of this very product in the question ("材质", "机芯") is the most specific ask there is.
  // Latin keys compared without spaces and dashes: "WIFI" is the key "Wi-Fi".
  const squeezed = compact(question)
  const literal = Object.keys(product.attributes).filter((k) => k.length >= 2 && (lower.includes(k.toLowerCase()) || (/^[\x20-\x7e]+$/.test(k) && compact(k).length >= 3 && squeezed.includes(compact(k)))))
  const asks = new Map<string, AttributeAsk>()
  const askKey = (key: string, entry = vocabulary.entry(key)) =>
    asks.set(key, { entry, key, label: { 'zh-CN': key, en: entry?.label.en ?? key }, values: product.attributes[key] })
  for (const key of literal) askKey(key)
  // The product's own name says nothing about what is asked: "T3 定位牌多重" asks the weight, not 定位.
  const rest = withoutNames(question, product)
  const insideLiteral = (text: string) => literal.some((k) => k.toLowerCase().includes(text.toLowerCase()))
  const hits = withoutHowMuch(vocabulary.attributeHits(rest), rest).filter((h) => !insideLiteral(rest.slice(h.start, h.end)))
  for (const entries of clusters(hits)) {
    // Of an ambiguous word, the meaning this product has an answer for.
    const entry = entries.find((e) => e.keys[0] === 'price' || e.keys[0] === 'stock' || keyOf(e, product)) ?? entries[0]!
    if (entry.keys[0] === 'price') analysis.price = true
    else if (entry.keys[0] === 'stock') analysis.stock = true
    else if (!(analysis.colour && entry.keys.includes('颜色'))) {
      const key = keyOf(entry, product)
      const id = key ?? entry.keys[0]!
      if (!asks.has(id) && ![...asks.values()].some((a) => a.entry === entry)) {
        // Labelled by the product's own key when it is not one of the entry's ("电池容量" is not "size").
        const en = key === undefined || entry.keys.includes(key) ? entry.label.en : key
        asks.set(id, { entry, ...(key !== undefined && { key, values: product.attributes[key] }), label: { 'zh-CN': key ?? entry.label['zh-CN'], en } })
      }
    }
  }
  // Then the product's own keys and values: what no vocabulary knows ("滤芯能用多久" → 滤芯寿命), clause
  // by clause, so "USB-C 充电吗，电池多大" gets both. A clause the vocabulary answered takes only strong matches.
  const resolved = (clause: string) =>
    literal.some((k) => clause.toLowerCase().includes(k.toLowerCase())) ||
    withoutHowMuch(vocabulary.attributeHits(clause), clause).some((h) => h.entry.keys[0] === 'price' || h.entry.keys[0] === 'stock' || namedKeyOf(h.entry, product) !== undefined)
  const ownIn = (text: string, parts: string[]) => parts.flatMap((clause) => {
    const strongOnly = resolved(clause) || (parts.length <= 1 && analysis.colour !== undefined)
    return matchOwnAttributes(clause, product).filter((m) => !asks.has(m.key) && (!strongOnly || m.score >= STRONG_OWN_MATCH))
  })
  const byClause = (text: string) => {
    const parts = clausesOf(text)
    return ownIn(text, parts.length > 1 ? parts : [text])
  }
  // Without its names first; with them when that finds nothing ("升降桌最高能升到多少" asks the 升降范围).
  let own = byClause(rest)
  if (!own.length && !asks.size && !analysis.faq) own = byClause(question)
  if (own.length) {
    // A vocabulary word the product has no key for ("GPS" → 定位) is answered by what its own data matched.
    // So is one the vocabulary only guessed by its kind of fact.
    for (const [id, ask] of asks) if (ask.values === undefined || (ask.entry && !literal.includes(id) && namedKeyOf(ask.entry, product) === undefined)) asks.delete(id)
    for (const { key } of own) if (!asks.has(key) && !(analysis.colour && isColourKey(key))) askKey(key)
  }
  // A matching FAQ answer says it better than the attribute the same words point at.
  if (!analysis.faq) analysis.attributes = [...asks.values()]
  return analysis
}

const isColourKey = (key: string) => /颜色|色号|色系|colou?r/i.test(key)

/** Reads as a question (not a statement such as "X5 不好用"): a question mark or a question word. */
const QUESTION = /[?？]|吗|么|呢|还是|多少|几|什么|啥|怎么|如何|是否|能否|能不能|可不可以|会不会|有没有|是不是|支不支持|(?:^|[,.;:!，。；：！]\s*)(?:does|do|is|are|can|could|will|would|what|which|how|has|have)\b/i

/** Whether the visitor asked something, rather than said something ("有点贵，我再考虑一下"). */
export function isQuestion(text: string): boolean {
  return QUESTION.test(text)
}

export function asksAnything(a: QuestionAnalysis): boolean {
  return a.price || a.stock || a.colour !== undefined || a.attributes.length > 0 || a.faq !== undefined
}

/** Whether the question asks for any fact at all, before knowing the product ("内存多大?" does). */
export function asksForFact(question: string, vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  return asksColour(question) || vocabulary.attributeHits(question).length > 0 || askedKinds(question).length > 0
}

export function asksPrice(question: string, vocabulary: Vocabulary = DEFAULT_VOCABULARY): boolean {
  return vocabulary.attributeHits(question).some((h) => h.entry.keys[0] === 'price')
}

export { asksColour }
