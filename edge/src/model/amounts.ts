// Money amounts as models write them: ¥1299, ￥1,299, 1299元, 1299块, RMB 1299, $59, 59 dollars.
// The price guard finds them with AMOUNT, and PARTIAL_AMOUNT tells which end of a streamed text
// could still grow into one (so only those few characters are held back).

const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`
const PREFIX = String.raw`(?:US|HK)\$|\$|[¥￥]|(?<![A-Za-z])(?:RMB|CNY|USD)`
const SUFFIX = String.raw`元|块钱?|(?:dollars?|bucks|yuan|RMB|CNY|USD)(?![A-Za-z])`

/** `pre`/`num`/`suf` for "¥1,299", or `num2`/`suf2` for "1299元"; a number after a letter is a model code. */
export const AMOUNT = new RegExp(
  `(?<pre>${PREFIX})(?<sp1>\\s?)(?<num>${NUM})(?:(?<sp2>\\s?)(?<suf>${SUFFIX}))?|(?<![A-Za-z0-9.,])(?<num2>${NUM})(?<sp3>\\s?)(?<suf2>${SUFFIX})`,
  'giu',
)

const PREFIX_SO_FAR = String.raw`U|US|US\$|USD?|H|HK|HK\$|\$|[¥￥]|R|RM|RMB|C|CN|CNY`
const SUFFIX_SO_FAR = String.raw`元|块钱?|d(?:o(?:l(?:l(?:a(?:rs?)?)?)?)?)?|b(?:u(?:c(?:ks?)?)?)?|y(?:u(?:an?)?)?|R(?:MB?)?|C(?:NY?)?|U(?:SD?)?`
/** A whole tail of text that is, or may still become, an amount. */
export const PARTIAL_AMOUNT = new RegExp(`^(?:(?:${PREFIX_SO_FAR})\\s?|(?:(?:${PREFIX_SO_FAR})\\s?)?\\d[\\d,.]*(?:\\s?(?:${SUFFIX_SO_FAR}))?\\s?)$`, 'iu')

/** How far back an amount in the making can start; longer tails are plain text. */
export const MAX_AMOUNT_CHARS = 24

export interface Amount {
  value: number
  /** Currencies the written symbol or word can mean: ¥ is yuan or yen, $ any dollar. */
  currencies: readonly string[]
  text: string
}

const DOLLARS = ['USD', 'HKD', 'CAD', 'AUD', 'SGD', 'NZD', 'TWD']

function currenciesOf(marker: string): readonly string[] {
  const m = marker.toUpperCase()
  if (m === 'HK$') return ['HKD']
  if (m === 'US$' || m === 'USD') return ['USD']
  if (m === '$' || m.startsWith('DOLLAR') || m.startsWith('BUCK')) return DOLLARS
  if (m === '¥' || m === '￥') return ['CNY', 'JPY']
  return ['CNY'] // 元, 块, RMB, CNY, yuan
}

export function readAmount(m: RegExpMatchArray): Amount {
  const g = m.groups!
  const num = (g.num ?? g.num2)!
  const marker = g.pre ?? g.suf ?? g.suf2 ?? ''
  return { value: Number(num.replace(/,/g, '')), currencies: currenciesOf(marker), text: m[0] }
}

/** A price written the way the amount it replaces was: same symbol, grouping and decimals. */
export function rewriteAmount(m: RegExpMatchArray, value: number): string {
  const g = m.groups!
  const written = (g.num ?? g.num2)!
  const decimals = written.includes('.') ? written.split('.')[1]!.length : Number.isInteger(value) ? 0 : 2
  let number = value.toFixed(decimals)
  if (written.includes(',')) number = Number(number).toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
  if (g.pre !== undefined) return `${g.pre}${g.sp1 ?? ''}${number}${g.suf !== undefined ? `${g.sp2 ?? ''}${g.suf}` : ''}`
  return `${number}${g.sp3 ?? ''}${g.suf2}`
}

/**
 * Where a text's tail that may still become an amount starts (the text's length if none). A letter
 * must start a word ("R" of "RMB", not of "four"), a digit must not continue a model code ("Z7").
 */
export function pendingAmountStart(text: string): number {
  for (let i = Math.max(0, text.length - MAX_AMOUNT_CHARS); i < text.length; i++) {
    const before = text[i - 1] ?? ''
    const first = text[i]!
    if (/[A-Za-z]/.test(first) && /[A-Za-z0-9]/.test(before)) continue
    if (/\d/.test(first) && /[A-Za-z0-9.,]/.test(before)) continue
    if (PARTIAL_AMOUNT.test(text.slice(i))) return i
  }
  return text.length
}
