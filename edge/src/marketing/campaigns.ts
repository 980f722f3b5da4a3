// Landing keyword → campaign, and the campaign's opener filled in from the catalog. Search keywords
// are free text ("儿童智能手表定位", "儿童 手表 定位 推荐"), so a keyword group matches when each of its
// words is in the keyword, exactly or by most of its character bigrams ("儿童手表" in "儿童智能手表":
// 儿童, 手表 of 儿童/童手/手表). Facts in the opener come from the catalog record, never the config text.
import type { Product } from '../../../shared/catalog.ts'
import { localized, type CampaignConfig, type LocalizedText } from '../../../shared/config.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { attributeValues, formatPrice } from '../knowledge/facts.ts'
import { normalizeKeyword } from './keyword.ts'

/** Share of a word's bigrams the keyword must hold for a partial match. */
const BIGRAM_SHARE = 2 / 3

const compact = (text: string) => normalizeKeyword(text).replace(/ /g, '')

function bigrams(text: string): string[] {
  const chars = [...text]
  return chars.length < 2 ? [text] : chars.slice(1).map((c, i) => chars[i]! + c)
}

/** How well one word is in the keyword: 1 contained, a bigram share at or above the threshold, else 0. */
export function wordScore(word: string, keyword: string): number {
  const w = compact(word)
  if (!w) return 0
  if (keyword.includes(w)) return 1
  const grams = bigrams(w)
  const share = grams.filter((g) => keyword.includes(g)).length / grams.length
  return share >= BIGRAM_SHARE ? share : 0
}

/** The campaign whose best keyword group matches best (every word of the group must match). */
export function matchCampaign(keyword: string, campaigns: readonly CampaignConfig[]): CampaignConfig | undefined {
  const k = compact(keyword)
  let best: { campaign: CampaignConfig; score: number } | undefined
  for (const campaign of campaigns) {
    for (const group of campaign.keywords) {
      const scores = group.map((w) => wordScore(w, k))
      if (scores.some((s) => s === 0)) continue
      // Longer groups that match say more about the visitor: weigh by matched characters.
      const score = scores.reduce((sum, s, i) => sum + s * [...group[i]!].length, 0)
      if (!best || score > best.score) best = { campaign, score }
    }
  }
  return best?.campaign
}

function fact(product: Product, path: string[]): string | undefined {
  const [field, key] = path
  if (field === 'price' && !key) return formatPrice(product.price, product.currency)
  if (field === 'attributes' && key) {
    const value = product.attributes[key]
    return value === undefined ? undefined : attributeValues(value).join('、')
  }
  if (key) return undefined
  const value = (product as unknown as Record<string, unknown>)[field!]
  if (typeof value === 'string' || typeof value === 'number') return String(value)
  if (Array.isArray(value)) return value.join('、')
  return undefined
}

/**
 * `{x5.name}`, `{x5.attributes.定位}`, `{x5.price}` from the catalog, `{keyword}` from the visitor.
 * undefined when a placeholder names no catalog fact: better the default opener than a wrong one.
 */
export function fillTemplate(template: string, catalog: Catalog, vars: Record<string, string> = {}): string | undefined {
  let missing = false
  const text = template.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    if (name in vars) return vars[name]!
    const [id, ...path] = name.split('.')
    const product = id ? catalog.get(id) : undefined
    const value = product && !product.competitor && path.length ? fact(product, path) : undefined
    if (value === undefined) missing = true
    return value ?? whole
  })
  return missing ? undefined : text
}

export function fillLocalized(text: LocalizedText, lang: string, catalog: Catalog, vars: Record<string, string> = {}): string | undefined {
  return fillTemplate(localized(text, lang), catalog, vars)
}
