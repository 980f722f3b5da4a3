// The search index's tokenizer for mixed Chinese/English catalog text. Chinese has no spaces, so a
// run of Han characters becomes overlapping bigrams ("儿童手表" → 儿童 童手 手表) and a lone character
// stays itself. Latin words and numbers are NFKC-normalised (full-width "ＸＳ" → "xs") and lower-cased;
// a number with a unit also yields the bare number, so "256g" and "256" both find "256GB".
import { ENGLISH_STOPWORDS } from './text.ts'

/** Character classes of the scanner. */
const OTHER = 0, HAN = 1, DIGIT = 2, LETTER = 3

/** Han: CJK Unified Ideographs, Extension A, compatibility ideographs, 〇. (Rare Extension B+ is skipped.) */
function kindOf(code: number): number {
  if (code >= 0x4e00 ? code <= 0x9fff || (code >= 0xf900 && code <= 0xfaff) : (code >= 0x3400 && code <= 0x4dbf) || code === 0x3007) return HAN
  if (code >= 0x30 && code <= 0x39) return DIGIT
  if ((code >= 0x61 && code <= 0x7a) || (code >= 0xdf && code <= 0x24f && code !== 0xf7)) return LETTER
  return OTHER
}

/** What both catalog text and questions are compared as: NFKC (full-width → half-width), lower case. */
export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase()
}

/**
 * Calls `emit` for every token of `text`, in order, repeats included (the index counts them): Han runs
 * as bigrams (a lone character as itself), numbers with an optional decimal and unit ("6.7", "256gb",
 * plus the bare "256"), words and model codes ("oily", "z7"). A hand-written scanner: the index runs it
 * over 230,000 products, and a regex with match objects costs a third of the build.
 */
export function forEachToken(text: string, emit: (token: string) => void): void {
  const s = normalize(text)
  let i = 0
  while (i < s.length) {
    const kind = kindOf(s.charCodeAt(i))
    const start = i++
    if (kind === HAN) {
      while (i < s.length && kindOf(s.charCodeAt(i)) === HAN) i++
      if (i - start === 1) emit(s[start]!)
      for (let j = start; j + 2 <= i; j++) emit(s.slice(j, j + 2))
    } else if (kind === DIGIT) {
      while (i < s.length && kindOf(s.charCodeAt(i)) === DIGIT) i++
      if (s[i] === '.' && kindOf(s.charCodeAt(i + 1)) === DIGIT) for (i++; kindOf(s.charCodeAt(i)) === DIGIT; ) i++
      const numberEnd = i
      while (i < s.length && (kindOf(s.charCodeAt(i)) === DIGIT || kindOf(s.charCodeAt(i)) === LETTER)) i++
      emit(s.slice(start, i))
      if (i > numberEnd) emit(s.slice(start, numberEnd))
    } else if (kind === LETTER) {
      while (i < s.length && (kindOf(s.charCodeAt(i)) === LETTER || kindOf(s.charCodeAt(i)) === DIGIT)) i++
      const word = s.slice(start, i)
      if (!ENGLISH_STOPWORDS.has(word)) emit(word)
    }
  }
}

/** The distinct tokens of `text`: "Z7手机" → ["z7", "手机"], "256GB" → ["256gb", "256"]. */
export function tokenize(text: string): string[] {
  const tokens = new Set<string>()
  forEachToken(text, (t) => tokens.add(t))
  return [...tokens]
}

/** A single Chinese character, which the index looks up through the bigrams that contain it. */
export function isHanChar(token: string): boolean {
  return token.length === 1 && kindOf(token.charCodeAt(0)) === HAN
}

/** Whether a token is a Chinese bigram (and not a Latin word or number). */
export function isHanBigram(token: string): boolean {
  return token.length === 2 && kindOf(token.charCodeAt(0)) === HAN && kindOf(token.charCodeAt(1)) === HAN
}
