// What a question asks of one product, found in that product's own data: its attribute keys and
// values and its FAQ questions. A shop's catalog brings keys no vocabulary has seen ("滤芯寿命",
// "越障高度", "refresh rate"); matching the question against them (NFKC, particles and pronouns
// dropped, Han bigrams + Latin words, kinds of fact from fact-kinds.ts) answers them with no config.
import type { Product } from '../../../shared/catalog.ts'
import { askedKinds, kindFit, widerKind, type FactKind } from './fact-kinds.ts'
import { attributeValues } from './facts.ts'
import { normalize } from './tokenize.ts'
import { escapeRegExp, hanBigrams, hanRuns, latinWords } from './text.ts'

type Faq = Product['faq'][number]

/** Ways of asking yes/no that mean the same thing, folded to one form before comparing. */
const YES_NO: readonly [RegExp, string][] = [
  [/能不能|可不可以|可以不可以|能否|是否可以|可否|能够|可以/g, '能'],
  [/是不是|是否/g, '是'],
  [/有没有|有无/g, '有'],
  [/会不会/g, '会'],
  [/要不要|需不需要|需要/g, '要'],
  [/支不支持|支持不支持/g, '支持'],
  [/多长时间|多少时间|多久/g, '多久'],
]
/** Particles, pronouns, politeness and measure words: they ask nothing of a product. */
const FILLER = /请问|一下|您好|你好|你们|我们|我想|想问|问下|这款|那款|该款|这个|那个|这只|这台|这支|这件|这种|它们|它|的|吗|呢|吧|啊|呀|么|嘛|哦|了|[个款只台支件]/g
/** Bigrams that come from how a question is put, never from what it asks. */
const GENERIC_BIGRAMS = new Set(['多少', '什么', '怎么', '怎样', '如何', '可以', '是否', '有没', '没有', '不是', '能不', '不能', '一个', '哪个', '哪些', '有什', '么样', '情况', '请问', '知道', '告诉', '一般', '大概'])
/** Values that say yes or no, too common to point at one attribute. */
const PLAIN_VALUES = /^(是|否|有|无|支持|不支持|yes|no|true|false|可以|不可以|\d+)$/i

/** A question as compared with catalog text: normalised, yes/no forms folded, filler dropped. */
export function foldQuestion(text: string): string {
  let s = normalize(text)
  for (const [pattern, to] of YES_NO) s = s.replace(pattern, to)
  return s.replace(FILLER, ' ')
}

function tokens(text: string): Set<string> {
  return new Set([...hanBigrams(text).filter((b) => !GENERIC_BIGRAMS.has(b)), ...latinWords(text)])
}

/**
 * The FAQ entry this question rephrases: most of the entry's words are in the question ("能不能机洗"
 * against "可以机洗吗"), or the two overlap as much as they differ.
 */
export function similarFaq(asked: string, product: Product): Faq | undefined {
  // Names on either side say which product, not what is asked of it.
  const question = withoutNames(asked, product)
  const q = tokens(foldQuestion(question))
  if (!q.size) return undefined
  let best: { faq: Faq; score: number } | undefined
  for (const faq of product.faq) {
    const f = tokens(foldQuestion(withoutNames(faq.q, product)))
    if (!f.size) continue
    let shared = 0
    for (const t of f) if (q.has(t)) shared++
    const contained = shared / f.size
    const dice = (2 * shared) / (f.size + q.size)
    const score = Math.max(f.size >= 2 || q.size === 1 ? contained : 0, dice)
    // Characters too: "能放精油" and "可以加精油吗" share one bigram but three of four characters.
    const fc = hanChars(foldQuestion(withoutNames(faq.q, product)))
    const qc = hanChars(foldQuestion(question))
    let sharedChars = 0
    for (const c of fc) if (qc.has(c)) sharedChars++
    const byChars = fc.size >= 2 && sharedChars >= 2 && sharedChars / fc.size >= 0.75 ? sharedChars / fc.size - 0.2 : 0
    const total = Math.max(score, byChars)
    if ((shared && (contained >= 0.6 || dice >= 0.5)) || byChars) if (!best || total > best.score) best = { faq, score: total }
  }
  return best?.faq
}

/** Shorter pieces of a name stay: "加湿" of "加湿器" is what "能加湿多少" asks. */
const MIN_NAME_STRETCH = 3

/** The question without the parts of the product's own names it contains ("T3定位牌多重" → "多重"). */
export function withoutNames(question: string, product: Product): string {
  const names = normalize([product.name, ...product.aliases, product.id, product.brand ?? '', product.category ?? ''].join(' '))
  let rest = normalize(question)
  const codes = (names.match(/[a-z0-9][a-z0-9-]*/g) ?? []).filter((t) => /\d/.test(t) && /[a-z]/.test(t))
  for (const code of codes) rest = rest.replace(new RegExp(`(?<![a-z0-9])${escapeRegExp(code)}(?![a-z0-9])`, 'g'), ' ')
  // Latin words of the name go when the question uses two or more of them ("Summit Ridge GTX boots");
  // a single one such as "GPS" may well be what is asked.
  const words = new Set(latinWords(names).filter((w) => w.length >= 2))
  const used = latinWords(rest).filter((w) => words.has(w))
  if (new Set(used).size >= 2) for (const w of used) rest = rest.replace(new RegExp(`(?<![a-z0-9])${escapeRegExp(w)}(?![a-z0-9])`, 'g'), ' ')
  // Whole segments of a name ("男款", "（一对）") and longer Han stretches that also appear in a name,
  // so a name's "定位牌" is not read as "定位".
  const segments = names.split(/[\s()（）【】\[\]、,，/·|+]+/).filter((s) => s.length >= 2 && /\p{Script=Han}/u.test(s))
  for (const segment of segments) rest = rest.replaceAll(segment, ' ')
  return rest.replace(/\p{Script=Han}+/gu, (run) => {
    let out = ''
    for (let i = 0; i < run.length; ) {
      let len = 0
      for (let j = run.length; j >= i + MIN_NAME_STRETCH; j--) if (names.includes(run.slice(i, j))) { len = j - i; break }
      if (len) { out += ' '; i += len } else out += run[i++]
    }
    return out
  })
}

export interface OwnFactMatch {
  key: string
  score: number
}

interface Scored {
  key: string
  score: number
  /** Words (bigrams, Latin words) the key shares with the question. */
  shared: number
}

/** Characters too common in questions and keys to point at one attribute. */
const COMMON_CHARS = new Set([...'多少大小是能用会有的个了吗呢么量度性数型式类和与及可以不没很最更还就都要加放装拿弄搞做'])
/** Yes/no questions ("会断电吗", "is it GORE-TEX?"): naming a value is asking whether it has it. */
const YES_NO_QUESTION = /吗|么|能|会|是|有|支持|[?？]$|^(is|are|does|do|can|has|have)\b/i

function hanChars(text: string): Set<string> {
  return new Set(hanRuns(text).flatMap((run) => [...run]).filter((c) => !COMMON_CHARS.has(c)))
}

/** Latin words shared whole, or one inside the other when long enough ("sole" in "outsole"). */
function sharesWord(words: ReadonlySet<string>, word: string): boolean {
  if (words.has(word)) return true
  if (word.length < 4) return false
  for (const w of words) if (w.length >= 4 && (w.includes(word) || word.includes(w))) return true
  return false
}

/** How telling a piece of the value the question names: a whole Chinese run or word 4, a bigram 3 (yes/no only). */
function valueScore(question: string, words: Set<string>, values: readonly string[], yesNo: boolean): number {
  let best = 0
  for (const value of values) {
    if (PLAIN_VALUES.test(value.trim())) continue
    const v = normalize(value)
    if (hanRuns(v).some((run) => run.length >= 2 && !GENERIC_BIGRAMS.has(run) && question.includes(run))) return 4
    if (latinWords(v).some((w) => w.length >= 2 && !/^\d+$/.test(w) && words.has(w))) return 4
    if (yesNo && hanBigrams(v).some((b) => !GENERIC_BIGRAMS.has(b) && question.includes(b))) best = 4
  }
  return best
}

function kindScores(kinds: readonly FactKind[], entries: readonly [string, string][]): Map<string, number> {
  const scores = new Map<string, number>()
  for (const asked of kinds) {
    // The kind itself, else a wider one ("多高" answered by "尺寸" when nothing says 高).
    for (const kind of [asked, widerKind(asked)]) {
      if (!kind) continue
      const fits = entries.map(([key, value]) => [key, kindFit(kind, key, value)] as const).filter(([, fit]) => fit > 0)
      // A key fitting several of the kinds asked ("一天能除多少水": a rate and an amount) fits better.
      for (const [key, fit] of fits) scores.set(key, (scores.get(key) ?? 0) + 2 + fit)
      if (fits.length) break
    }
  }
  return scores
}

/** Below this, a key only shares a word with the question by chance (one bigram of a long key). */
const MIN_SCORE = 4
/** …unless it is the only key that shares a word with the question. */
const SOLE_SCORE = 3
/** Distinctive characters shared with a key count this much each, for at most two of them. */
const CHAR_SCORE = 2

/** Parts of a question that ask separate things ("USB-C 充电吗，电池多大"). */
export function clausesOf(question: string): string[] {
  return question.split(/[，,;；?？。!！、]|\b(?:and|also)\b|还有|另外|以及/i).map((c) => c.trim()).filter(Boolean)
}

/**
 * The product's attribute keys this question asks about, best first. `question` should already be
 * without the product's names (withoutNames). Scores: a key word asked 3 per shared bigram or word
 * (+2 when it covers half the key), a distinctive character 2 (≤ 2), a kind of fact asked 2 + its
 * fit, a telling value named 4.
 */
export function matchOwnAttributes(question: string, product: Product): OwnFactMatch[] {
  const folded = foldQuestion(question)
  const q = tokens(folded)
  const words = new Set(latinWords(folded))
  const chars = hanChars(folded)
  const yesNo = YES_NO_QUESTION.test(normalize(question).trim())
  const entries = Object.entries(product.attributes).map(([key, value]) => [key, attributeValues(value).join(' ')] as [string, string])
  const kinds = askedKinds(normalize(question))
  const byKind = kindScores(kinds, entries)
  // "How long is the warranty": the warranty's own entry or nothing (the warranty policy answers).
  const exclusive = kinds.find((k) => k.exclusive)
  if (exclusive) return entries.filter(([key, value]) => kindFit(exclusive, key, value) >= 2).map(([key]) => ({ key, score: MIN_SCORE, shared: 0 }))
  const scored: Scored[] = entries.map(([key]) => {
    const normalized = normalize(key)
    const bigrams = hanBigrams(normalized).filter((b) => !GENERIC_BIGRAMS.has(b))
    const keyWords = latinWords(normalized)
    const sharedBigrams = bigrams.filter((b) => q.has(b))
    const shared = sharedBigrams.length + keyWords.filter((w) => sharesWord(words, w)).length
    const size = bigrams.length + keyWords.length
    const covered = new Set(sharedBigrams.join(''))
    const lone = [...hanChars(normalized)].filter((c) => chars.has(c) && !covered.has(c)).length
    let score = shared * 3 + (size && shared / size >= 0.5 ? 2 : 0) + Math.min(lone, 2) * CHAR_SCORE + (byKind.get(key) ?? 0)
    score += valueScore(folded, words, attributeValues(product.attributes[key]!), yesNo)
    return { key, score, shared }
  })
  const best = Math.max(0, ...scored.map((s) => s.score))
  // One key alone shares a word with the question ("升降桌最高能升到多少" and 升降范围): that is the one.
  const only = scored.filter((s) => s.shared > 0)
  if (only.length === 1 && best < MIN_SCORE && only[0]!.score >= SOLE_SCORE) return only.map(({ key, score }) => ({ key, score }))
  if (best < MIN_SCORE) return []
  // Keys as good as the best (a tent's 展开尺寸 and 收纳尺寸 for "多大") answer together.
  return scored.filter((s) => s.score >= Math.max(MIN_SCORE, best - 1)).sort((a, b) => b.score - a.score).map(({ key, score }) => ({ key, score }))
}
