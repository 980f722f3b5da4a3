// A product named the way visitors really name it: "清泉饮水机" for "清泉 PF-200 宠物智能饮水机",
// "the Summit backpack" for "Summit 40L Trekking Backpack". Exact names, aliases and model codes are
// mentions.ts's job; this takes the few best keyword matches and accepts one only when the question
// shares clearly more of its name than of any other's, and no model number in the question
// contradicts it ("云顶3帐篷" is not our 云顶2).
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from './catalog.ts'
import { normalize, tokenize } from './tokenize.ts'

/** Question words that never name a product, whatever a product's name contains. */
const NOT_NAMES = new Set(['多少', '什么', '怎么', '可以', '一下', '介绍', '请问', '这款', '那款', '一个', '哪个', '有没', '没有', '是不', '不是', '能不', '不能', '推荐', '价格', '多重', '多大', '多久', '多高'])
const CANDIDATES = 8
/** Shared name words needed, and the lead over the runner-up. */
const MIN_SCORE = 2
const MIN_LEAD = 1

/** The question names another model of this line: never this product, not even by its category. */
const CONTRADICTED = -1

const numbered = (token: string) => /\d/.test(token)

function nameScore(question: ReadonlySet<string>, p: Product): number {
  const name = new Set(tokenize([p.name, ...p.aliases, p.brand ?? ''].join(' ')))
  const category = new Set(tokenize(p.category ?? ''))
  let score = 0
  for (const t of question) {
    if (name.has(t)) score += 1
    else if (category.has(t)) score += 0.5
  }
  // A model number in the question that the name lacks, where the name has its own: another model.
  const own = [...name].filter(numbered)
  const asked = [...question].filter(numbered)
  if (own.length && asked.length && !asked.some((t) => name.has(t))) return CONTRADICTED
  return score
}

export function looselyNamed(catalog: Catalog, question: string): Product | undefined {
  const words = new Set(tokenize(question).filter((t) => t.length >= 2 && !NOT_NAMES.has(t)))
  if (!words.size) return undefined
  const ranked = catalog.search(question, { limit: CANDIDATES }).map(({ product }) => ({ product, score: nameScore(words, product) }))
  ranked.sort((a, b) => b.score - a.score)
  const [best, second] = ranked
  if (best && best.score >= MIN_SCORE && best.score - (second?.score ?? 0) >= MIN_LEAD) return best.product
  return onlyOneOfItsKind(catalog, question, new Set(ranked.filter((r) => r.score === CONTRADICTED).map((r) => r.product.id)))
}

/**
 * "狗粮保质期多久" in a shop with one dog food: the category named is that product, unless the
 * question names another model of it ("净界S2猫砂盆" when we sell the S1).
 */
function onlyOneOfItsKind(catalog: Catalog, question: string, contradicted: ReadonlySet<string>): Product | undefined {
  const product = catalog.facets.soleProductNamedIn(normalize(question))
  return product && !contradicted.has(product.id) ? product : undefined
}
