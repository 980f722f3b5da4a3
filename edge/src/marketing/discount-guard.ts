// The discount guard: an LLM may only mention the one offer the rules chose for this turn (or none).
// It reads discount wording (八折, 8.5折, 20% off, 立减50, 减50元, 50元优惠券, ¥50 off) and drops
// the rest of any sentence whose discount is not that offer's, counting it for `done.corrected`:
// a made-up discount usually comes with a made-up code or date, so not just the number goes.
// Only text from a possible discount start to the sentence end is held back; the rest streams.
// Coupon codes are read too (券码 XYZ, code SAVE10): a code that is not the offer's is as invented as
// a discount, even with no discount wording beside it. It runs after the price guard (which owns amounts).
// Offers without a number or code word count too: a code after 输入/使用/enter/use/apply ("Enter
// SAVE90 at checkout": capitals with a digit, not a spec like IP68 or USB3), "90 percent off", 半价 /
// half price (50% off), and deals no offer type has (第二件半价, 买一送一, buy one get one free),
// which pass only when the offer's own title or terms say exactly that.
import type { OfferConfig } from '../../../shared/config.ts'
import { SentenceGuard } from '../model/sentence-guard.ts'

type GuardedOffer = Pick<OfferConfig, 'discount' | 'code'> & Partial<Pick<OfferConfig, 'title' | 'terms'>>

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 }

const DISCOUNT = new RegExp(
  [
    String.raw`(?<deal>第\s*[二2三3]\s*件\s*(?:半价|[一二两三四五六七八九\d](?:\.\d)?\s*折|免费|0元)|买\s*[一二两三四五\d]\s*送\s*[一二两三\d]|\bbuy\s+(?:one|two|1|2)\s*,?\s*get\s+(?:one|1)(?:\s+(?:free|half[\s-]off|at half price))?|\bBOGO\b|\bsecond\s+(?:one|item)\s+(?:half[\s-]price|free))`,
    // Gifts, 满减 and "add us on WeChat for a coupon": promotions no offer field states, so only the
    // offer's own title or terms can make them true.
    String.raw`(?<deal2>满\s*\d*\s*减\s*\d*|(?:下单|购买|买就|买即|买了|现在买)\s*(?:就|即|还)?\s*送|赠品|赠送|免费送|\bfree\s+gift\b|(?:加|添加)?\s*(?:微信|vx|wx|qq|wechat|whatsapp)\s*[:：号]?\s*[A-Za-z0-9_-]{5,})`,
    String.raw`(?<half>半价|\bhalf[\s-]price\b|\bhalf[\s-]off\b)`,
    String.raw`(?<pct2>\d{1,2})\s*(?:percent|per\s?cent|pct)\s*(?:off|discount)`,
    String.raw`(?<zhe>[一二两三四五六七八九]{1,2}|\d(?:\.\d)?)\s*折(?!叠)`,
    String.raw`(?<pct>\d{1,2})\s*%\s*(?:off|折扣|优惠|discount)`,
    String.raw`(?:立减|直减|减|省)\s*[¥￥]?\s*(?<cut>\d+(?:\.\d+)?)\s*(?:元|块)?`,
    String.raw`(?<coupon>\d+(?:\.\d+)?)\s*(?:元|块)\s*(?:的)?\s*(?:优惠券|代金券|券|红包)`,
    String.raw`[¥￥$]?\s*(?<off>\d+(?:\.\d+)?)\s*(?:yuan|元|dollars?)?\s+off\b`,
  ].join('|'),
  'giu',
)

export type Discount = { percentOff: number } | { amountOff: number } | { deal: string }

/** 券码/优惠码/code, then what looks like a code: letters and digits with a digit or all in capitals. */
const CODE = /(?:券码|优惠码|兑换码|折扣码|促销码|口令|\b(?:coupon|promo|discount)?\s*code)\s*(?:is\s+|是|为|[:：])?\s*[「“"'(（]?\s*(?<code>[A-Za-z0-9][A-Za-z0-9_-]{2,39})/giu
const CODE_SHAPE = /^(?=.*\d)[A-Za-z0-9_-]+$|^[A-Z0-9_-]+$/

/** Every coupon code a text gives out. */
export function readCodes(text: string): string[] {
  const worded = [...text.matchAll(CODE)].map((m) => m.groups!.code!).filter((c) => CODE_SHAPE.test(c))
  const entered = [...text.matchAll(ENTERED)].map((m) => m.groups!.code!).filter((c) => ENTERED_SHAPE.test(c) && !SPEC.test(c))
  return [...new Set([...worded, ...entered])]
}

/** A code typed at checkout, with no code word: 输入 HUIKE2024, use SAVE90, apply VIP10. */
const ENTERED = /(?:输入|使用|用|填写?|(?<![A-Za-z])(?:enter|use|apply|type|redeem)(?![A-Za-z]))\s*(?:the\s+)?[「“"'(（]?\s*(?<code>[A-Za-z0-9][A-Za-z0-9_-]{3,39})(?![A-Za-z0-9])/giu
/** Capitals and a digit, starting with a letter (not "8GB", "it", "Type-C"). */
const ENTERED_SHAPE = /^(?=[A-Z])(?=.*\d)(?=.*[A-Z].*[A-Z])[A-Z0-9_-]+$/
/** Spec words that look like codes: IP68, USB3, LPDDR5, WiFi6, 5G, Type-C… */
const SPEC = /^(?:IPX?\d|USB|LPDDR|DDR|GDDR|HDMI|WIFI|PCIE|NFC|LTE|QC\d|PD\d|SPF\d|PA\d|BT\d|UFS|LCD|OLED|AMOLED|CPU|GPU|RAM|ROM|SSD|HDR|RTX|GTX|MP\d|AAA?\d|CR\d)/i

function zheValue(text: string): number {
  if (/^\d/.test(text)) return Number(text)
  const digits = [...text].map((c) => CN_DIGITS[c]!)
  return digits.length === 2 ? digits[0]! + digits[1]! / 10 : digits[0]!
}

/** Every discount a text states. */
export function readDiscounts(text: string): Discount[] {
  return [...text.matchAll(DISCOUNT)].map((m) => {
    const g = m.groups!
    if (g.deal) return { deal: g.deal }
    if (g.deal2) return { deal: g.deal2 }
    if (g.half) return { percentOff: 50 }
    if (g.pct2) return { percentOff: Number(g.pct2) }
    if (g.zhe) return { percentOff: Math.round(100 - zheValue(g.zhe) * 10) }
    if (g.pct) return { percentOff: Number(g.pct) }
    return { amountOff: Number(g.cut ?? g.coupon ?? g.off) }
  })
}

export function allows(offer: GuardedOffer | undefined, d: Discount): boolean {
  if (!offer) return false
  if ('deal' in d) return offerWords(offer).includes(squash(d.deal))
  if ('percentOff' in d) return offer.discount.type === 'percent' && Math.abs(offer.discount.value - d.percentOff) < 0.01
  return offer.discount.type === 'amount' && Math.abs(offer.discount.value - d.amountOff) < 0.01
}

const squash = (text: string) => text.toLowerCase().replace(/\s+/g, '')

/** The offer's own words (title, terms, any language), for deals that only its text can state. */
function offerWords(offer: GuardedOffer): string {
  const texts = [offer.title, offer.terms].flatMap((t) => (typeof t === 'string' ? [t] : t ? Object.values(t as Record<string, string>) : []))
  return squash(texts.join(' '))
}

/** Where discount wording can start: a digit (not in a model code like "X5"), a Chinese numeral, 减/省, a currency sign, a code word. */
const TRIGGER = /(?<![A-Za-z0-9.])\d|[一二两三四五六七八九]|立减|直减|减|省|[¥￥$]|券码|优惠码|兑换码|折扣码|促销码|口令|输入|使用|用|填|半价|第|买|满|下单|赠|送|加|微信|\b(?:coupon|promo|discount|code|enter|use|apply|type|redeem|half|buy|bogo|second|free|vx|wx|qq|wechat|whatsapp)\b/iu
/** A tail that may still grow into a trigger word: "En" of "Enter", "输" of "输入". */
const TRIGGER_TAIL = /(?<![A-Za-z])(?:f|fr|fre|w|we|wec|wech|wecha|wh|wha|what|whats|whatsa|whatsap|q|v|c|co|cou|coup|coupo|p|pr|pro|prom|d|di|dis|disc|disco|discou|discoun|e|en|ent|ente|u|us|a|ap|app|appl|t|ty|typ|r|re|red|rede|redee|h|ha|hal|b|bu|bo|bog|s|se|sec|seco|secon)$|[输使填半券优兑折促口满下赠微加]$/i
/** A held tail longer than this is checked and released even without a sentence end. */
const MAX_HOLD = 40

export class DiscountGuard extends SentenceGuard {
  readonly #offer?: GuardedOffer

  constructor(offer?: GuardedOffer) {
    super({ trigger: TRIGGER, tail: TRIGGER_TAIL, maxHold: MAX_HOLD })
    this.#offer = offer
  }

  /** The held text, or nothing when it states a discount or a code that is not the offer's. */
  protected check(held: string): string {
    const code = this.#offer?.code.toUpperCase()
    const unknown = [
      ...readDiscounts(held).filter((d) => !allows(this.#offer, d)),
      ...readCodes(held).filter((c) => c.toUpperCase() !== code),
    ]
    if (!unknown.length) return held
    this.corrected += unknown.length - 1 // dropped() counts one
    return this.dropped(held)
  }
}
