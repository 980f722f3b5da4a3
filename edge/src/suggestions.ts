// Quick replies after an answer: the things a visitor typically asks next about the same product
// (price, colours, battery…) minus what they just asked, in their language. With no product in
// play, the site's own greeting suggestions.
import type { Product } from '../../shared/catalog.ts'
import { localized, type SiteConfig } from '../../shared/config.ts'
import type { Lang } from '../../shared/protocol.ts'
import { shortName } from './knowledge/facts.ts'
import { ATTRIBUTE_TOPICS, asksColour, asksPrice } from './knowledge/question.ts'

const MAX_REPLIES = 3
const MIN_REPLIES = 2

const PRICE_REPLY: Record<Lang, (name: string) => string> = {
  'zh-CN': (n) => `${n} 多少钱？`,
  en: (n) => `How much is ${n}?`,
}

export interface SuggestInput {
  subjects: readonly Product[]
  question: string
  lang: Lang
  config: SiteConfig
}

export function suggestReplies({ subjects, question, lang, config }: SuggestInput): string[] {
  const general = config.greeting.suggestions.map((s) => localized(s, lang))
  const product = subjects.find((p) => !p.competitor)
  if (!product) return general.slice(0, MAX_REPLIES)

  const name = shortName(product)
  const replies: string[] = []
  if (!asksPrice(question)) replies.push(PRICE_REPLY[lang](name))
  for (const topic of ATTRIBUTE_TOPICS) {
    const asked = topic.asks.test(question) || (topic.keys.includes('颜色') && asksColour(question))
    if (!asked && topic.keys.some((k) => k in product.attributes)) replies.push(topic.suggest[lang](name))
  }
  // FAQ questions are in the catalog's language; offer them only to visitors who speak it.
  if (lang === 'zh-CN') {
    for (const { q } of product.faq) if (!question.includes(q)) replies.push(`${name} ${q.replace(/[?？]$/, '')}？`)
  }
  // A product with few known attributes still gets a useful pair of replies.
  for (const reply of general) if (replies.length < MIN_REPLIES && reply !== question) replies.push(reply)
  return replies.slice(0, MAX_REPLIES)
}
