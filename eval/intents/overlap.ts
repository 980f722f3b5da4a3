// Which held-out examples (nearly) repeat a training example: those would test memory, not
// generalisation. Shared by the eval runner and the unit test that keeps the split clean.
import { bigrams, compact, normalize } from '../../edge/src/understanding/text.ts'

/** Character-bigram overlap (Jaccard) at or above this counts as the same utterance ("转人工" vs "转人工！！！"). */
export const NEAR_DUPLICATE = 0.6

interface Key {
  text: string
  /** Texts without words (emoji, "？") are compared as typed; everything else by wording. */
  typed: string
  words: string
  grams: Set<string>
}

function key(text: string): Key {
  const words = compact(text)
  return { text, typed: normalize(text).replace(/\s+/g, ''), words, grams: bigrams(words) }
}

function same(a: Key, b: Key): boolean {
  if (!a.words || !b.words) return a.typed === b.typed
  if (a.words === b.words) return true
  let shared = 0
  for (const g of a.grams) if (b.grams.has(g)) shared++
  return shared / (a.grams.size + b.grams.size - shared) >= NEAR_DUPLICATE
}

export function overlaps(train: readonly { text: string }[], heldout: readonly { text: string }[]): string[] {
  const keys = train.map((t) => key(t.text))
  return heldout.flatMap((h) => {
    const mine = key(h.text)
    const twin = keys.find((t) => same(t, mine))
    return twin ? [`"${h.text}" ≈ train "${twin.text}"`] : []
  })
}
