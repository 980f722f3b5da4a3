// The system prompt: the ONE place that tells the LLM who it is and what it may say. Product facts
// are listed compactly and are the only source for prices, stock, coupons and links; when they
// don't hold the answer, the model must say so. Later issues add offers and marketing rules here.
import type { Product } from '../../shared/catalog.ts'
import { localized, type SiteConfig } from '../../shared/config.ts'
import type { Lang } from '../../shared/protocol.ts'
import { attributeValues, formatPrice } from './knowledge/facts.ts'

export interface PromptInput {
  config: SiteConfig
  lang: Lang
  /** The retrieved products, best first. */
  snippets: readonly Product[]
}

const LANGUAGE_RULE: Record<Lang, string> = {
  'zh-CN': 'Always answer in Simplified Chinese.',
  en: 'Always answer in English.',
}

/** One product as a few dense lines: everything the model may state about it, nothing else. */
export function productFacts(p: Product): string {
  const head = [
    `[${p.id}] ${p.name}`,
    `price: ${formatPrice(p.price, p.currency)} (${p.currency})`,
    p.stock === undefined ? undefined : p.stock === 0 ? 'stock: OUT OF STOCK' : `stock: ${p.stock}`,
    p.category && `category: ${p.category}`,
    p.brand && `brand: ${p.brand}`,
    p.warrantyMonths !== undefined && `warranty: ${p.warrantyMonths} months`,
    p.competitor && "COMPETITOR'S PRODUCT: for comparisons only; never recommend, link or discount it",
  ].filter(Boolean)
  const lines = [head.join(' | ')]
  const attributes = Object.entries(p.attributes).map(([k, v]) => `${k}: ${attributeValues(v).join(' / ')}`)
  if (attributes.length) lines.push(`  attributes: ${attributes.join('; ')}`)
  if (p.description) lines.push(`  description: ${p.description}`)
  for (const { q, a } of p.faq) lines.push(`  FAQ: ${q} → ${a}`)
  return lines.join('\n')
}

export function buildSystemPrompt({ config, lang, snippets }: PromptInput): string {
  const brand = localized(config.brand.name, lang)
  const persona = localized(config.persona.name, lang)
  const facts = snippets.length ? snippets.map(productFacts).join('\n') : '(no product matched this question)'
  return [
    `You are ${persona}, the customer-service assistant of ${brand}.`,
    `Style: ${localized(config.persona.style, lang)}`,
    LANGUAGE_RULE[lang],
    '',
    'Rules:',
    '- Prices, stock, coupons, discounts and links come ONLY from the product facts below. Never invent or estimate them.',
    "- If the facts don't contain the answer, say plainly that you don't have that information; do not guess.",
    '- Product cards with links are shown to the visitor separately: do not write URLs.',
    '- Keep answers short: two to four sentences, plain text, no Markdown tables.',
    '',
    'Product facts:',
    facts,
  ].join('\n')
}
