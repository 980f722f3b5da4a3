// From a flow's answers to catalog products: each answer becomes a constraint of the product
// knowledge (knowledge/constraints.ts), so a flow's recommendation meets every answer exactly like a
// typed request would, and comes with the same reasons and the same honest "nothing fits".
import type { Product } from '../../../../shared/catalog.ts'
import type { FlowConfig, FlowMatch, FlowOptionConfig, FlowSlotConfig } from '../../../../shared/config.ts'
import { localized } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import type { Budget } from '../../knowledge/budget.ts'
import type { Catalog } from '../../knowledge/catalog.ts'
import { madeFor, parseConstraints, satisfies, suitsRecipient, type Audience, type Constraints, type Requirement } from '../../knowledge/constraints.ts'
import { describeBudget } from '../../knowledge/describe.ts'
import { Remembered, type CatalogFacets } from '../../knowledge/facets.ts'
import { attributeValues } from '../../knowledge/facts.ts'
import { wordsPattern, type TermEntry, type Vocabulary } from '../../knowledge/synonyms.ts'
import type { FlowState, SlotValue } from './state.ts'

const lower = (s: string) => s.toLowerCase()

/**
 * Words that name two product types at once, which the catalog vocabulary has no single term for:
 * "水乳" is a toner and a lotion. A flow reads it as one product type met by either.
 */
export const PRODUCT_GROUPS: Record<string, string[]> = {
  水乳: ['爽肤水', '化妆水', '乳液', '凝露', '面霜', '保湿', 'toner', 'lotion'],
}
export function groupTerm(word: string): TermEntry | undefined {
  const words = PRODUCT_GROUPS[word]
  return words ? { words, pattern: wordsPattern(words) } : undefined
}


const poolTerms = new WeakMap<FlowConfig, TermEntry>()

/** The flow's products: its categories and tags, as a term every recommendation must have (compiled once per flow config). */
export function poolTerm(flow: FlowConfig): TermEntry {
  let term = poolTerms.get(flow)
  if (!term) {
    const words = [...flow.products.categories, ...flow.products.tags]
    poolTerms.set(flow, (term = { words, pattern: wordsPattern(words) }))
  }
  return term
}

export function inPool(p: Product, flow: FlowConfig): boolean {
  if (p.competitor) return false
  const own = [p.category ?? '', ...p.tags].map(lower)
  return [...flow.products.categories, ...flow.products.tags].some((w) => own.includes(lower(w)))
}

function productText(p: Product): string[] {
  return [p.name, p.description ?? '', ...p.tags, p.category ?? '', ...Object.values(p.attributes).flatMap((v) => attributeValues(v))].map(lower)
}

export function matches(p: Product, m: FlowMatch): boolean {
  if (m.tags) {
    const own = [p.category ?? '', ...p.tags].map(lower)
    if (!m.tags.some((t) => own.includes(lower(t)))) return false
  }
  if (m.attribute) {
    const value = p.attributes[m.attribute.key]
    if (value === undefined) return false
    const values = attributeValues(value).map(lower)
    if (m.attribute.values && !m.attribute.values.some((w) => values.some((v) => v.includes(lower(w))))) return false
  }
  if (m.audience && !suitsRecipient(p, m.audience)) return false
  if (m.words) {
    const text = productText(p)
    if (!m.words.some((w) => text.some((t) => t.includes(lower(w))))) return false
  }
  return true
}

/** `matches`, remembered per catalog product: option checks repeat over tens of thousands of products each turn. */
const matchesKnown = new Remembered(matches)

/** The docs of the product lists `candidates` returns, so option checks over them skip the product → doc lookup. */
const docsOfList = new WeakMap<readonly Product[], { facets: CatalogFacets; docs: number[] }>()

/** Whether any of the products matches: an option some remaining product has. */
function someMatch(products: readonly Product[], m: FlowMatch): boolean {
  const known = docsOfList.get(products)
  if (!known) return products.some((p) => matchesKnown.answer(p, m))
  return known.docs.some((doc) => matchesKnown.answerDoc(known.facets, doc, m))
}

/** "4-12岁" → [4, 12]; "3岁以上" → [3, ∞); "12岁以下" → (-∞, 12]. */
export function rangeOf(text: string): [number, number] | undefined {
  const pair = text.match(/(\d+(?:\.\d+)?)\s*(?:-|~|～|—|–|到|至|to)\s*(\d+(?:\.\d+)?)/)
  if (pair) return [Number(pair[1]), Number(pair[2])]
  const from = text.match(/(\d+(?:\.\d+)?)\s*\D{0,3}(?:以上|\+|起|and up|or older)/)
  if (from) return [Number(from[1]), Number.POSITIVE_INFINITY]
  const to = text.match(/(\d+(?:\.\d+)?)\s*\D{0,3}(?:以下|以内|or younger|and under)/)
  if (to) return [Number.NEGATIVE_INFINITY, Number(to[1])]
  const one = text.match(/^\s*(\d+(?:\.\d+)?)\D*$/)
  return one ? [Number(one[1]), Number(one[1])] : undefined
}

export function inRange(p: Product, key: string, n: number): boolean {
  const value = p.attributes[key]
  if (value === undefined) return false
  return attributeValues(value).some((v) => {
    const r = rangeOf(v)
    return r !== undefined && n >= r[0] && n <= r[1]
  })
}

const optionOf = (slot: FlowSlotConfig, value: string) => slot.options?.find((o) => o.value === value)

/** How an answer reads back to the visitor: "¥2000左右", "女士", "6岁". */
export function describeValue(slot: FlowSlotConfig, value: SlotValue, lang: Lang, currency: string): string {
  if (slot.type === 'money' && typeof value === 'object' && !Array.isArray(value)) return describeBudget(value, lang, currency)
  if (slot.type === 'enum') {
    const values = Array.isArray(value) ? value : [String(value)]
    const labels = values.map((v) => {
      const option = optionOf(slot, v)
      return option?.label !== undefined ? localized(option.label, lang) : v
    })
    return labels.join(lang === 'en' ? ', ' : '、')
  }
  if (slot.type === 'number') {
    const unit = slot.units.find((u) => (lang === 'en' ? !/\p{Script=Han}/u.test(u) : /\p{Script=Han}/u.test(u)))
    return unit ? `${value}${lang === 'en' ? ' ' : ''}${unit}` : String(value)
  }
  return String(value)
}

function optionRequirement(slot: FlowSlotConfig, option: FlowOptionConfig, lang: Lang): Requirement {
  const m = option.match
  const words = [...(m.attribute ? [m.attribute.key, ...(m.attribute.values ?? [])] : []), ...(m.words ?? []), ...(m.tags ?? [])]
  return { label: option.label !== undefined ? localized(option.label, lang) : option.value, test: (p) => matchesKnown.answer(p, m), words, byDoc: (facets) => matchesKnown.byDoc(facets, m) }
}

export interface FlowConstraints {
  constraints: Constraints
  /** Words for ranking the qualifying products (the catalog search). */
  query: string
}

/** Everything the visitor answered, as constraints: the pool, each slot, the extra words. */
export function constraintsOf(flow: FlowConfig, state: Pick<FlowState, 'slots' | 'extra'>, catalog: Catalog, vocabulary: Vocabulary, lang: Lang): FlowConstraints {
  const requirements: Requirement[] = []
  const query: string[] = []
  let budget: Budget | undefined
  let recipient: Audience | undefined
  const extra = [...(state.extra ?? [])]
  for (const slot of flow.slots) {
    const value = state.slots[slot.id]
    if (value === undefined) continue
    if (slot.type === 'money' && typeof value === 'object' && !Array.isArray(value)) budget = value
    else if (slot.type === 'enum') {
      for (const v of Array.isArray(value) ? value : [String(value)]) {
        const option = optionOf(slot, v)
        if (!option) continue
        requirements.push(optionRequirement(slot, option, lang))
        if (option.match.audience && !slot.multiple) recipient = option.match.audience
        query.push(option.value)
      }
    } else if (slot.type === 'number' && typeof value === 'number' && slot.attribute) {
      const key = slot.attribute
      requirements.push({ label: describeValue(slot, value, lang, 'CNY'), test: (p) => inRange(p, key, value), words: [key] })
    } else if (slot.type === 'text' && typeof value === 'string') {
      extra.push(value)
      query.push(value)
    }
  }
  // "水乳": one product type met by either of two kinds; the rest read like a typed request.
  const groups = extra.flatMap((w) => {
    const entry = groupTerm(w)
    return entry ? [{ entry, asked: w }] : []
  })
  const plain = extra.filter((w) => !groupTerm(w))
  const c = plain.length ? parseConstraints(plain.join('，'), catalog.all, vocabulary) : undefined
  const pool = poolTerm(flow)
  const terms = [{ entry: pool, asked: localized(flow.name, lang) }, ...(c?.terms ?? []).filter((t) => !isPoolTerm(t.entry, flow)), ...groups]
  // A flow whose pool has children's products among adults' (a gift watch) recommends them only
  // for a child: a skipped or unknown recipient means an adult's.
  const audienceSlot = flow.slots.find((slot) => slot.type === 'enum' && !slot.multiple && slot.options?.some((o) => o.match.audience === '儿童'))
  if (audienceSlot && recipient !== '儿童') requirements.push({ label: '', test: (p) => !madeFor(p, '儿童') || madeFor(p, '女士') || madeFor(p, '男士') })
  query.push(...(c?.terms ?? []).map((t) => t.asked))
  return {
    constraints: {
      terms,
      ...(budget && { budget }),
      ...(recipient && { recipient }),
      ...(c?.colour && { colour: c.colour }),
      requirements,
    },
    query: query.join(' '),
  }
}

/** A category or tag word of the flow's own products: "手表" in the gift-watch flow adds nothing. */
export function isPoolTerm(entry: TermEntry, flow: FlowConfig): boolean {
  const own = new Set([...flow.products.categories, ...flow.products.tags].map(lower))
  return entry.words.some((w) => own.has(lower(w)))
}

/** Every product meeting the constraints, in catalog order; only those with all the terms are checked. */
export function candidates(catalog: Catalog, c: Constraints): Product[] {
  const among = catalog.facets.docsMeeting(c.terms.map((t) => t.entry), c.budget, c.recipient)
  if (!among) return catalog.all.filter((p) => satisfies(p, c))
  const found: Product[] = []
  const docs: number[] = []
  // The facets checked the terms, the budget and the recipient (its audience facet) already, and
  // the requirements that can be asked by doc are asked so, before anything reads the product.
  const skip = { terms: true, budget: true, recipient: true }
  const byDoc = (c.requirements ?? []).flatMap((r) => (r.byDoc ? [r.byDoc(catalog.facets)] : []))
  const rest: Constraints = { ...c, requirements: (c.requirements ?? []).filter((r) => !r.byDoc) }
  // Reading a product object is what costs over tens of thousands of docs: only when a check needs it.
  const readProduct = rest.colour !== undefined || rest.requirements!.length > 0
  for (const doc of among) {
    if (!byDoc.every((test) => test(doc)) || (readProduct && !satisfies(catalog.all[doc]!, rest, skip))) continue
    found.push(catalog.all[doc]!)
    docs.push(doc)
  }
  docsOfList.set(found, { facets: catalog.facets, docs })
  return found
}

/** A flow's pool as catalog docs, worked out once per catalog and flow (a flow is a config object). */
const poolDocsOf = new WeakMap<Catalog, WeakMap<FlowConfig, number[]>>()

function poolDocs(catalog: Catalog, flow: FlowConfig): number[] {
  let byFlow = poolDocsOf.get(catalog)
  if (!byFlow) poolDocsOf.set(catalog, (byFlow = new WeakMap()))
  let docs = byFlow.get(flow)
  if (!docs) {
    const words = [...new Set([...flow.products.categories, ...flow.products.tags].map(lower))]
    const union = new Set(words.flatMap((w) => catalog.facets.docsWithOwnTerm(w)))
    byFlow.set(flow, (docs = [...union].sort((a, b) => a - b).filter((doc) => !catalog.all[doc]!.competitor)))
  }
  return docs
}

/** Products of the pool that have a term: "洁面" in the skincare flow has some, "耳机" in a watch flow none. */
export function poolHas(catalog: Catalog, flow: FlowConfig, entry: TermEntry): boolean {
  const mask = catalog.facets.termMask(entry)
  return poolDocs(catalog, flow).some((doc) => mask[doc] === 1)
}

/**
 * Whether asking a slot can still change the answer: an enum slot none of whose options any
 * remaining product has (a style for children's watches), a range no remaining product lists, or
 * anything at all when no product is left, is not worth a question.
 */
export function worthAsking(slot: FlowSlotConfig, remaining: readonly Product[]): boolean {
  if (!remaining.length) return false
  if (slot.type === 'enum') return (slot.options ?? []).some((o) => someMatch(remaining, o.match))
  if (slot.type === 'number') return slot.attribute !== undefined && remaining.some((p) => p.attributes[slot.attribute!] !== undefined)
  if (slot.type === 'money') return new Set(remaining.map((p) => p.price)).size > 1
  return true
}

/** The options worth offering first: those some remaining product has. */
export function viableOptions(slot: FlowSlotConfig, remaining: readonly Product[]): FlowOptionConfig[] {
  const options = slot.options ?? []
  const viable = options.filter((o) => someMatch(remaining, o.match))
  return [...viable, ...options.filter((o) => !viable.includes(o))]
}
