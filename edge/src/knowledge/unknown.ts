// Products we don't sell: a model code the catalog doesn't know ("X9 多少钱") or another brand's
// product ("小米手环", "iPhone 15"). The answer must say so rather than quote the price of whatever
// product was in focus, and point at the closest real ones.
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from './catalog.ts'
import { exampleProducts } from './examples.ts'
import { modelCodes } from './follow-up.ts'
import { wordsPattern } from './synonyms.ts'

/** Well-known brands people ask shops about. A brand the catalog itself carries is never "unknown". */
const OTHER_BRANDS = [
  '小米', '华为', '苹果', '三星', '荣耀', 'OPPO', 'vivo', '一加', '魅族', '索尼', '小天才', '米兔', '华米',
  'Apple', 'iPhone', 'iPad', 'AirPods', 'Samsung', 'Huawei', 'Xiaomi', 'Sony', 'Honor', 'Redmi', 'Pixel', 'Garmin', '佳明',
  'Bose', 'Beats', '兰蔻', '雅诗兰黛', '欧莱雅', '资生堂', '迪奥', '香奈儿', 'Lancome', 'Estee Lauder', "L'Oreal", 'Shiseido',
  'Dior', 'Chanel', '卡西欧', '浪琴', '天梭', '劳力士', '欧米茄', 'Casio', 'Longines', 'Tissot', 'Rolex', 'Omega', 'Swatch',
]
/** Codes that are specs, not models: IP68, USB3, PM2.5, 5G… */
const SPEC_CODE = /^(ip|ipx|usb|pm|wifi|bt|h|no|top|gen|v|ver)\d/i
const CODE = /(?<![A-Za-z0-9])[A-Za-z]{1,3}\d{1,4}[A-Za-z]?(?![A-Za-z0-9])/g
/** Where the product words after a brand end: "华为手表多少钱" → "华为手表". */
const QUESTION_TAIL = /(多少钱|价格|怎么样|好不好|有没有|有吗|有货|吗|呢|的|是|有|卖|多少|贵|和|与|比|跟).*$/

export interface UnknownProduct {
  /** The name as the visitor wrote it: "X9", "小米手环". */
  asked: string
  /** For a model code: its letters ("X"), to find our models of the same line. */
  codePrefix?: string
}

const knownCodes = new WeakMap<Catalog, Set<string>>()

function codesOf(catalog: Catalog): Set<string> {
  let codes = knownCodes.get(catalog)
  if (!codes) {
    const texts = catalog.all.flatMap((p) => [p.name, p.id, ...p.aliases])
    knownCodes.set(catalog, (codes = new Set(texts.flatMap(modelCodes).map((c) => c.toLowerCase()))))
  }
  return codes
}

const otherBrands = new WeakMap<Catalog, RegExp>()

/** Well-known brands this shop doesn't carry, as one pattern; built once per catalog (230k records). */
function otherBrandsOf(catalog: Catalog): RegExp {
  let pattern = otherBrands.get(catalog)
  if (!pattern) {
    const ours = new Set(catalog.all.flatMap((p) => (p.brand ? [p.brand.toLowerCase()] : [])))
    otherBrands.set(catalog, (pattern = wordsPattern(OTHER_BRANDS.filter((b) => !ours.has(b.toLowerCase())))))
  }
  pattern.lastIndex = 0
  return pattern
}

/** Words that stand for "another brand" in general, not a brand's name: a record's brand "其他品牌" names nobody. */
const GENERIC_BRAND = /^(?:其他品牌|其它品牌|别的品牌|其他|竞品|other brands?|competitors?|unknown|未知)$/i

interface RivalBrands {
  pattern: RegExp
  /** Lower-cased brand → the competitor records we keep for it. */
  records: Map<string, Product[]>
}

const rivalBrands = new WeakMap<Catalog, RivalBrands>()

function rivalBrandsOf(catalog: Catalog): RivalBrands {
  let known = rivalBrands.get(catalog)
  if (!known) {
    const ours = new Set<string>()
    const records = new Map<string, Product[]>()
    for (const p of catalog.all) {
      if (!p.brand) continue
      if (!p.competitor) ours.add(p.brand.toLowerCase())
      else if (!GENERIC_BRAND.test(p.brand.trim())) records.set(p.brand.toLowerCase(), [...(records.get(p.brand.toLowerCase()) ?? []), p])
    }
    for (const brand of ours) records.delete(brand)
    const names = [...OTHER_BRANDS.filter((b) => !ours.has(b.toLowerCase())), ...[...records.values()].map((list) => list[0]!.brand!)]
    rivalBrands.set(catalog, (known = { pattern: wordsPattern(names), records }))
  }
  known.pattern.lastIndex = 0
  return known
}

/**
 * Another brand the question names ("X5和小天才哪个好", "Z7比华为好在哪"), with the competitor records
 * the catalog keeps for it: none for a brand we know nothing about. Our own brands never count.
 */
export function namedRivalBrand(question: string, catalog: Catalog): { brand: string; records: Product[] } | undefined {
  const { pattern, records } = rivalBrandsOf(catalog)
  const hit = pattern.exec(question)
  if (!hit) return undefined
  const brand = OTHER_BRANDS.find((b) => b.toLowerCase() === hit[0].toLowerCase()) ?? hit[0]
  return { brand, records: records.get(hit[0].toLowerCase()) ?? [] }
}

export function findUnknownProduct(question: string, catalog: Catalog): UnknownProduct | undefined {
  const known = codesOf(catalog)
  for (const m of question.matchAll(CODE)) {
    const code = m[0]
    if (!known.has(code.toLowerCase()) && !SPEC_CODE.test(code)) return { asked: code, codePrefix: code.match(/^[A-Za-z]+/)![0] }
  }
  // exec, not match: the pattern is global, and only exec gives the hit's index.
  const hit = otherBrandsOf(catalog).exec(question)
  if (!hit) return undefined
  const after = question.slice(hit.index + hit[0].length)
  const model = after.match(/^\s?(?:\d+|[A-Za-z]+\d*)(?:\s?(?:Pro|Max|Plus|Ultra|mini|Lite))?/i)?.[0] ?? ''
  const words = after.slice(model.length).match(/^\p{Script=Han}{0,4}/u)![0].replace(QUESTION_TAIL, '')
  return { asked: `${hit[0]}${model}${words}`.trim() }
}

const MAX_CLOSEST = 3

/** Our products of the same model line ("X9" → X5), else the best search matches for the rest of the question. */
export function closestProducts(catalog: Catalog, unknown: UnknownProduct, question: string, filter?: (p: Product) => boolean): Product[] {
  const allowed = (p: Product) => !p.competitor && (!filter || filter(p))
  if (unknown.codePrefix) {
    const prefix = unknown.codePrefix.toLowerCase()
    const line = catalog.all.filter((p) => allowed(p) && p.aliases.length > 0 && [p.name, ...p.aliases].flatMap(modelCodes).some((c) => c.toLowerCase().startsWith(prefix) && /\d/.test(c.slice(prefix.length, prefix.length + 1))))
    if (line.length) return line.slice(0, MAX_CLOSEST)
  }
  const rest = question.replace(unknown.asked, ' ')
  const found = catalog.search(rest, { limit: MAX_CLOSEST, filter: allowed })
  // With a category to go by ("华为手表" → 手表), that category's products in catalog order.
  const listed = found.length || !filter ? found : catalog.search('', { limit: MAX_CLOSEST, filter: allowed })
  // Nothing alike at all: still a few real products rather than none.
  return listed.length ? listed.map((h) => h.product) : exampleProducts(catalog, MAX_CLOSEST)
}
