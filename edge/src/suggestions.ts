// Quick replies after an answer, in the visitor's language: about a product, the things people
// typically ask next (price, colours, battery…) minus what was just asked; after a recommendation,
// how the top picks differ and whether there are more; with no product in play, the site's own
// greeting suggestions. The attribute questions come from the vocabulary, so a site's own
// attributes (机芯, 表径…) are suggested too.
import type { Product } from '../../shared/catalog.ts'
import { localized, type SiteConfig } from '../../shared/config.ts'
import type { Lang } from '../../shared/protocol.ts'
import { shortName } from './knowledge/facts.ts'
import type { ProductAnswer, TurnPlan } from './knowledge/plan.ts'
import { analyzeQuestion, type QuestionAnalysis } from './knowledge/question.ts'
import type { AttributeEntry, Vocabulary } from './knowledge/synonyms.ts'

const MAX_REPLIES = 3
/** A flow's question may offer every option plus 跳过. */
const MAX_DIALOGUE_REPLIES = 5
const MIN_REPLIES = 2

const TEXTS: Record<Lang, { differ: (a: string, b: string) => string; more: string; human: string }> = {
  'zh-CN': { differ: (a, b) => `${a} 和 ${b} 有什么区别？`, more: '还有别的吗？', human: '转人工' },
  en: { differ: (a, b) => `What's the difference between ${a} and ${b}?`, more: 'Any others?', human: 'Talk to a person' },
}

/**
 * After a turn that shows no products: an upset visitor is offered a person (when the site hands
 * off on request), never more product questions; small talk gets the site's greeting suggestions.
 */
export function calmReplies(upset: boolean, config: SiteConfig, lang: Lang): string[] {
  if (upset) return config.handoff.rules.asked ? [TEXTS[lang].human] : []
  return config.greeting.suggestions.map((s) => localized(s, lang)).slice(0, MAX_REPLIES)
}

export interface SuggestInput {
  plan: TurnPlan
  question: string
  lang: Lang
  config: SiteConfig
  vocabulary: Vocabulary
}

/** Where the product lists an entry's attribute; price first. Catalogs list what matters most first. */
function position(entry: AttributeEntry, product: Product): number {
  if (entry.keys[0] === 'price') return -1
  const keys = Object.keys(product.attributes)
  const found = entry.keys.map((k) => keys.indexOf(k)).filter((i) => i >= 0)
  return found.length ? Math.min(...found) : Number.MAX_SAFE_INTEGER
}

/** Questions about `product` that `asked` did not already answer, in the product's attribute order. */
function productReplies(product: Product, asked: QuestionAnalysis, lang: Lang, vocabulary: Vocabulary, skipKeys: readonly string[] = []): string[] {
  const name = shortName(product, lang)
  const replies: string[] = []
  const entries = [...vocabulary.attributes].sort((a, b) => position(a, product) - position(b, product))
  for (const entry of entries) {
    const [key] = entry.keys
    if (key === 'stock' || skipKeys.some((k) => entry.keys.includes(k))) continue
    if (key === 'price' ? asked.price : !entry.keys.some((k) => k in product.attributes)) continue
    if (asked.attributes.some((a) => a.entry === entry || (a.key !== undefined && entry.keys.includes(a.key)))) continue
    if (asked.colour && entry.keys.includes('颜色')) continue
    const reply = vocabulary.ask(entry, name, lang)
    if (reply) replies.push(tidyJoin(reply, name))
  }
  // FAQ questions are in the catalog's language; offer them only to visitors who speak it.
  if (lang === 'zh-CN') {
    for (const { q } of product.faq) if (asked.faq?.q !== q) replies.push(tidyJoin(`${name} ${q.replace(/[?？]$/, '')}？`, name))
  }
  return replies
}

const NOTHING_ASKED: QuestionAnalysis = { price: false, stock: false, attributes: [] }

/**
 * What a visitor looking at `product` might ask first (the product page's opener): its price, then
 * its attributes in catalog order, in the visitor's language. Empty for a rival's product.
 */
export function productQuestions(product: Product, lang: Lang, vocabulary: Vocabulary, max = MAX_REPLIES): string[] {
  if (product.competitor) return []
  return [...new Set(productReplies(product, NOTHING_ASKED, lang, vocabulary))].slice(0, max)
}

/** Chinese needs no space between a name ending in a Han character and the question: "R1口红有哪些颜色？", yet "Z7 多少钱？". */
const HAN_END = /[\p{Script=Han}）)】」』]$/u
function tidyJoin(reply: string, name: string): string {
  if (!HAN_END.test(name) || !reply.startsWith(`${name} `)) return reply
  const rest = reply.slice(name.length + 1)
  return /^\p{Script=Han}/u.test(rest) ? name + rest : reply
}

function planReplies({ plan, question, lang, vocabulary }: SuggestInput): string[] {
  const analyse = (p: Product) => analyzeQuestion(question, p, lang, vocabulary)
  switch (plan.kind) {
    case 'recommend': {
      const { picks, nearest, more } = plan.recommendation
      const shown = (picks.length ? picks : nearest).map((p) => p.product)
      const [a, b] = shown
      // Comparing a watch with a phone helps nobody: only picks of one category.
      const replies = a && b && a.category === b.category ? [TEXTS[lang].differ(shortName(a, lang), shortName(b, lang))] : []
      // The answer showed each price: suggest another fact about the top pick.
      if (a) replies.push(...productReplies(a, { ...analyse(a), price: true }, lang, vocabulary).slice(0, 1))
      if (more) replies.push(TEXTS[lang].more)
      return replies
    }
    case 'compare': {
      // The table answered the shared attributes; suggest what it could not show.
      const ours = plan.table.products.find((p) => !p.competitor)
      const shown = plan.table.products.length > 1 ? plan.table.rows.map((r) => r.key) : []
      return ours ? productReplies(ours, { ...analyse(ours), price: true }, lang, vocabulary, shown) : []
    }
    case 'unknown':
      return plan.closest.slice(0, 2).flatMap((p) => productReplies(p, analyse(p), lang, vocabulary).slice(0, 1))
    case 'dialogue':
      return plan.reply.suggestions
    case 'product':
    case 'general': {
      const first = plan.answers.find((a: ProductAnswer) => !a.product.competitor)
      return first ? productReplies(first.product, first.analysis, lang, vocabulary) : []
    }
  }
}

export function suggestReplies(input: SuggestInput): string[] {
  // A dialogue (handoff, flow, after-sales) chose its quick replies: none means none, never a sales pitch.
  if (input.plan.kind === 'dialogue') return input.plan.reply.suggestions.slice(0, MAX_DIALOGUE_REPLIES)
  const general = input.config.greeting.suggestions.map((s) => localized(s, input.lang))
  const replies = [...new Set(planReplies(input))].filter((r) => r !== input.question)
  if (!replies.length) return general.slice(0, MAX_REPLIES)
  // A product with few known attributes still gets a useful pair of replies.
  for (const reply of general) if (replies.length < MIN_REPLIES && reply !== input.question) replies.push(reply)
  return replies.slice(0, MAX_REPLIES)
}
