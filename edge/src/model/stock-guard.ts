// The stock guard: "缺货", "库存还剩 3 件", "only 2 left" must be what the catalog says. A sentence
// claiming stock for a product (the one it names, else the single product in focus) whose catalog
// stock says otherwise, or is unknown, loses its rest from the claim on, counted for
// `done.corrected`. Only text from a possible claim to its sentence end is held back.
import type { Product } from '../../../shared/catalog.ts'
import { chineseNumber } from '../knowledge/budget.ts'
import { SentenceGuard } from './sentence-guard.ts'

type Stocked = Pick<Product, 'id' | 'stock'>

export type StockClaim = { out: true } | { in: true } | { count: number }

const OUT = /缺货|售罄|卖完|卖光|断货|无货|没(?:有)?货|没有库存|无库存|库存不足|暂时?没有现货|out of stock|sold out|not in stock|no stock|unavailable/i
const IN = /有货|有现货|现货|库存充足|货源充足|库存充裕|in stock|available now/i
const NUM = '(\\d+|[一二两三四五六七八九十百千]+)'
const UNIT = '(?:件|台|个|只|支|瓶|盒|套|部|份|块|条|副)'
const COUNT = [
  new RegExp(`(?:库存|仅剩|只剩|还剩|剩下|剩余|最后)\\s*(?:还剩|仅剩|只剩|还有|只有|仅有|为|是|有|约|[:：])?\\s*${NUM}\\s*${UNIT}`, 'u'),
  new RegExp(`库存(?:还有|为|是|[:：])?\\s*${NUM}(?![\\d.])`, 'u'),
  /(?:only|just)?\s*(\d+)\s+(?:units?|pieces?|items?|pcs)?\s*(?:left|remaining|in stock)/i,
]
/** Where a claim can start. */
const TRIGGER = /缺|售罄|卖|断货|无货|没|有货|现货|库存|货源|剩|最后|\b(?:out|sold|not|no|unavailable|in stock|available|only|just|left|remaining)\b|(?<![A-Za-z0-9.])\d/i
const TAIL = /(?<![A-Za-z])[A-Za-z]{1,11}$|[缺售卖断无没有现库货剩最]$/

/** Every stock claim in a text. */
export function readStockClaims(text: string): StockClaim[] {
  const claims: StockClaim[] = []
  for (const re of COUNT) {
    const m = re.exec(text)
    if (!m) continue
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : chineseNumber(m[1]!)
    if (n !== undefined) claims.push({ count: n })
    break
  }
  if (OUT.test(text)) claims.push({ out: true })
  else if (IN.test(text) && !claims.length) claims.push({ in: true })
  return claims
}

export function supports(stock: number | undefined, claim: StockClaim): boolean {
  if (stock === undefined) return false
  if ('out' in claim) return stock === 0
  if ('in' in claim) return stock > 0
  return stock === claim.count
}

export interface StockGuardOptions {
  /** The products of the sentence's claims: those it names, else the one in focus; empty: unknown. */
  productsOf: (sentence: string) => readonly Stocked[]
}

const MAX_HOLD = 200

export class StockGuard extends SentenceGuard {
  readonly #productsOf: StockGuardOptions['productsOf']

  constructor(options: StockGuardOptions) {
    super({ trigger: TRIGGER, tail: TAIL, maxHold: MAX_HOLD })
    this.#productsOf = options.productsOf
  }

  protected check(held: string): string {
    const claims = readStockClaims(held)
    if (!claims.length) {
      this.said += held
      return held
    }
    const products = this.#productsOf(this.said + held)
    const ok = claims.every((c) => products.some((p) => supports(p.stock, c)))
    if (ok) {
      this.said += held
      return held
    }
    return this.dropped(held)
  }
}
