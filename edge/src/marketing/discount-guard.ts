// The discount guard: an LLM may only mention the one offer the rules chose for this turn (or none).
// It reads discount wording (八折, 8.5折, 20% off, 立减50, 减50元, 50元优惠券, ¥50 off) and drops
// the rest of any sentence whose discount is not that offer's, counting it for `done.corrected`:
// a made-up discount usually comes with a made-up code or date, so not just the number goes.
// Only text from a possible discount start to the sentence end is held back; the rest streams.
// Coupon codes are read too (券码 XYZ, code SAVE10): a code that is not the offer's is as invented as
// a discount, even with no discount wording beside it. It runs after the price guard (which owns amounts).
import type { OfferConfig } from '../../../shared/config.ts'

type GuardedOffer = Pick<OfferConfig, 'discount' | 'code'>

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

const DISCOUNT = new RegExp(
  [
    String.raw`(?<zhe>[一二两三四五六七八九]{1,2}|\d(?:\.\d)?)\s*折(?!叠)`,
    String.raw`(?<pct>\d{1,2})\s*%\s*(?:off|折扣|优惠|discount)`,
    String.raw`(?:立减|直减|减|省)\s*[¥￥]?\s*(?<cut>\d+(?:\.\d+)?)\s*(?:元|块)?`,
    String.raw`(?<coupon>\d+(?:\.\d+)?)\s*(?:元|块)\s*(?:的)?\s*(?:优惠券|代金券|券|红包)`,
    String.raw`[¥￥$]?\s*(?<off>\d+(?:\.\d+)?)\s*(?:yuan|元|dollars?)?\s+off\b`,
  ].join('|'),
  'giu',
)

export type Discount = { percentOff: number } | { amountOff: number }

/** 券码/优惠码/code, then what looks like a code: letters and digits with a digit or all in capitals. */
const CODE = /(?:券码|优惠码|兑换码|折扣码|促销码|口令|\b(?:coupon|promo|discount)?\s*code)\s*(?:is\s+|是|为|[:：])?\s*[「“"'(（]?\s*(?<code>[A-Za-z0-9][A-Za-z0-9_-]{2,39})/giu
const CODE_SHAPE = /^(?=.*\d)[A-Za-z0-9_-]+$|^[A-Z0-9_-]+$/

/** Every coupon code a text gives out. */
export function readCodes(text: string): string[] {
  return [...text.matchAll(CODE)].map((m) => m.groups!.code!).filter((c) => CODE_SHAPE.test(c))
}

function zheValue(text: string): number {
  if (/^\d/.test(text)) return Number(text)
  const digits = [...text].map((c) => CN_DIGITS[c]!)
  return digits.length === 2 ? digits[0]! + digits[1]! / 10 : digits[0]!
}

/** Every discount a text states. */
export function readDiscounts(text: string): Discount[] {
  return [...text.matchAll(DISCOUNT)].map((m) => {
    const g = m.groups!
    if (g.zhe) return { percentOff: Math.round(100 - zheValue(g.zhe) * 10) }
    if (g.pct) return { percentOff: Number(g.pct) }
    return { amountOff: Number(g.cut ?? g.coupon ?? g.off) }
  })
}

export function allows(offer: GuardedOffer | undefined, d: Discount): boolean {
  if (!offer) return false
  if ('percentOff' in d) return offer.discount.type === 'percent' && Math.abs(offer.discount.value - d.percentOff) < 0.01
  return offer.discount.type === 'amount' && Math.abs(offer.discount.value - d.amountOff) < 0.01
}

/** Where discount wording can start: a digit (not in a model code like "X5"), a Chinese numeral, 减/省, a currency sign, a code word. */
const TRIGGER = /(?<![A-Za-z0-9.])\d|[一二两三四五六七八九]|立减|直减|减|省|[¥￥$]|券码|优惠码|兑换码|折扣码|促销码|口令|\b(?:coupon|promo|discount|code)\b/iu
/** A held tail longer than this is checked and released even without a sentence end. */
const MAX_HOLD = 40

export class DiscountGuard {
  corrected = 0
  readonly #offer?: GuardedOffer
  /** The current sentence from its first possible discount on; what came before is already out. */
  #pending = ''

  constructor(offer?: GuardedOffer) {
    this.#offer = offer
  }

  push(text: string): string {
    this.#pending += text
    let out = ''
    for (;;) {
      const m = /[。！？!?；\n]|\.(?=\s)/.exec(this.#pending)
      if (!m) break
      const end = m.index + m[0].length
      out += this.#check(this.#pending.slice(0, end))
      this.#pending = this.#pending.slice(end)
    }
    if (this.#pending.length > MAX_HOLD) {
      out += this.#check(this.#pending)
      this.#pending = ''
    } else {
      // Text before the first trigger cannot be part of a discount: it streams at once.
      const t = TRIGGER.exec(this.#pending)
      const cut = t ? t.index : this.#pending.length
      out += this.#pending.slice(0, cut)
      this.#pending = this.#pending.slice(cut)
    }
    return out
  }

  end(): string {
    const rest = this.#check(this.#pending)
    this.#pending = ''
    return rest
  }

  /** The held text, or nothing when it states a discount or a code that is not the offer's. */
  #check(held: string): string {
    const code = this.#offer?.code.toUpperCase()
    const unknown = [
      ...readDiscounts(held).filter((d) => !allows(this.#offer, d)),
      ...readCodes(held).filter((c) => c.toUpperCase() !== code),
    ]
    this.corrected += unknown.length
    return unknown.length ? '' : held
  }
}
