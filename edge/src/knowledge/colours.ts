// Colour words a visitor may ask for ("有紫色吗", "in purple?") and how they meet a product's
// colour values: an honest yes with the matching values, or a no with what it does come in.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'

/** `stem` is what a catalog value contains ("深空紫" has 紫). */
interface Colour {
  zh: string
  stem: string
  en: RegExp
}

const COLOURS: Colour[] = [
  { zh: '紫色', stem: '紫', en: /\b(purple|violet)\b/i },
  { zh: '黑色', stem: '黑', en: /\bblack\b/i },
  { zh: '白色', stem: '白', en: /\bwhite\b/i },
  { zh: '粉色', stem: '粉', en: /\bpink\b/i },
  { zh: '蓝色', stem: '蓝', en: /\bblue\b/i },
  { zh: '绿色', stem: '绿', en: /\bgreen\b/i },
  { zh: '黄色', stem: '黄', en: /\byellow\b/i },
  { zh: '红色', stem: '红', en: /\bred\b/i },
  { zh: '金色', stem: '金', en: /\bgold(en)?\b/i },
  { zh: '银色', stem: '银', en: /\bsilver\b/i },
  { zh: '灰色', stem: '灰', en: /\bgr[ae]y\b/i },
  { zh: '透明', stem: '透明', en: /\b(clear|transparent)\b/i },
]

const COLOUR_KEYS = ['颜色', 'colour', 'color', '色号', '色系']
const COLOUR_KEY = /^(颜色|色号|配色|colou?rs?)(\b|$)|colou?rs?$/i

export interface ColourAsk {
  /** The colour as the visitor asked for it, in their language. */
  asked: string
  /** The product's matching colour values; empty when it has none of that colour. */
  matches: string[]
  /** All colours the product comes in (empty when the catalog does not say). */
  available: string[]
}

/** A one-character stem followed by 色/的/款; compiled once, as every turn asks about every colour. */
const ZH_MENTION = new Map(COLOURS.map((c) => [c, new RegExp(`${c.stem}[色的款]`)]))

/** "紫色", "紫的", "紫款", but not the 金 of "金属" or the 白 of "明白". */
function mentions(question: string, colour: Colour): boolean {
  const zh = colour.stem.length > 1 ? question.includes(colour.stem) : ZH_MENTION.get(colour)!.test(question)
  return zh || colour.en.test(question)
}

function askedColour(question: string): Colour | undefined {
  return COLOURS.find((c) => mentions(question, c))
}

export function colourValues(product: Product): string[] {
  // "颜色", "Colors", "colour options": the shop's own spelling of the key.
  const key = COLOUR_KEYS.find((k) => k in product.attributes) ?? Object.keys(product.attributes).find((k) => COLOUR_KEY.test(k))
  const value = key === undefined ? undefined : product.attributes[key]
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String)
}

const matching = (colour: Colour, values: readonly string[]) => values.filter((v) => v.includes(colour.stem) || colour.en.test(v))

export function asksColour(question: string): boolean {
  return askedColour(question) !== undefined
}

/** The colour the question asks for, against this product's colours. */
export function colourAsk(question: string, product: Product, lang: Lang): ColourAsk | undefined {
  const colour = askedColour(question) ?? shopColour(question, product)
  if (!colour) return undefined
  const available = colourValues(product)
  const enWord = question.match(colour.en)?.[0]
  return { asked: lang === 'en' && enWord ? enWord.toLowerCase() : colour.zh, matches: matching(colour, available), available }
}

/** "豆沙色", "奶茶色": a shade by its own name, asked of a product that lists colours. */
const NAMED_SHADE = /(\p{Script=Han}{1,2})色(?![号系彩调])/u
const NOT_A_SHADE = /^(?:.*[颜什么几哪些啥这那各单双多有的是])$|^(?:特|出|肤|配|本|纯|成|音|景|脸|气|货|绝|角|变|褪|掉)$/u

function shopColour(question: string, product: Product): Colour | undefined {
  const shade = NAMED_SHADE.exec(question)?.[1]?.replace(/^[要想选买个款种]/, '')
  if (!shade || NOT_A_SHADE.test(shade) || !colourValues(product).length) return undefined
  return { zh: `${shade}色`, stem: shade, en: /(?!)/ }
}

/** The colour asked for, as a filter for recommendations ("有紫色的手机吗"). */
export function colourFilter(question: string): { label: string; test: (p: Product) => boolean } | undefined {
  const colour = askedColour(question)
  return colour && { label: colour.zh, test: (p) => matching(colour, colourValues(p)).length > 0 }
}
