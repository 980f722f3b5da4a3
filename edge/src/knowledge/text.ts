// Tiny text helpers for matching Chinese and English questions against catalog text without a
// tokenizer: Latin words for English, and Han substrings / bigrams for Chinese. Retrieval itself
// goes through the search index (tokenize.ts, search-index.ts); keep these dumb and predictable.

/** Words that say nothing about which product is meant. */
export const ENGLISH_STOPWORDS = new Set([
  'a', 'an', 'and', 'are', 'as', 'at', 'be', 'by', 'can', 'do', 'does', 'for', 'from', 'have', 'has',
  'how', 'i', 'in', 'is', 'it', 'its', 'me', 'much', 'my', 'of', 'on', 'or', 'the', 'this', 'that',
  'to', 'what', 'which', 'with', 'you', 'your',
])

/** Lower-cased Latin/digit words, without stopwords: "X5 kids' watch" → ["x5", "kids", "watch"]. */
export function latinWords(text: string): string[] {
  return (text.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !ENGLISH_STOPWORDS.has(w))
}

/** Runs of Chinese characters: "X5 儿童智能手表（粉）" → ["儿童智能手表", "粉"]. */
export function hanRuns(text: string): string[] {
  return text.match(/\p{Script=Han}+/gu) ?? []
}

/** Overlapping two-character pieces of each Han run, the usual poor man's Chinese tokenizer. */
export function hanBigrams(text: string): string[] {
  const out: string[] = []
  for (const run of hanRuns(text)) {
    for (let i = 0; i + 2 <= run.length; i++) out.push(run.slice(i, i + 2))
  }
  return out
}

/** Lower-case and drop spaces and punctuation, to compare "Z7 手机？" with "z7手机". */
export function compact(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
