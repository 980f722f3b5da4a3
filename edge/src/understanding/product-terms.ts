// The shop's own Latin words: "LUMO HEADLAMP", "HEPA" or "LDS" in capitals names a product, a part
// or a feature the catalog lists; it is not shouting. Read from the products the turn is about (its
// plan's: named, in focus or found), once per product and only when a message has enough capitals
// to be read as shouting at all (signals.ts asks word by word): a turn never walks the catalog.
import type { Product } from '../../../shared/catalog.ts'

/**
 * Words that stay shouting even when a catalog happens to use them ("Battery life 40 h on low",
 * "Made for the outdoors"): function words and the words of complaints and demands.
 */
const NEVER_TERMS = new Set(
  ('A AN THE AND OR BUT NOT NO YES IS ARE WAS WERE BE BEEN AM DO DOES DID DONE HAVE HAS HAD I ME MY MINE YOU YOUR YOURS WE US OUR ' +
    'THEY THEM THEIR IT ITS THIS THAT THESE THOSE WHAT WHY HOW WHERE WHEN WHO WHICH CAN CAN\'T CANNOT WILL WON\'T WOULD SHOULD COULD ' +
    'TO OF IN ON AT FOR WITH FROM BY UP OUT OFF ABOUT AGAIN NOW STILL EVER NEVER ALREADY SO VERY TOO JUST ALL ANY SOME ' +
    'WANT NEED GIVE SEND GET STOP HELP PLEASE REFUND MONEY BACK ORDER WORST BAD BROKEN USELESS SCAM FAKE ANSWER').split(' '),
)

const byProduct = new WeakMap<Product, Set<string>>()

function productWords(p: Product): Set<string> {
  let words = byProduct.get(p)
  if (words) return words
  const texts = [p.name, p.brand ?? '', p.category ?? '', ...p.aliases, ...p.tags]
  for (const [key, value] of Object.entries(p.attributes)) {
    texts.push(key)
    if (typeof value === 'string') texts.push(value)
    else if (Array.isArray(value)) for (const v of value) if (typeof v === 'string') texts.push(v)
  }
  words = new Set(texts.flatMap((t) => t.match(/[A-Za-z][A-Za-z']+/g) ?? []).map((w) => w.toUpperCase()).filter((w) => !NEVER_TERMS.has(w)))
  byProduct.set(p, words)
  return words
}

/** Whether an upper-case word is one of these products' own (names, brands, categories, tags, attribute keys and values). */
export function productTerms(products: readonly Product[]): (word: string) => boolean {
  return (word) => {
    const w = word.toUpperCase()
    return products.some((p) => productWords(p).has(w))
  }
}
