// Text → tokens for the intent and sentiment models, and a similarity for "asked again".
// Chinese has no spaces and visitors type fast, so the unit is a *symbol*: one Han character, one
// Latin word or number, one emoji, or a run of ?/!. N-grams over symbols catch 退货/退款/怎么退 and
// "talk to a human" alike; character n-grams inside Latin words survive typos (refnd, discout) and
// pinyin typed with or without spaces (duoshao / duo shao).

const SYMBOL = /\p{Script=Han}|[a-z0-9]+(?:'[a-z]+)?|\p{Extended_Pictographic}|!+|\?+/gu

/** Full-width forms (！？Ａ１) become ASCII so both keyboards count the same; case is a signal of its own. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/** Product model numbers (x5, z7, ip68) carry no intent of their own; which one is the catalog's job. */
const MODEL = /^[a-z]{1,3}\d{1,3}[a-z]?$/
/** Long digit strings are order or phone numbers: the fact that there is one matters, not its value. */
const LONG_NUMBER = /^\d{6,}$/

function symbol(raw: string): string {
  if (raw.startsWith('!')) return raw.length > 1 ? '!!' : '!'
  if (raw.startsWith('?')) return raw.length > 1 ? '??' : '?'
  if (MODEL.test(raw)) return '#model'
  if (LONG_NUMBER.test(raw)) return '#number'
  return raw
}

export function symbols(text: string): string[] {
  return (normalize(text).match(SYMBOL) ?? []).map(symbol)
}

const isLatinWord = (s: string) => /^[a-z][a-z']{2,}$/.test(s)

/**
 * Symbol n-grams up to `maxN` (joined by a space), plus character 3-grams of each Latin word with
 * ^/$ boundaries. Duplicates are kept out: presence counts, not frequency, so "人工人工人工" is not
 * three times as sure as "人工".
 */
export function tokens(text: string, maxN = 2): string[] {
  const s = symbols(text)
  const out = new Set<string>()
  for (let i = 0; i < s.length; i++) {
    for (let n = 1; n <= maxN && i + n <= s.length; n++) out.add(s.slice(i, i + n).join(' '))
    const word = s[i]!
    if (isLatinWord(word)) {
      const padded = `^${word}$`
      for (let j = 0; j + 3 <= padded.length; j++) out.add(`~${padded.slice(j, j + 3)}`)
    }
  }
  return [...out]
}

/** Letters, digits and Han only: what is left when the punctuation and spacing of a retyped question differ. */
export function compact(text: string): string {
  return normalize(text).replace(/[^\p{Script=Han}a-z0-9]/gu, '')
}

/** Character bigrams of a compacted text (the text itself when shorter than two). */
export function bigrams(s: string): Set<string> {
  if (s.length < 2) return new Set([s])
  const out = new Set<string>()
  for (let i = 0; i + 1 < s.length; i++) out.add(s.slice(i, i + 2))
  return out
}

/**
 * Jaccard overlap of character bigrams, 0–1. Two messages with no words at all ("?" and "??") count
 * as the same message: a visitor sending bare question marks again is repeating themselves.
 */
export function similarity(a: string, b: string): number {
  const x = compact(a)
  const y = compact(b)
  if (!x || !y) return x === y ? 1 : 0
  const A = bigrams(x)
  const B = bigrams(y)
  let shared = 0
  for (const g of A) if (B.has(g)) shared++
  return shared / (A.size + B.size - shared)
}
