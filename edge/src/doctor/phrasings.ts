// How visitors ask about a catalog fact, as data: the doctor's self-test (doctor.ts) turns each
// product × attribute into questions from this table, and each FAQ entry into rephrasings. A kind of
// fact is recognised by its key first ("净重", "Net weight" → weight), then by its value ("6.8kg");
// anything else is asked by its key ("滤网类型是多少？"). Templates: `{s}` is how the product is
// named (its name, its model code, 它 / it), `{k}` the catalog key.
import type { Product } from '../../../shared/catalog.ts'

export type AttributeValue = Product['attributes'][string]

export interface FactKind {
  id: string
  /** The catalog key names this kind ("重量", "Net weight"). */
  key?: RegExp
  /** A value of this kind ("1.2kg", "350g"), when the key says nothing. */
  value?: (value: AttributeValue) => boolean
  /** Questions in Chinese and English; one without `{k}` asks in the visitor's words, not the shop's. */
  zh: readonly string[]
  en: readonly string[]
  /** How visitors name it: the doctor's vocabulary hint for a key of this kind that is rarely answered. */
  words: readonly string[]
}

/** A value written in text (a list's items, a number as written). */
const texts = (value: AttributeValue): string[] => (Array.isArray(value) ? value.map(String) : [String(value)])
const anyText = (test: RegExp | ((text: string) => boolean)) => (value: AttributeValue) =>
  typeof value !== 'boolean' && texts(value).some((t) => (typeof test === 'function' ? test(t) : test.test(t)))

/** Values that are only a yes or a no: "是", "支持", "无", "yes". */
export const YES_NO_TEXT = /^\s*(是|否|有|无|没有|支持|不支持|可以|不可以|能|不能|带|不带|含|不含|yes|no|true|false|y|n)\s*$/i

/**
 * A value that is a measure: it starts with a number (or a range, after 约/≤…) and this unit. A
 * Latin unit must end there ("4G视频通话" is no weight, "8GB" no gram); a Chinese one may go on
 * ("8小时左右").
 */
function measure(latin: string, han = ''): RegExp {
  const number = '-?\\d+(?:\\.\\d+)?'
  const units = [latin && `(?:${latin})(?![a-z\\p{Script=Han}²³])`, han && `(?:${han})`].filter(Boolean).join('|')
  // A rate is not a measure: "350mL/h" is no capacity, "28g/min" no weight.
  const notRate = '(?!\\s*/\\s*(?:h|hr|min|s|sec|天|日|小时|分钟|秒))'
  return new RegExp(`^\\s*(?:约|大约|最大|最高|最低|单只|≈|~|～|≤|≥|<=?|>=?)?\\s*${number}\\s*(?:(?:-|~|～|–|至|到)\\s*${number}\\s*)?(?:${units})${notRate}`, 'iu')
}

/**
 * Kinds in order: a key that names one kind wins over a value that looks like another (容量 "120g"
 * is a capacity, not a weight); the last one, `generic`, takes every other fact.
 */
export const FACT_KINDS: readonly FactKind[] = [
  {
    id: 'yes-no',
    value: (v) => typeof v === 'boolean' || (typeof v === 'string' && YES_NO_TEXT.test(v)),
    zh: ['{s}支持{k}吗？', '{s}有{k}吗？', '{s}能不能{k}？', '{s}可以{k}吗？'],
    en: ['Does {s} have {k}?', 'Does {s} support {k}?', 'Can {s} do {k}?'],
    words: ['支持{k}吗', '有没有{k}', '能{k}吗'],
  },
  {
    id: 'warranty',
    key: /保修|质保|包修|warranty|guarantee/i,
    zh: ['{s}保修多久？', '{s}质保几年？', '{s}的保修期是多长？'],
    en: ['How long is the warranty on {s}?', 'What warranty does {s} have?'],
    words: ['保修', '质保', '保修多久', 'warranty'],
  },
  {
    id: 'temperature',
    key: /温度|温控|temp/i,
    value: anyText(/-?\d\s*(?:℃|°\s*[CF]|摄氏度)/i),
    zh: ['{s}多少度？', '{s}温度是多少？', '{s}能到几度？', '{s}的温度范围是多少？'],
    en: ['What temperature is {s} rated for?', 'How warm does {s} get?'],
    words: ['多少度', '温度', '几度', 'temperature'],
  },
  {
    id: 'power',
    key: /功率|瓦数|power|wattage/i,
    value: anyText(measure('k?w', '瓦|千瓦')),
    zh: ['{s}功率多大？', '{s}多少瓦？', '{s}的功率是多少？', '{s}耗电大吗？'],
    en: ['What is the wattage of {s}?', 'How much power does {s} use?'],
    words: ['功率', '多少瓦', '耗电', 'wattage', 'power'],
  },
  {
    id: 'capacity',
    key: /容量|容积|净含量|水箱|capacity|volume|tank/i,
    value: anyText(measure('l|ml', '升|毫升')),
    zh: ['{s}容量多大？', '{s}能装多少？', '{s}的容量是多少？', '{s}有多少毫升？'],
    en: ['What is the capacity of {s}?', 'How much does {s} hold?'],
    words: ['容量', '能装多少', '多大容量', 'capacity'],
  },
  {
    id: 'weight',
    key: /重量|净重|毛重|自重|重|weight/i,
    value: anyText(measure('kg|g|lbs?|oz', '克|千克|公斤|斤')),
    zh: ['{s}多重？', '{s}有多沉？', '{s}重量是多少？', '{s}几斤重？'],
    en: ['How heavy is {s}?', 'What does {s} weigh?'],
    words: ['多重', '有多沉', '重量', '几斤', 'weight', 'how heavy'],
  },
  {
    id: 'people',
    key: /人数|几人|座位|people|persons|seats|sleeps/i,
    value: anyText(measure('', '人(?!群)|位')),
    zh: ['{s}适合几个人用？', '{s}能供几个人用？', '{s}够几个人？'],
    en: ['How many people is {s} for?', 'How many people can use {s}?'],
    words: ['几个人', '几人', '人数', 'how many people'],
  },
  {
    id: 'duration',
    key: /续航|寿命|周期|时间|时长|保温|多久|life|hours|duration|runtime/i,
    value: anyText(measure('h|hrs?|hours?|min|minutes?|days?|weeks?|months?|years?', '小时|分钟|天|个月|月|年|周')),
    zh: ['{s}能用多久？', '{s}的{k}多长？', '{s}{k}多久？', '{s}用多长时间？'],
    en: ['How long does {s} last?', 'How long is the {k} of {s}?'],
    words: ['多久', '能用多久', '多长时间', 'how long'],
  },
  {
    id: 'water',
    key: /防水|waterproof|water[- ]?resist/i,
    value: anyText(/^\s*IP[X\d]\d?\b|^\s*\d+\s*ATM\b/i),
    zh: ['{s}防水吗？', '{s}防水等级是多少？', '{s}能沾水吗？', '{s}的{k}是多少？'],
    en: ['Is {s} waterproof?', 'How water-resistant is {s}?'],
    words: ['防水', '防水吗', '防水等级', 'waterproof'],
  },
  {
    id: 'area',
    key: /面积|平米|coverage|room size/i,
    value: anyText(/\d\s*(?:㎡|m²|m2|平米|平方)/i),
    zh: ['{s}适合多大的房间？', '{s}适用面积多少？', '{s}管多大面积？'],
    en: ['How big a room is {s} for?', 'What room size does {s} cover?'],
    words: ['多大面积', '多大的房间', '几平米', 'room size'],
  },
  {
    id: 'size',
    key: /尺寸|大小|尺码|规格|长度|宽度|高度|厚度|直径|表径|size|dimension|length|width|height/i,
    value: anyText((t) => measure('cm|mm|m|inch(?:es)?|in|"', '厘米|毫米|米|英寸|寸').test(t) || /^\s*\d+(?:\.\d+)?\s*[×x*]\s*\d/i.test(t)),
    zh: ['{s}多大？', '{s}尺寸是多少？', '{s}的{k}是多少？', '{s}大概多大个？'],
    en: ['How big is {s}?', 'What are the dimensions of {s}?'],
    words: ['多大', '尺寸', '大小', 'how big', 'size'],
  },
  {
    id: 'colour',
    key: /颜色|色系|色号|配色|colou?r/i,
    zh: ['{s}有什么颜色？', '{s}有哪些颜色可选？', '{s}的{k}是什么？', '{s}有几种颜色？'],
    en: ['What colours does {s} come in?', 'Which colors is {s} available in?'],
    words: ['颜色', '什么颜色', '几种颜色', 'colour', 'color'],
  },
  {
    id: 'material',
    key: /材质|材料|面料|材|material|fabric/i,
    zh: ['{s}是什么材质的？', '{s}用的什么材料？', '{s}的{k}是什么？'],
    en: ['What is {s} made of?', 'What material is {s}?'],
    words: ['材质', '什么材料', '用料', 'material'],
  },
  {
    id: 'generic',
    zh: ['{s}的{k}是多少？', '{s}{k}怎么样？', '{s}的{k}是什么？'],
    en: ['What is the {k} of {s}?'],
    words: [],
  },
]

const GENERIC = FACT_KINDS.at(-1)!

/** The kind of one fact: by key first, then by value, else generic. */
export function kindOf(key: string, value: AttributeValue): FactKind {
  // A value that is only yes or no is asked as one, whatever the key ("APP控制": 是).
  const yesNo = FACT_KINDS[0]!
  if (yesNo.value!(value)) return yesNo
  return FACT_KINDS.find((k) => k.key?.test(key)) ?? FACT_KINDS.find((k) => k.value?.(value)) ?? GENERIC
}

export const hasHan = (text: string) => /\p{Script=Han}/u.test(text)

/** A template filled in; `undefined` when it asks an English visitor for a Chinese key. */
export function fill(template: string, subject: string, key: string, lang: 'zh-CN' | 'en'): string | undefined {
  if (lang === 'en' && template.includes('{k}') && hasHan(key)) return undefined
  const text = template.replaceAll('{s}', subject).replaceAll('{k}', key)
  return lang === 'en' ? text.replace(/\s+/g, ' ') : text
}

/** The first turn that names a product, before "它多重？". */
export const introduce = (name: string, lang: 'zh-CN' | 'en') => (lang === 'en' ? `Tell me about ${name}` : `介绍一下${name}`)

/** How a later turn points back at the product. */
export const PRONOUN = { 'zh-CN': '它', en: 'it' } as const

// ---------- model codes ----------

/** Latin letters and digits together ("AP-300", "X5", "F-300"), hyphens and dots inside. */
const CODE_TOKEN = /[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*/g
/** A number with a unit is a spec, not a model: "4G", "20D", "8GB", "120Hz", "5000mAh". */
const SPEC = /^\d+(?:\.\d+)?[a-z]{1,3}$/i

/** Model-code candidates in a product name, in order. */
export function codesIn(name: string): string[] {
  return [...name.matchAll(CODE_TOKEN)].map((m) => m[0]).filter((t) => /[a-z]/i.test(t) && /\d/.test(t) && !SPEC.test(t))
}

/**
 * Each product's model code: the first code in its name that no other product's name has ("X5" of
 * "X5 儿童智能手表" is also in "X5 替换表带": ambiguous, so the watch has none); absent when none.
 */
export function modelCodes(products: readonly Product[]): Map<string, string> {
  const count = new Map<string, number>()
  const codes = products.map((p) => [...new Set(codesIn(p.name).map((c) => c.toLowerCase()))])
  for (const list of codes) for (const c of list) count.set(c, (count.get(c) ?? 0) + 1)
  const out = new Map<string, string>()
  products.forEach((p, i) => {
    const code = codesIn(p.name).find((c) => count.get(c.toLowerCase()) === 1 && codes[i]!.includes(c.toLowerCase()))
    if (code) out.set(p.id, code)
  })
  return out
}

// ---------- FAQ rephrasings ----------

interface Rewrite {
  pattern: RegExp
  /** Replacement templates (`$1`…), or functions of the groups. */
  to: readonly (string | ((groups: string[]) => string))[]
}

/** "是X" stays, "X" becomes "是X": for A还是B → 是A吗. */
const withIs = (text: string) => (text.includes('是') ? text : `是${text}`)

/**
 * The same question in other words, as visitors vary it: 可以X吗 ↔ 能不能X / 能X吗, 是X吗 ↔ 是不是X,
 * A还是B → 是A吗, 有X吗 ↔ 有没有X; the first rule that matches wins, `$1`… are its groups.
 */
export const FAQ_REWRITES: readonly Rewrite[] = [
  { pattern: /^(.*?)可以(.+?)吗$/, to: ['$1能不能$2？', '$1能$2吗？'] },
  { pattern: /^(.*?)能不能(.+)$/, to: ['$1可以$2吗？', '$1能$2吗？'] },
  { pattern: /^(.*?)可不可以(.+)$/, to: ['$1可以$2吗？', '$1能$2吗？'] },
  { pattern: /^(.*?)是不是(.+)$/, to: ['$1是$2吗？'] },
  { pattern: /^(.*?)有没有(.+)$/, to: ['$1有$2吗？'] },
  { pattern: /^(.*?)(?<!功|可|不)能(.+?)吗$/, to: ['$1能不能$2？', '$1可以$2吗？'] },
  { pattern: /^(.*?)是(.+?)吗$/, to: ['$1是不是$2？', '$1是$2不？'] },
  { pattern: /^(.*?)有(.+?)吗$/, to: ['$1有没有$2？', '$1有$2不？'] },
  { pattern: /^(.+?)还是(.+)$/, to: [(g) => `${withIs(g[0]!)}吗？`, (g) => `${withIs(g[1]!)}吗？`] },
  { pattern: /^(.+?)吗$/, to: ['请问$1吗？', '想问下，$1吗？'] },
  { pattern: /^can i (.+)$/i, to: ['Is it possible to $1?', 'Am I able to $1?'] },
  { pattern: /^(?:does|do) (it|this|they) (.+)$/i, to: ['Will $1 $2?', 'Quick question: does $1 $2?'] },
  { pattern: /^(?:is|are) (.+)$/i, to: ['Quick question: is $1?', 'Could you tell me: is $1?'] },
  { pattern: /^([a-z].+)$/i, to: ['Quick question: $1?', 'Could you tell me: $1?'] },
  { pattern: /^(.+)$/, to: ['请问$1？', '想问下，$1？'] },
]

/** One or two rephrasings of an FAQ question, none equal to it. */
export function rephrase(question: string, max = 2): string[] {
  const q = question.trim().replace(/[？?！!。.\s]+$/u, '')
  const rule = FAQ_REWRITES.find((r) => r.pattern.test(q))
  if (!rule) return []
  const groups = rule.pattern.exec(q)!.slice(1).map((g) => g ?? '')
  const out = rule.to.map((t) => (typeof t === 'string' ? q.replace(rule.pattern, t) : t(groups))).filter((r) => r.replace(/[？?]$/, '') !== q)
  return [...new Set(out)].slice(0, max)
}
