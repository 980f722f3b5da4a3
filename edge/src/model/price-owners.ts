// Reading a model's sentence for the price guard (price-guard.ts): whether it points at the product
// in focus (它, 这款, this, it), names something the catalog doesn't sell, and whether an amount in
// it has a subject of its own ("X5 售价 ¥899，表带 59元": 59 is the 表带's). Which of our products it
// names is Catalog.mentions' job; this only reads what that can't.
import type { Product } from '../../../shared/catalog.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { findUnknownProduct } from '../knowledge/unknown.ts'

/** Words that point back at the product in focus (其它 is "other", not "it"). */
export const DEICTIC = /(?<!其)它|这款|该款|此款|本款|这一款|这台|这只|这件|这支|这套|这顶|\b(?:this|it|its)\b/i

/** Codes findUnknownProduct reads as models that are specs or currencies: SPF50, PA4, RMB1299. */
export const NOT_A_MODEL = /^(?:IPX?|USB|DDR|LPDDR|PM|CR|MP|BT|HDMI|WIFI|LTE|QC|PD|UV|SPF|PA|VC|VB|VE|RMB|CNY|USD|HKD|US|HK)\d/i

/**
 * Something product-like the catalog doesn't sell, as findUnknownProduct sees it: a model code it
 * doesn't know ("X9") or another brand ("小米手环"), not a spec or currency code; else undefined.
 */
export function unknownProductIn(text: string, catalog: Catalog): string | undefined {
  let rest = text
  for (let i = 0; i < 8; i++) {
    const unknown = findUnknownProduct(rest, catalog)
    if (!unknown) return undefined
    if (!unknown.codePrefix || !NOT_A_MODEL.test(unknown.asked)) return unknown.asked
    rest = rest.replace(unknown.asked, ' '.repeat(unknown.asked.length))
  }
  return undefined
}

/** A Chinese name with a model number inside: Han, 1–3 digits, then Han again ("云顶2帐篷"). */
const HAN_MODEL = /(\p{Script=Han}{2,})(\d{1,3})(?=(\p{Script=Han}))/gu
/** The same in a catalog record, also at the end of a name ("云顶2" as an alias). */
const HAN_CODE = /(\p{Script=Han}{2,})(\d{1,3})(?!\d)/gu
/** After a number: a counter or unit ("2人", "3年", "8折", "5000毫安"), not the rest of a name. */
const COUNTER = new Set([
  ...'个件只台套双对支瓶盒包袋张片块元角分年月日天周时小秒次人位岁米厘毫公千万亿百十克斤升寸英码层档挡级倍成折度瓦伏安种款色期段步项条根把颗粒名份杯碗号点核路键节区摄遍圈轮针孔口间室楼格屏季',
])
/** Before a number: a word that counts, prices or measures it ("买2送1", "第3代", "续航7"), not a name. */
const COUNTING = new Set([...'第买送赠减满约共仅只要需售卖价花省充续重长宽高厚剩还再每多少和或至及以近超达到为是有加用等前后内外上下距于给选换装带配含附够差比乘即就才单计持撑看大'])

const hanCodes = new WeakMap<Catalog, Set<string>>()

/** The catalog's own Chinese model names, as their last two Han characters and number ("云顶2"). */
function hanCodesOf(catalog: Catalog): Set<string> {
  let codes = hanCodes.get(catalog)
  if (!codes) {
    codes = new Set()
    for (const p of catalog.all) {
      for (const name of [p.id, p.name, ...p.aliases]) for (const m of name.matchAll(HAN_CODE)) codes.add(`${m[1]!.slice(-2)}${m[2]}`)
    }
    hanCodes.set(catalog, codes)
  }
  return codes
}

/**
 * A Chinese model name the catalog doesn't have ("云顶2帐篷" in a watch shop), which findUnknownProduct
 * (Latin codes, brands) doesn't see; else undefined.
 */
export function unknownHanModelIn(text: string, catalog: Catalog): string | undefined {
  for (const m of text.matchAll(HAN_MODEL)) {
    const [whole, han, digits, after] = m as unknown as [string, string, string, string]
    if (COUNTER.has(after) || COUNTING.has(han.at(-1)!)) continue
    if (!hanCodesOf(catalog).has(`${han.slice(-2)}${digits}`)) return `${whole}${after}`
  }
  return undefined
}

/** Whether a text names something product-like that the catalog doesn't sell. */
export function namesUnknownProduct(text: string, catalog: Catalog): boolean {
  return unknownProductIn(text, catalog) !== undefined || unknownHanModelIn(text, catalog) !== undefined
}

/** Where an amount's subject ends: the price word after it ("云顶2帐篷|售价", "X5 现在|只要", "The Z7 Lite |costs"). */
const PRICE_CUE =
  /售价|价格|价钱|价位|定价|报价|标价|要价|现价|特价|到手价|活动价|优惠价|折后价|一口价|会员价|售|卖|只要|只需|仅需|仅要|需要|才|需|要|是|为|\b(?:costs?|priced|sells?|is|are|for|at|only|just|now)\b/i
/** Words in a subject that name nothing: time, the shop, particles, pronouns. */
const FILLER = new RegExp(
  [
    String.raw`(?<!其)它们?|这款|该款|此款|本款|这一款|这台|这只|这件|这支|这套|这顶|这个`,
    '好的|是的|那么|另外|此外|而且|并且|同时|所以|因此|不过|但是|现在|目前|当前|如今|今天|眼下|最近|近期|官方|官网|店内|本店|我们|咱们|这边|平台|限时|统一|原本|平时|日常|实际|最终|总共|一共|合计|大约|大概|差不多|左右',
    '下单|购买|入手|拍下|领券|用券|券后|立减|优惠|折后|到手|买|减|省|返|抵|满',
    '现|只|仅|就|都|也|还|则|约|共|总|单|的|之|了|呢|啊|哦|吧|嗯|但|并',
    String.raw`\b(?:the|a|an|and|also|both|now|currently|today|of|its|it|this|one|price|is|are|only|just)\b`,
  ].join('|'),
  'gi',
)
/** Where a clause starts: after a comma or semicolon. */
const CLAUSE_MARK = /[，,；;]/g

/**
 * Where the price phrase of the amount at `at` starts: its clause's price word ("云顶2帐篷|售价1299元",
 * "小米手环|要 1299 元"), else the amount itself. Cutting there keeps what the clause names.
 */
export function pricePhraseStart(sentence: string, at: number): number {
  let start = 0
  for (const m of sentence.slice(0, at).matchAll(CLAUSE_MARK)) start = m.index + m[0].length
  const cue = PRICE_CUE.exec(sentence.slice(start, at))
  return cue ? start + cue.index : at
}

export type Labelled = Partial<Pick<Product, 'id' | 'name' | 'aliases' | 'category' | 'tags'>>

/** A product's words: names, category and tags, lower-cased and without spaces. */
function labelsOf(p: Labelled): string[] {
  return [p.id, p.name, ...(p.aliases ?? []), p.category, ...(p.tags ?? [])].flatMap((l) => (l ? [l.toLowerCase().replace(/\s+/g, '')] : []))
}

/**
 * Whether the amount at `at` has a subject of its own in its clause that is none of `owners`
 * ("X5 售价 ¥899，表带 59元": the 59 is the 表带's): such an amount never gets an owner's price.
 * `namesOwner` tells whether a text names one of the owners; the owners' names, category and tags
 * count too ("这款手表" of the X5 儿童智能手表). A clause with no subject ("，售价 ¥3299") has none.
 */
export function foreignSubject(sentence: string, at: number, owners: readonly Labelled[], namesOwner: (text: string) => boolean): boolean {
  let start = 0
  for (const m of sentence.slice(0, at).matchAll(CLAUSE_MARK)) start = m.index + m[0].length
  const before = sentence.slice(start, at)
  const cue = PRICE_CUE.exec(before)
  const subject = (cue ? before.slice(0, cue.index) : before).replace(FILLER, ' ')
  const words = subject.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
  if (!/\p{L}/u.test(words)) return false
  if (namesOwner(subject)) return false
  return !owners.some((o) => labelsOf(o).some((label) => label.includes(words)))
}
