// Whether an answer carries a fact. NFKC and case-insensitive ("30㎡" ~ "30m2", "6.8KG" ~ "6.8kg");
// numbers and codes never match inside longer ones ("300" is not in "1300", "H1" not in "H13").
// Before looking, the answer loses what would carry the value without answering the question: the
// product's overview (sentences of its description, and "X，售价 ¥1299。"), a summary that lists
// the price beside other facts ("我能确认的是：X，¥1299，净重 6.8kg。"), and sentences that admit not
// knowing ("商品资料里没有提到…，我不能确定。"), and sentences about other products only (a shop
// where many products are "ABS" must not pass "它的材质" answered about the wrong one).
import type { AttributeValue } from './phrasings.ts'
import { YES_NO_TEXT } from './phrasings.ts'

export const fold = (text: string) => text.normalize('NFKC').toLowerCase()

const ALNUM = /[a-z0-9]/i

/** `needle` in `hay` (both already folded), not inside a longer Latin word, code or number. */
function includesWord(hay: string, needle: string): boolean {
  if (!needle) return false
  const first = needle[0]!
  const last = needle[needle.length - 1]!
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    const before = hay[at - 1] ?? ''
    const after = hay[at + needle.length] ?? ''
    const badBefore = ALNUM.test(first) && (ALNUM.test(before) || (/\d/.test(first) && before === '.' && /\d/.test(hay[at - 2] ?? '')))
    const badAfter = ALNUM.test(last) && (ALNUM.test(after) || (/\d/.test(last) && after === '.' && /\d/.test(hay[at + needle.length + 1] ?? '')))
    if (!badBefore && !badAfter) return true
  }
  return false
}

/** As written, or with the spaces of either side ignored ("32 小时" ~ "32小时"). */
export function carries(hay: string, needle: string): boolean {
  const h = fold(hay)
  const n = fold(needle).trim()
  return includesWord(h, n) || includesWord(h.replace(/\s+/g, ''), n.replace(/\s+/g, ''))
}

/** Sentences, split after Chinese and Latin end marks (not inside "6.7"). */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[。！？!?；;\n])|(?<=\.)(?=\s|$)/)
    .map((s) => s.trim())
    .filter(Boolean)
}

/** Sentences that admit the facts don't say. */
const UNSURE = /不能确定|不确定|没有(?:直接)?提到|没有写|没有相关|查不到|can't say|cannot say|don't mention|doesn't mention|don't list|not sure|no information/i

export interface AnswerContext {
  /** The product's description: the overview repeats it, which answers nothing in particular. */
  description?: string
  /** The product's price as the answer would write it (the number: "1299", "59.90"). */
  price?: number
  /** How the answer names the product (its name, model code): left out when reading a yes or no ("无线吸尘器"). */
  names?: readonly string[]
  /** The sentence is about other products, not this one ("它多重？" answered with the previous product's weight). */
  aboutOthers?: (sentence: string) => boolean
}

/** What of the answer speaks to the question: see the file comment. */
export function answerBody(answer: string, context: AnswerContext = {}): string[] {
  const description = fold(context.description ?? '').replace(/\s+/g, '')
  const describes = (s: string) => {
    const bare = fold(s).replace(/\s+/g, '').replace(/[。！？!?；;.]+$/u, '')
    return bare.length > 0 && description.includes(bare)
  }
  const price = context.price === undefined ? undefined : Number.isInteger(context.price) ? String(context.price) : context.price.toFixed(2)
  return sentences(answer).filter((s) => !describes(s) && !UNSURE.test(s) && !(price && includesWord(fold(s), price)) && !context.aboutOthers?.(s))
}

// ---------- quantities ----------

/** Units of one dimension, as factors of its base unit: "1年" is "12 个月", "6.8公斤" is "6.8kg". */
const UNITS: readonly [dimension: string, factor: number, words: string][] = [
  ['month', 12, '年|years?|yrs?'],
  ['month', 1, '个月|months?|月'],
  ['day', 7, '周|星期|weeks?'],
  ['day', 1, '天|days?|日'],
  ['hour', 1, '小时|hours?|hrs?|h'],
  ['hour', 1 / 60, '分钟|minutes?|mins?'],
  ['gram', 1000, 'kg|公斤|千克'],
  ['gram', 500, '斤'],
  ['gram', 1, '克|g'],
  ['mm', 1000, '米|m'],
  ['mm', 10, 'cm|厘米'],
  ['mm', 1, 'mm|毫米'],
  ['ml', 1000, '升|l'],
  ['ml', 1, 'ml|毫升'],
  ['watt', 1000, 'kw|千瓦'],
  ['watt', 1, 'w|瓦'],
]
const UNIT_RES = UNITS.map(([dimension, factor, words]) => ({ dimension, factor, re: new RegExp(`^(?:${words})$`, 'i') }))
const isHanWord = (w: string) => /\p{Script=Han}/u.test(w)
const unitWords = (han: boolean) => UNITS.flatMap(([, , words]) => words.split('|')).filter((w) => isHanWord(w) === han).sort((x, y) => y.length - x.length)
/**
 * An amount and its unit ("12 个月", "12-month"). A Latin unit ends there ("4G视频" holds no grams,
 * "300m³" no metres); a Chinese one may go on ("12个月保修"); no rates ("28g/min").
 */
const QUANTITY = new RegExp(
  `(\\d+(?:\\.\\d+)?)(?:\\s*|-)((?:${unitWords(false).join('|')})(?![a-z0-9²³\\p{Script=Han}])|${unitWords(true).join('|')})(?!\\s*/)`,
  'giu',
)

const unitOf = (word: string) => UNIT_RES.find((u) => u.re.test(word))

/** Amounts with units in a text, in base units: "整机1年" → 12 month. */
export function quantities(text: string): { dimension: string; amount: number }[] {
  const out: { dimension: string; amount: number }[] = []
  for (const m of fold(text).matchAll(QUANTITY)) {
    const unit = unitOf(m[2]!)
    if (unit) out.push({ dimension: unit.dimension, amount: Number(m[1]) * unit.factor })
  }
  return out
}

/** Every amount of the value is in the text, in some unit of its kind ("1年" in "12 个月保修"). */
export function sameQuantities(text: string, value: string): boolean {
  const wanted = quantities(value)
  if (!wanted.length) return false
  const found = quantities(text)
  return wanted.every((q) => found.some((f) => f.dimension === q.dimension && Math.abs(f.amount - q.amount) <= 1e-9 * Math.max(1, q.amount)))
}

// ---------- yes / no ----------

const NEGATIVE = /不支持|不能|不可以|不可|不带|不含|不是|不行|不会|没有|没|无|否|\bno\b|\bnot\b|n't|cannot|without/i
const POSITIVE = /支持|可以|能|有|是|带|含|会|\byes\b|\bdoes\b|\bcan\b|\bsupports?\b|\bhas\b|\bcomes with\b|\bincluded?\b/i

/** The polarity of a sentence: false when it says no, true when it says yes, undefined when neither. */
export function polarity(sentence: string): boolean | undefined {
  if (NEGATIVE.test(sentence)) return false
  return POSITIVE.test(sentence) ? true : undefined
}

/** What the answer must carry for one attribute value. */
export type Expected = { type: 'values'; values: string[] } | { type: 'polarity'; yes: boolean }

export function expectedOf(value: AttributeValue): Expected {
  if (typeof value === 'boolean') return { type: 'polarity', yes: value }
  if (typeof value === 'string' && YES_NO_TEXT.test(value)) return { type: 'polarity', yes: polarity(value) ?? /^\s*(true|y)\s*$/i.test(value) }
  return { type: 'values', values: (Array.isArray(value) ? value : [value]).map(String).filter((v) => v.trim()) }
}

/** How an expectation reads in a report: "6.8kg", "粉色 | 蓝色", "yes". */
export function describeExpected(e: Expected): string {
  return e.type === 'polarity' ? (e.yes ? 'yes' : 'no') : e.values.join(' | ')
}

/**
 * @param names how the answer may name the fact (the key, its label): a yes or no is read from the
 *   sentences that name it, else from the first sentence ("可以，…").
 */
export function answers(answer: string, expected: Expected, context: AnswerContext = {}, names: readonly string[] = []): boolean {
  const body = answerBody(answer, context)
  if (expected.type === 'values') {
    const text = body.join('\n')
    return expected.values.some((v) => carries(text, v) || sameQuantities(text, v))
  }
  const naming = body.filter((s) => names.some((n) => n && carries(s, n)))
  const candidates = naming.length ? naming : body.slice(0, 1)
  // Names may hold 无 or 不 themselves ("无线充电", "不锈钢保温杯"): they say neither yes nor no.
  const words = [...names, ...(context.names ?? [])].filter(Boolean).sort((a, b) => b.length - a.length)
  const bare = (s: string) => words.reduce((text, w) => text.split(fold(w)).join(' '), fold(s))
  return candidates.some((s) => polarity(bare(s)) === expected.yes)
}

// ---------- FAQ ----------

/** Clauses of a text, split at any punctuation. */
const clauses = (text: string) =>
  fold(text)
    .split(/[，。；：！？、,.;:!?\n（）()“”"]+/)
    .map((c) => c.trim())
    .filter((c) => c.length >= 2)

/**
 * The part of an FAQ answer that shows it was given: its longest clause that the product's other
 * FAQ answers don't share ("活性炭层吸附甲醛" of "可以，活性炭层吸附甲醛，…"); the whole answer when short.
 */
export function distinctivePart(answer: string, others: readonly string[] = []): string {
  const shared = new Set(others.flatMap(clauses))
  const own = clauses(answer).filter((c) => !shared.has(c))
  const pool = own.length ? own : clauses(answer)
  return pool.reduce((best, c) => (c.length > best.length ? c : best), '') || fold(answer).trim()
}

/** The answer carries the FAQ answer's distinctive part (outside the overview). */
export function answersFaq(answer: string, part: string, context: AnswerContext = {}): boolean {
  return carries(answerBody(answer, { ...context, price: undefined }).join('\n'), part)
}
