// The price guard: a visitor must never see a price the catalog doesn't have, whatever the model
// (or a visitor's prompt injection) made up. It sits on the LLM's streamed text:
// - amounts are read as models write them: ¥1299, 1299元, $59 (amounts.ts), full-width digits
//   (９９元, read as 99元) and Chinese numerals with 元/块 (九十九元, 1千元, 两千块);
// - with one product in focus, an unknown amount is replaced by that product's catalog price,
//   written the same way, but only when its sentence is about that product: a sentence that names
//   another product or an earlier price (原价, 划线价, was, originally) loses the rest of the sentence
//   from the amount (or from that other product) on instead. Ordinary text streams as it comes;
//   only what may still grow into an amount is held back, and after an unknown amount (or another
//   product, or 原价) the rest of that sentence, until it can be judged;
// - with no single product in focus there is nothing sound to put instead, so the sentence with
//   the unknown amount is dropped; that needs whole sentences, so text is released per sentence.
// Discounts (八折, 20% off) are not amounts and pass; the marketing rules own them.
import type { Product } from '../../../shared/catalog.ts'
import { readAmount as readChineseAmount } from '../knowledge/budget.ts'
import { formatPrice } from '../knowledge/facts.ts'
import { AMOUNT, pendingAmountStart, readAmount, rewriteAmount } from './amounts.ts'

export interface KnownPrice {
  value: number
  currency: string
}

export interface PriceGuardOptions {
  /** Every amount the model may quote: the prices of the products it was given. */
  known: readonly KnownPrice[]
  /** The product whose price replaces an unknown amount; absent: such sentences are dropped. */
  focus?: Pick<Product, 'price' | 'currency'> & Partial<Pick<Product, 'id' | 'name' | 'aliases'>>
  /** Whether a text names a product other than the focus one; default: a model code ("Y1", "Z9") that is not the focus product's. */
  namesOther?: (text: string) => boolean
  /**
   * The prices of the shop's products a sentence names. A price belongs to the product its sentence
   * names: with one named, only its price (or an `always` amount) passes and an unknown amount becomes
   * its price; with several, one of theirs; with none, any `known` price.
   */
  named?: (sentence: string) => KnownPrice[]
  /** Amounts that pass in any sentence: the offer's, the visitor's own budget. */
  always?: readonly KnownPrice[]
  /** Whether a sentence names something the shop doesn't sell ("云顶2帐篷"): no price of ours belongs in it. */
  foreign?: (sentence: string) => boolean
}

/** Sentence ends: Chinese marks, "!?" and a newline, or a full stop before a space (not "6.7"). */
const SENTENCE_END = /[。！？!?；\n]|\.(?=\s)/g

/** Wording that makes an amount some other price than today's: it cannot become the catalog price. */
const EARLIER_PRICE = /原价|原售价|原来|划线价|市场价|专柜价|吊牌价|指导价|\bwas\b|\boriginally\b|\boriginal price|\blist price|\bregular price|\bRRP\b|\bMSRP\b/i
const NUMERAL = '零〇一二两三四五六七八九十百千万'
/** 九十九元, 两千块, 1千元, 1.5万元 (not "三块表": 块 before a thing it counts). */
const CHINESE_AMOUNT = new RegExp(
  String.raw`(?<![${NUMERAL}\d.,])(?<num>[${NUMERAL}]+|\d+(?:\.\d+)?\s?[千万])(?<sp>\s?)(?<suf>元|块钱?(?![表屏布肌糖石地电板砖]))`,
  'gu',
)
/** A tail that may still become a Chinese amount or an earlier-price word. */
const CHINESE_TAIL = new RegExp(String.raw`(?:[${NUMERAL}]+|\d+(?:\.\d+)?\s?[千万]?)\s?$|[原划市专吊指]$`, 'u')
/** A tail that may still become a model code ("Y" of "Y1", "Z9"): a short Latin word and digits. */
const CODE_TAIL = /(?<![A-Za-z0-9])[A-Za-z]{1,3}\d{0,3}$/
/** Longest held sentence in focus mode before it is judged anyway. */
const MAX_SENTENCE = 400

interface Found {
  index: number
  end: number
  value: number
  currencies: readonly string[]
  /** The amount written with another value, the way the model wrote this one. */
  rewrite: (value: number, currency: string) => string
}

/** Full-width digits as ASCII ones (NFKC for digits only: full-width punctuation is how Chinese is written). */
export function asciiDigits(text: string): string {
  return text.replace(/[０-９]/g, (d) => d.normalize('NFKC'))
}

/** Every amount in a text, in order: ASCII ones (amounts.ts) and Chinese ones. */
export function findAmounts(text: string): Found[] {
  const found: Found[] = []
  for (const m of text.matchAll(AMOUNT)) {
    const a = readAmount(m)
    found.push({
      index: m.index,
      end: m.index + m[0].length,
      value: a.value,
      currencies: a.currencies,
      rewrite: (value, currency) => (a.currencies.includes(currency.toUpperCase()) ? rewriteAmount(m, value) : formatPrice(value, currency)),
    })
  }
  for (const m of text.matchAll(CHINESE_AMOUNT)) {
    const value = readChineseAmount(m.groups!.num!)
    if (value === undefined) continue
    const { sp, suf } = m.groups!
    found.push({
      index: m.index,
      end: m.index + m[0].length,
      value,
      currencies: ['CNY'],
      rewrite: (v, currency) => (currency.toUpperCase() === 'CNY' ? `${v}${sp}${suf}` : formatPrice(v, currency)),
    })
  }
  return found.sort((a, b) => a.index - b.index)
}

/** Model codes ("Y1", "Z9", "A2"), not spec words ("IP68", "USB3", "5G"). */
export const MODEL_CODE = /(?<![A-Za-z0-9])[A-Za-z]{1,3}\d{1,3}[A-Za-z]?(?![A-Za-z0-9])/g
export const NOT_A_PRODUCT = /^(?:IPX?|USB|DDR|LPDDR|PM|CR|MP|BT|HDMI|WIFI|LTE|QC|PD|UV|SPF|PA|VC|VB|VE)\d/i

/** The default test for "names another product": a model code that is none of the focus product's names. */
export function otherModelCode(focus: PriceGuardOptions['focus']): (text: string) => boolean {
  const own = [focus?.id, focus?.name, ...(focus?.aliases ?? [])].filter(Boolean).join(' ').toLowerCase()
  if (!own) return () => false // nothing to tell the focus product's codes from others'
  const owned = new Set(own.match(MODEL_CODE) ?? [])
  if (focus?.id) owned.add(focus.id.toLowerCase())
  return (text) => (text.match(MODEL_CODE) ?? []).some((c) => !NOT_A_PRODUCT.test(c) && !owned.has(c.toLowerCase()))
}

export class PriceGuard {
  /** Amounts corrected or dropped so far, for `done.corrected`. */
  corrected = 0
  readonly #known: readonly KnownPrice[]
  readonly #focus?: PriceGuardOptions['focus']
  readonly #namesOther: (text: string) => boolean
  readonly #named?: (sentence: string) => KnownPrice[]
  readonly #always: readonly KnownPrice[]
  readonly #foreign: (sentence: string) => boolean
  #pending = ''
  /** Focus mode: what of the current sentence is already out. */
  #said = ''
  /** Focus mode: the rest of the current sentence is held until its end (an unknown amount or a risk came). */
  #holding = false

  constructor(options: PriceGuardOptions) {
    this.#known = options.known
    this.#focus = options.focus
    this.#namesOther = options.namesOther ?? otherModelCode(options.focus)
    this.#named = options.named
    this.#always = options.always ?? []
    this.#foreign = options.foreign ?? (() => false)
  }

  /** Takes the next piece of model text; returns what may be shown now (possibly ''). */
  push(text: string): string {
    this.#pending += asciiDigits(text)
    return this.#focus ? this.#stream(false) : this.#releaseSentences(false)
  }

  /** The model finished: everything still held, checked. */
  end(): string {
    return this.#focus ? this.#stream(true) : this.#releaseSentences(true)
  }

  /** The prices a sentence may quote: those of the products it names, else every known one. */
  #allowed(sentence: string): readonly KnownPrice[] {
    if (this.#foreign(sentence)) return this.#always
    const named = this.#named?.(sentence) ?? []
    return named.length ? [...named, ...this.#always] : this.#known
  }

  /** Unknown amounts in `text`, judged by the whole sentence so far (`sentence`, ending with `text`). */
  #unknown(text: string, sentence = text): Found[] {
    const allowed = this.#allowed(sentence)
    const offset = sentence.length - text.length
    return findAmounts(sentence)
      .filter((a) => a.index >= offset && !allowed.some((k) => Math.abs(k.value - a.value) < 0.005 && a.currencies.includes(k.currency.toUpperCase())))
      .map((a) => ({ ...a, index: a.index - offset, end: a.end - offset }))
  }

  /** Whether a sentence is about something else than the focus product's price today. */
  #risky(text: string): boolean {
    return EARLIER_PRICE.test(text) || this.#namesOther(text) || this.#foreign(text)
  }

  /** Where in `text` a risk (another product, an earlier price) starts, or -1. */
  #riskStart(text: string): number {
    if (!this.#risky(text)) return -1
    let lo = 1
    let hi = text.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.#risky(text.slice(0, mid))) hi = mid
      else lo = mid + 1
    }
    let start = lo - 1
    while (start > 0 && !this.#risky(text.slice(start, lo))) start--
    return start
  }

  #stream(final: boolean): string {
    let out = ''
    for (;;) {
      if (this.#holding) {
        SENTENCE_END.lastIndex = 0
        const m = SENTENCE_END.exec(this.#pending)
        if (!m && !final && this.#pending.length <= MAX_SENTENCE) break
        const end = m ? m.index + m[0].length : this.#pending.length
        out += this.#resolve(this.#pending.slice(0, end))
        this.#pending = this.#pending.slice(end)
        this.#said = ''
        this.#holding = false
        if (!this.#pending) break
        continue
      }
      const cut = final ? this.#pending.length : this.#holdStart(this.#pending)
      if (cut === 0) break
      const region = this.#pending.slice(0, cut)
      SENTENCE_END.lastIndex = 0
      const m = SENTENCE_END.exec(region)
      const piece = m ? region.slice(0, m.index + m[0].length) : region
      const risk = this.#risky(this.#said) ? 0 : this.#riskStart(piece)
      const unknown = this.#unknown(piece, this.#said + piece)[0]?.index ?? -1
      const stop = [risk, unknown].filter((i) => i >= 0)
      if (!stop.length) {
        out += piece
        this.#said = m ? '' : this.#said + piece
        this.#pending = this.#pending.slice(piece.length)
        if (!m) break
        continue
      }
      const at = Math.min(...stop)
      out += piece.slice(0, at)
      this.#said += piece.slice(0, at)
      this.#pending = this.#pending.slice(at)
      this.#holding = true
    }
    return out
  }

  /** Where the held tail starts: an amount, a Chinese amount or a model code or 原价 in the making. */
  #holdStart(text: string): number {
    const tails = [pendingAmountStart(text), CHINESE_TAIL.exec(text)?.index, CODE_TAIL.exec(text)?.index]
    return Math.min(...tails.filter((i): i is number => i !== undefined))
  }

  /** The held rest of a sentence: its unknown amounts rewritten, or dropped when the sentence is about something else. */
  #resolve(held: string): string {
    const sentence = this.#said + held
    const unknown = this.#unknown(held, sentence)
    if (!unknown.length) return held
    this.corrected += unknown.length
    // A sentence about one product of ours gets that product's price, never the focus product's.
    const named = this.#named?.(sentence) ?? []
    const owner = named.length === 1 && !EARLIER_PRICE.test(sentence) && !this.#foreign(sentence) ? named[0]! : undefined
    if (!owner && (this.#risky(sentence) || this.#foreign(sentence))) {
      // What was said of the sentence is out already; keep its end so the next one starts cleanly.
      const end = /[。！？!?；\n]$|\.$/.exec(held)
      return this.#said.trim() && end ? end[0] : held.endsWith('\n') ? '\n' : ''
    }
    const price = owner ?? { value: this.#focus!.price, currency: this.#focus!.currency }
    let out = ''
    let last = 0
    for (const a of unknown) {
      out += held.slice(last, a.index) + a.rewrite(price.value, price.currency)
      last = a.end
    }
    return out + held.slice(last)
  }

  #releaseSentences(all: boolean): string {
    let out = ''
    let start = 0
    for (const end of sentenceEnds(this.#pending)) {
      out += this.#checkSentence(this.#pending.slice(start, end))
      start = end
    }
    const rest = this.#pending.slice(start)
    this.#pending = all ? '' : rest
    return all ? out + this.#checkSentence(rest) : out
  }

  /** The sentence, or nothing when it quotes an amount that is no catalog price. */
  #checkSentence(sentence: string): string {
    const unknown = this.#unknown(sentence)
    this.corrected += unknown.length
    return unknown.length ? '' : sentence
  }
}

function sentenceEnds(text: string): number[] {
  return [...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length)
}
