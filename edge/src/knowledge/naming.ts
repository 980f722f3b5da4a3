// Which products a message names: exactly (name, alias, id, model code: mentions.ts), else loosely
// as visitors do ("清泉饮水机": loose-names.ts) when the message is not a request to find products
// or about a product the shop doesn't sell.
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from './catalog.ts'
import { pointsAtFocus } from './follow-up.ts'
import { asksForFact } from './question.ts'
import { looselyNamed } from './loose-names.ts'
import { findUnknownProduct } from './unknown.ts'

/** Words that ask for a product to be found, rather than for a fact about one. */
export const RECOMMEND_CUE = /推荐|有什么|有哪些|有啥|买什么|买啥|买哪|想买|想要|选哪|哪款好|送给|送|礼物|适合.{0,8}的|\b(recommend|suggest|looking for|gift|options|any|what .{0,20}(should|do you have))\b/i

/** "有降噪耳机吗", "300元以内的耳机", "do you sell tents": a search, even when one product fits it. */
const ASKS_TO_FIND = /^(请问)?(你们|店里|这里)?(有没有|有无|有卖|有(?![点些的]))|以内|以下|之内|左右|预算|便宜(一)?点的|\b(do you (have|sell|carry)|under|below|cheaper|budget)\b/i

export function namedIn(text: string, catalog: Catalog): Product[] {
  const named = catalog.mentions(text)
  // "这支口红有什么色号" points at one product: its words are not a search.
  // "云顶帐篷有什么颜色" asks a fact of one product, though "有什么" also starts searches.
  const search = !pointsAtFocus(text) && (ASKS_TO_FIND.test(text) || (RECOMMEND_CUE.test(text) && !asksForFact(text)))
  if (named.length || search || findUnknownProduct(text, catalog)) return named
  // "清泉饮水机和暖窝宠物床哪个…": each side of a comparison names its own product.
  const sides = text.split(SIDES).filter((side) => side.trim())
  if (sides.length >= 2) {
    const each = sides.map((side) => looselyNamed(catalog, side))
    const found = [...new Set(each.filter((p): p is Product => p !== undefined))]
    if (found.length >= 2) return found
  }
  const loose = looselyNamed(catalog, text)
  return loose ? [loose] : []
}

/** What separates the products of a comparison. */
const SIDES = /和|跟|与|还是|对比|相比|比(?!如|较)|\b(?:vs\.?|versus|or|and|compared? (?:to|with))\b/i
