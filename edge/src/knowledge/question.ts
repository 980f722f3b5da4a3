// What a question asks about a product: its price, stock, a colour, an attribute, or one of its FAQ.
// Shared by the offline responder (to answer) and the quick replies (to suggest what was not asked).
// The synonym table is code for now; issue 4 makes it configurable per site.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { compact, hanBigrams, latinWords } from './text.ts'

export interface AttributeTopic {
  /** Catalog attribute keys that answer it, most specific first. */
  keys: string[]
  asks: RegExp
  label: Record<Lang, string>
  /** A quick reply asking about it, for a product's short name. */
  suggest: Record<Lang, (name: string) => string>
}

export const ATTRIBUTE_TOPICS: AttributeTopic[] = [
  { keys: ['颜色', '色号', '色系'], asks: /颜色|什么色|几种色|哪些色|\bcolou?rs?\b/i, label: { 'zh-CN': '颜色', en: 'colours' },
    suggest: { 'zh-CN': (n) => `${n} 有哪些颜色？`, en: (n) => `What colours does ${n} come in?` } },
  { keys: ['内存', '存储'], asks: /内存|存储|运存|\bmemory\b|\bstorage\b|\bram\b/i, label: { 'zh-CN': '内存', en: 'memory' },
    suggest: { 'zh-CN': (n) => `${n} 内存多大？`, en: (n) => `How much memory does ${n} have?` } },
  { keys: ['续航', '电池'], asks: /续航|电池|待机|电量|\bbattery\b/i, label: { 'zh-CN': '续航', en: 'battery life' },
    suggest: { 'zh-CN': (n) => `${n} 续航多久？`, en: (n) => `How long does the ${n} battery last?` } },
  { keys: ['防水指数', '防水'], asks: /防水|进水|waterproof|water.?resist/i, label: { 'zh-CN': '防水', en: 'water resistance' },
    suggest: { 'zh-CN': (n) => `${n} 防水吗？`, en: (n) => `Is ${n} waterproof?` } },
  { keys: ['定位'], asks: /定位|位置|\bgps\b|locat|position/i, label: { 'zh-CN': '定位', en: 'positioning' },
    suggest: { 'zh-CN': (n) => `${n} 定位准吗？`, en: (n) => `How accurate is the ${n} positioning?` } },
  { keys: ['重量'], asks: /重量|多重|多少克|重不重|重吗|\bweigh|\bheavy\b/i, label: { 'zh-CN': '重量', en: 'weight' },
    suggest: { 'zh-CN': (n) => `${n} 有多重？`, en: (n) => `How heavy is ${n}?` } },
  { keys: ['屏幕'], asks: /屏幕|屏|\bscreen\b|\bdisplay\b/i, label: { 'zh-CN': '屏幕', en: 'screen' },
    suggest: { 'zh-CN': (n) => `${n} 屏幕多大？`, en: (n) => `How big is the ${n} screen?` } },
  { keys: ['摄像头'], asks: /摄像|拍照|像素|\bcamera\b|\bphotos?\b/i, label: { 'zh-CN': '摄像头', en: 'camera' },
    suggest: { 'zh-CN': (n) => `${n} 拍照怎么样？`, en: (n) => `How good is the ${n} camera?` } },
  { keys: ['适用年龄', '适用人群'], asks: /年龄|几岁|适合谁|适用人群|\bages?\b|who is it for/i, label: { 'zh-CN': '适用人群', en: 'who it suits' },
    suggest: { 'zh-CN': (n) => `${n} 适合什么人？`, en: (n) => `Who is ${n} for?` } },
  { keys: ['肤质'], asks: /肤质|什么皮肤|skin type/i, label: { 'zh-CN': '适用肤质', en: 'skin types' },
    suggest: { 'zh-CN': (n) => `${n} 适合什么肤质？`, en: (n) => `Which skin types is ${n} for?` } },
  { keys: ['容量', '净含量'], asks: /容量|净含量|多少毫升|多少克|\bvolume\b|\bml\b/i, label: { 'zh-CN': '容量', en: 'size' },
    suggest: { 'zh-CN': (n) => `${n} 容量多少？`, en: (n) => `What size is ${n}?` } },
  { keys: ['材质', '表带'], asks: /材质|材料|表带|\bmaterial\b|\bstrap\b/i, label: { 'zh-CN': '材质', en: 'material' },
    suggest: { 'zh-CN': (n) => `${n} 是什么材质？`, en: (n) => `What is ${n} made of?` } },
]

const ASKS_PRICE = /多少钱|价格|价钱|售价|几块|贵不贵|贵吗|报价|\bhow much\b|\bprice\b|\bcosts?\b/i
const ASKS_STOCK = /有货|库存|现货|缺货|断货|卖完|\bin stock\b|out of stock|\bavailab|sold out/i

/** Colour words a visitor may ask for; `stem` is what a catalog value contains ("深空紫" has 紫). */
const COLOURS: { zh: string; stem: string; en: RegExp }[] = [
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

export interface ColourAsk {
  /** The colour as the visitor asked for it, in their language. */
  asked: string
  /** The product's matching colour values; empty when it has none of that colour. */
  matches: string[]
  /** All colours the product comes in (empty when the catalog does not say). */
  available: string[]
}

export interface QuestionAnalysis {
  price: boolean
  stock: boolean
  colour?: ColourAsk
  /** An attribute the question asks about and the product's key and values for it. */
  attribute?: { topic?: AttributeTopic; key?: string; values: Product['attributes'][string] | undefined }
  faq?: Product['faq'][number]
}

/** "紫色", "紫的", "紫款", but not the 金 of "金属" or the 白 of "明白". */
function mentionsColour(question: string, colour: (typeof COLOURS)[number]): boolean {
  if (colour.stem.length > 1) return question.includes(colour.stem)
  return new RegExp(`${colour.stem}[色的款]`).test(question)
}

function colourValues(product: Product): string[] {
  const value = product.attributes['颜色'] ?? product.attributes['colour'] ?? product.attributes['color']
  return value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String)
}

function askedColour(question: string, product: Product, lang: Lang): ColourAsk | undefined {
  const colour = COLOURS.find((c) => mentionsColour(question, c) || c.en.test(question))
  if (!colour) return undefined
  const available = colourValues(product)
  const enWord = question.match(colour.en)?.[0]
  const matches = available.filter((v) => v.includes(colour.stem) || colour.en.test(v))
  return { asked: lang === 'en' && enWord ? enWord.toLowerCase() : colour.zh, matches, available }
}

/** A FAQ entry whose question is (mostly) contained in the visitor's question. */
function matchingFaq(question: string, product: Product): Product['faq'][number] | undefined {
  const q = compact(question)
  const qBigrams = new Set(hanBigrams(question))
  const qWords = new Set(latinWords(question))
  return product.faq.find((entry) => {
    if (q.includes(compact(entry.q))) return true
    const bigrams = hanBigrams(entry.q)
    const words = latinWords(entry.q)
    const overlap = bigrams.filter((b) => qBigrams.has(b)).length + words.filter((w) => qWords.has(w)).length
    return bigrams.length + words.length >= 2 && overlap / (bigrams.length + words.length) >= 0.6
  })
}

export function topicFor(question: string): AttributeTopic | undefined {
  return ATTRIBUTE_TOPICS.find((t) => t.asks.test(question))
}

export function analyzeQuestion(question: string, product: Product, lang: Lang): QuestionAnalysis {
  const analysis: QuestionAnalysis = { price: ASKS_PRICE.test(question), stock: ASKS_STOCK.test(question) }
  analysis.faq = matchingFaq(question, product)
  analysis.colour = askedColour(question, product, lang)
  // A key of this very product in the question ("材质", "机芯") beats the generic synonym table.
  const literalKey = Object.keys(product.attributes).find((k) => k.length >= 2 && question.toLowerCase().includes(k.toLowerCase()))
  const topic = literalKey ? undefined : topicFor(question)
  const key = literalKey ?? topic?.keys.find((k) => k in product.attributes)
  if (literalKey || topic) analysis.attribute = { topic, key, values: key ? product.attributes[key] : undefined }
  return analysis
}

export function asksPrice(question: string): boolean {
  return ASKS_PRICE.test(question)
}

export function asksColour(question: string): boolean {
  return COLOURS.some((c) => mentionsColour(question, c) || c.en.test(question))
}
