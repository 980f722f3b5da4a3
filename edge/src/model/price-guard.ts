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
//
// Knowing which products a sentence names (`catalog`), a price belongs to the product
// its sentence names, never to whichever product is in focus:
// - naming one of ours: its price passes (so do `always` amounts: the offer's, a budget); another
//   amount, another product's true price included, becomes its price, unless the amount's clause
//   has a subject of its own ("X5 售价 ¥899，表带 59元": a known price there passes, another goes);
// - naming several, or one and 它/这款 (which one?), 原价 or something we don't sell: an amount
//   passes only as the price of one of them, else it goes;
// - naming none: it is about the product in focus (as above: 它/这款/this/it, or nothing named)
//   unless it names something the shop doesn't sell ("云顶2帐篷" in a watch shop, "X9", "小米手环":
//   price-owners.ts): then no price of ours goes into it, and its amounts go;
// - with no product in focus a wrong amount still takes its sentence with it (nothing is rewritten).
// An amount streams at once when it is the price of a product named before it in its sentence (or the
// focus product's after 它/这款); any other is held with the rest of its sentence until the sentence
// can be judged whole, and a comma just before it waits too, so a dropped clause takes its comma.
// What goes is the same however the text was split: from a held model code or 原价 on, or else (a
// name's first letters may be out already) from the dropped amount's price word ("云顶2帐篷|售价…").
import type { Product } from '../../../shared/catalog.ts'
import { readAmount as readChineseAmount } from '../knowledge/budget.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { formatPrice } from '../knowledge/facts.ts'
import { AMOUNT, pendingAmountStart, readAmount, rewriteAmount } from './amounts.ts'
import { DEICTIC, foreignSubject, type Labelled, namesUnknownProduct, NOT_A_MODEL, pricePhraseStart } from './price-owners.ts'

export interface KnownPrice {
  value: number
  currency: string
}

/** A product a sentence names: its price, and its names when known (for "这款手表" and the like). */
export type NamedPrice = KnownPrice & Labelled

export interface PriceGuardOptions {
  /** Every amount the model may quote: the prices of the products it was given. */
  known: readonly KnownPrice[]
  /** The product whose price replaces an unknown amount; absent: such sentences are dropped. */
  focus?: Pick<Product, 'price' | 'currency'> & Labelled
  /** Whether a text names a product other than the focus one; default: a model code ("Y1", "Z9") that is not the focus product's. */
  namesOther?: (text: string) => boolean
  /** Amounts that pass in any sentence: the offer's, the visitor's own budget. */
  always?: readonly KnownPrice[]
  /**
   * The shop's catalog: the products a sentence names are its `mentions`, and what it doesn't sell is
   * found as findUnknownProduct finds it, and Chinese model names it lacks. A price belongs to the
   * product its sentence names: with one named, only its price (or an `always` amount) passes and an
   * unknown amount becomes its price; with several, one of theirs; with none, any `known` price.
   * Without it, the guard only knows the focus product (and `namesOther`).
   */
  catalog?: Catalog
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
/** The letters of a model code just before its number ("X" of "X9"). */
const CODE_LETTERS = /(?<![A-Za-z0-9])[A-Za-z]{1,3}$/
/** Longest held sentence in focus mode before it is judged anyway. */
const MAX_SENTENCE = 400

/** A comma (not a sentence end) and spaces before a held part: they go with it, so a dropped clause takes its comma. */
const CLAUSE_BEFORE = /[，,、；;]\s*$/

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

/** Model codes ("Y1", "Z9", "A2"); NOT_A_MODEL tells spec and currency words ("IP68", "USB3") apart. */
const MODEL_CODE = /(?<![A-Za-z0-9])[A-Za-z]{1,3}\d{1,3}[A-Za-z]?(?![A-Za-z0-9])/g

/** The default test for "names another product": a model code that is none of the focus product's names. */
export function otherModelCode(focus: PriceGuardOptions['focus']): (text: string) => boolean {
  const own = [focus?.id, focus?.name, ...(focus?.aliases ?? [])].filter(Boolean).join(' ').toLowerCase()
  if (!own) return () => false // nothing to tell the focus product's codes from others'
  const owned = new Set(own.match(MODEL_CODE) ?? [])
  if (focus?.id) owned.add(focus.id.toLowerCase())
  return (text) => (text.match(MODEL_CODE) ?? []).some((c) => !NOT_A_MODEL.test(c) && !owned.has(c.toLowerCase()))
}


/** An amount's fate in its sentence: it stands, it becomes `owner`'s price, or (no owner) it goes. */
type Verdict = { ok: true } | { ok: false; owner?: KnownPrice }

/** What a sentence names, for judging its amounts. */
interface SentenceView {
  named: NamedPrice[]
  /** Something the shop doesn't sell. */
  unknown: boolean
  /** Another product or something else that `namesOther` sees. */
  other: boolean
  earlier: boolean
  /** It says 它/这款 while naming products that are not the focus one: whose price is unclear. */
  ambiguous: boolean
}

/** The same product: by id when both have one, else by price (`named` may give prices only). */
function sameProduct(a: NamedPrice, b: NamedPrice): boolean {
  if (a.id !== undefined && b.id !== undefined) return a.id === b.id
  return a.value === b.value && a.currency.toUpperCase() === b.currency.toUpperCase()
}

function samePrice(k: KnownPrice, a: Found): boolean {
  return Math.abs(k.value - a.value) < 0.005 && a.currencies.includes(k.currency.toUpperCase())
}

export class PriceGuard {
  /** Amounts corrected or dropped so far, for `done.corrected`. */
  corrected = 0
  readonly #known: readonly KnownPrice[]
  readonly #focus?: PriceGuardOptions['focus']
  readonly #focusPrice?: NamedPrice
  readonly #namesOther: (text: string) => boolean
  readonly #always: readonly KnownPrice[]
  readonly #catalog?: Catalog
  /** Whether the guard knows which products a sentence names (and so whose price an amount is). */
  readonly #owned: boolean
  #pending = ''
  /** Focus mode: what of the current sentence is already out. */
  #said = ''
  /** Focus mode: the rest of the current sentence is held until its end (an unknown amount or a risk came). */
  #holding = false
  /**
   * Focus mode, knowing the products: the held part starts where it would in any split of the text (an
   * amount, a model code, 原价), not at a name whose first letters another split may have shown already.
   */
  #heldWhole = false

  constructor(options: PriceGuardOptions) {
    this.#known = options.known
    this.#focus = options.focus
    this.#namesOther = options.namesOther ?? otherModelCode(options.focus)
    this.#always = options.always ?? []
    this.#catalog = options.catalog
    this.#owned = !!options.catalog
    const focus = options.focus
    if (focus) {
      // The catalog's record has the category and tags ("这款手表" is about a 儿童手表).
      const record = focus.id !== undefined ? options.catalog?.get(focus.id) : undefined
      this.#focusPrice = { ...focus, ...record, value: focus.price, currency: focus.currency }
    }
  }

  /** Takes the next piece of model text; returns what may be shown now (possibly ''). */
  push(text: string): string {
    this.#pending += asciiDigits(text)
    return this.#focus ? this.#stream(false) : this.#releaseSentences(false)
  }

  /** The model finished (or paused): everything still held, checked. */
  end(): string {
    return this.#focus ? this.#stream(true) : this.#releaseSentences(true)
  }

  #isKnown(a: Found): boolean {
    return this.#known.some((k) => samePrice(k, a))
  }

  /** Without products named: the amounts in `text` that are no known price. */
  #unknown(text: string): Found[] {
    return findAmounts(text).filter((a) => !this.#isKnown(a))
  }

  /** The products `text` names, with their prices. */
  #namedIn(text: string): NamedPrice[] {
    return this.#catalog?.mentions(text).map((p) => ({ ...p, value: p.price, currency: p.currency })) ?? []
  }

  #isFocus(p: NamedPrice): boolean {
    return !!this.#focusPrice && sameProduct(p, this.#focusPrice)
  }

  /** Whether `text` names something the shop doesn't sell. */
  #unknownIn(text: string): boolean {
    return !!this.#catalog && namesUnknownProduct(text, this.#catalog)
  }

  /** Whether a sentence is about something else than the focus product's price today. */
  #risky(text: string): boolean {
    if (EARLIER_PRICE.test(text) || this.#namesOther(text) || this.#unknownIn(text)) return true
    return this.#owned && this.#namedIn(text).some((p) => !this.#isFocus(p))
  }

  /**
   * Where a risk (another product, one we don't sell, an earlier price) starts in the sentence so far
   * (what was said of it, then `piece`: a name split across pieces counts), or -1.
   */
  #riskFrom(piece: string): number {
    const said = this.#said
    if (this.#risky(said)) return 0
    const text = said + piece
    if (!this.#risky(text)) return -1
    // The shortest risky beginning, then the shortest risky end of that: where the risky words start.
    let lo = said.length + 1
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

  /** Where in `piece` the first amount starts that cannot stream yet, or -1. */
  #firstHeld(piece: string): number {
    if (!this.#owned) return this.#unknown(piece)[0]?.index ?? -1
    const text = this.#said + piece
    const a = findAmounts(text).find((a) => a.index >= this.#said.length && !this.#settled(text, a))
    return a ? a.index - this.#said.length : -1
  }

  /**
   * Whether an amount stands whatever its sentence goes on to say: an `always` amount, the price of a
   * product named before it, or the focus product's price after 它/这款 with nothing named.
   */
  #settled(text: string, a: Found): boolean {
    if (this.#always.some((k) => samePrice(k, a))) return true
    const before = text.slice(0, a.index)
    const named = this.#namedIn(before)
    if (named.some((p) => samePrice(p, a))) return true
    return !named.length && !!this.#focusPrice && samePrice(this.#focusPrice, a) && DEICTIC.test(before) && !this.#unknownIn(before)
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
      const riskFrom = this.#riskFrom(piece)
      const risk = riskFrom < 0 ? -1 : Math.max(0, riskFrom - this.#said.length)
      const amount = this.#firstHeld(piece)
      const stop = [risk, amount].filter((i) => i >= 0)
      if (!stop.length) {
        out += piece
        this.#said = m ? '' : this.#said + piece
        this.#pending = this.#pending.slice(piece.length)
        if (!m) break
        continue
      }
      let at = Math.min(...stop)
      if (this.#owned) {
        this.#heldWhole = at === amount || this.#heldFromMark(this.#said + piece, riskFrom)
        // A comma before the held part goes with it (a dropped clause takes its comma).
        at -= CLAUSE_BEFORE.exec(piece.slice(0, at))?.[0].length ?? 0
      }
      out += piece.slice(0, at)
      this.#said += piece.slice(0, at)
      this.#pending = this.#pending.slice(at)
      this.#holding = true
    }
    return out
  }

  /**
   * Whether a risk starting at `start` of `text` starts the same in any split of the text: a model code
   * ("Y1") or an earlier-price word (原价) after a space or mark, which the held tails keep back whole.
   */
  #heldFromMark(text: string, start: number): boolean {
    if (start < this.#said.length) return false
    return !/[\p{L}\p{N}]/u.test(text[start - 1] ?? '') && /^(?:[A-Za-z]{1,3}\d|[原划市专吊指])/.test(text.slice(start))
  }

  /** Where the held tail starts: an amount, a Chinese amount or a model code or 原价 in the making (and a comma before it). */
  #holdStart(text: string): number {
    const tails = [pendingAmountStart(text), CHINESE_TAIL.exec(text)?.index, CODE_TAIL.exec(text)?.index]
    let cut = Math.min(...tails.filter((i): i is number => i !== undefined))
    // A held number may be the end of a model code ("X" of "X9 "): the code's letters wait with it.
    if (/\d/.test(text[cut] ?? '')) cut = CODE_LETTERS.exec(text.slice(0, cut))?.index ?? cut
    // Knowing the products, a comma waits with what follows it: it goes if that clause goes.
    return this.#owned ? cut - (CLAUSE_BEFORE.exec(text.slice(0, cut))?.[0].length ?? 0) : cut
  }

  /** The held rest of a sentence: its unknown amounts rewritten, or dropped when the sentence is about something else. */
  #resolve(held: string): string {
    if (this.#owned) return this.#resolveOwned(held)
    const unknown = this.#unknown(held)
    if (!unknown.length) return held
    this.corrected += unknown.length
    if (this.#risky(this.#said + held)) {
      // What was said of the sentence is out already; keep its end so the next one starts cleanly.
      const end = /[。！？!?；\n]$|\.$/.exec(held)
      return this.#said.trim() && end ? end[0] : held.endsWith('\n') ? '\n' : ''
    }
    return rewriteAll(held, unknown, this.#focus!)
  }

  /** The held rest of a sentence, judged with all of it: amounts kept or rewritten, or it goes. */
  #resolveOwned(held: string): string {
    const said = this.#said
    const sentence = said + held
    const judged = this.#judge(sentence, said.length)
    if (judged.dropAt === undefined) return judged.text(sentence.length)
    // The held part goes from where it starts, or (a name's first letters may be out already) from
    // the dropped amount's price phrase on, keeping what the clause names: the same in any split.
    const cut = this.#heldWhole ? said.length : Math.max(said.length, pricePhraseStart(sentence, judged.dropAt))
    const kept = judged.text(cut).replace(/[\s，,、；;：:]+$/u, '')
    // End what is out of the sentence so the next one starts cleanly.
    if (held.endsWith('\n')) return `${kept}\n`
    const end = /[。！？!?；]$|\.$/.exec(held)
    const shown = said + kept
    return kept + (shown.trim() && end && !CLAUSE_BEFORE.test(shown) ? end[0] : '')
  }

  /**
   * The amounts of `sentence` from `from` on, judged and counted: `text(to)` is the sentence from
   * `from` to `to` with wrong amounts rewritten; `dropAt`, where the first amount that must go is.
   */
  #judge(sentence: string, from: number): { text: (to: number) => string; dropAt?: number } {
    const amounts = findAmounts(sentence).filter((a) => a.index >= from)
    const view = amounts.length ? this.#view(sentence) : undefined
    const rewrites: { a: Found; owner: KnownPrice }[] = []
    let dropAt: number | undefined
    for (const a of amounts) {
      const verdict = this.#verdict(sentence, a, view!)
      if (verdict.ok) continue
      this.corrected++
      if (verdict.owner) rewrites.push({ a, owner: verdict.owner })
      else dropAt ??= a.index
    }
    const text = (to: number) => {
      let out = ''
      let last = from
      for (const { a, owner } of rewrites) {
        if (a.end > to) break
        out += sentence.slice(last, a.index) + a.rewrite(owner.value, owner.currency)
        last = a.end
      }
      return out + sentence.slice(last, to)
    }
    return { text, dropAt }
  }

  #view(sentence: string): SentenceView {
    const named = this.#namedIn(sentence)
    const unknown = this.#unknownIn(sentence)
    return {
      named,
      unknown,
      other: unknown || this.#namesOther(sentence),
      earlier: EARLIER_PRICE.test(sentence),
      ambiguous: !!this.#focus && named.length > 0 && !named.some((p) => this.#isFocus(p)) && DEICTIC.test(sentence),
    }
  }

  /** Whether an amount stands in its sentence, else whose price goes in its place (none: it goes). */
  #verdict(sentence: string, a: Found, view: SentenceView): Verdict {
    if (this.#settled(sentence, a)) return { ok: true }
    const known = this.#isKnown(a)
    const { named } = view
    if (!named.length) {
      // About the product in focus, unless it is about something we don't sell.
      if (view.unknown) return { ok: false }
      const focus = this.#focusPrice
      if (known) return { ok: true }
      return !focus || view.earlier || view.other ? { ok: false } : { ok: false, owner: focus }
    }
    if (named.some((p) => samePrice(p, a))) return { ok: true }
    const foreign = this.#foreignSubject(sentence, a, named)
    // A true price whose clause is about something else ("，表带 59元") is that thing's.
    if (known && foreign) return { ok: true }
    // With no product in focus a wrong amount takes its sentence with it (as it always did).
    if (!this.#focus) return { ok: false }
    const one = named.length === 1 && !foreign && !view.unknown && !view.earlier && !view.ambiguous
    return one ? { ok: false, owner: named[0]! } : { ok: false }
  }

  #foreignSubject(sentence: string, a: Found, owners: readonly NamedPrice[]): boolean {
    const namesOwner = (text: string) => this.#namedIn(text).some((p) => owners.some((o) => sameProduct(p, o)))
    return foreignSubject(sentence, a.index, owners, namesOwner)
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

  /** The sentence, or nothing when it quotes an amount that is no catalog price (knowing the products: not its products' price). */
  #checkSentence(sentence: string): string {
    if (this.#owned) {
      const judged = this.#judge(sentence, 0)
      return judged.dropAt === undefined ? judged.text(sentence.length) : ''
    }
    const unknown = this.#unknown(sentence)
    this.corrected += unknown.length
    return unknown.length ? '' : sentence
  }
}

/** `text` with the amounts `found` in it written as `price`. */
function rewriteAll(text: string, found: readonly Found[], price: Pick<Product, 'price' | 'currency'>): string {
  let out = ''
  let last = 0
  for (const a of found) {
    out += text.slice(last, a.index) + a.rewrite(price.price, price.currency)
    last = a.end
  }
  return out + text.slice(last)
}

function sentenceEnds(text: string): number[] {
  // matchAll starts at the pattern's lastIndex, which `exec` in #stream leaves where it stopped.
  SENTENCE_END.lastIndex = 0
  return [...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length)
}
