// The price guard: a visitor must never see a price the catalog doesn't have, whatever the model
// (or a visitor's prompt injection) made up. It sits on the LLM's streamed text:
// - with one product in focus, an amount matching no known price is replaced by that product's
//   catalog price, written the same way; only the few characters that may still grow into an
//   amount ("¥1", "29"…) are held back, so ordinary text streams as it comes;
// - with no single product in focus there is nothing sound to put instead, so the sentence with
//   the unknown amount is dropped; that needs whole sentences, so text is released per sentence.
// Discounts (八折, 20% off) are not amounts and pass; the marketing rules own them.
import type { Product } from '../../../shared/catalog.ts'
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
  focus?: Pick<Product, 'price' | 'currency'>
}

/** Sentence ends: Chinese marks, "!?" and a newline, or a full stop before a space (not "6.7"). */
const SENTENCE_END = /[。！？!?；\n]|\.(?=\s)/g

export class PriceGuard {
  /** Amounts corrected or dropped so far, for `done.corrected`. */
  corrected = 0
  readonly #known: readonly KnownPrice[]
  readonly #focus?: PriceGuardOptions['focus']
  #pending = ''

  constructor(options: PriceGuardOptions) {
    this.#known = options.known
    this.#focus = options.focus
  }

  /** Takes the next piece of model text; returns what may be shown now (possibly ''). */
  push(text: string): string {
    this.#pending += text
    return this.#focus ? this.#releaseChecked() : this.#releaseSentences(false)
  }

  /** The model finished: everything still held, checked. */
  end(): string {
    if (!this.#focus) return this.#releaseSentences(true)
    const out = this.#fix(this.#pending)
    this.#pending = ''
    return out
  }

  #isKnown(value: number, currencies: readonly string[]): boolean {
    return this.#known.some((k) => Math.abs(k.value - value) < 0.005 && currencies.includes(k.currency.toUpperCase()))
  }

  /** Replaces each unknown amount with the focus product's price. */
  #fix(text: string): string {
    const focus = this.#focus!
    return text.replace(AMOUNT, (...args) => {
      const m = matchOf(args)
      const amount = readAmount(m)
      if (this.#isKnown(amount.value, amount.currencies)) return m[0]
      this.corrected++
      // Same currency: keep the model's way of writing it; another one: the catalog's own format.
      if (amount.currencies.includes(focus.currency.toUpperCase())) return rewriteAmount(m, focus.price)
      return formatPrice(focus.price, focus.currency)
    })
  }

  #releaseChecked(): string {
    const cut = pendingAmountStart(this.#pending)
    const ready = this.#pending.slice(0, cut)
    this.#pending = this.#pending.slice(cut)
    return this.#fix(ready)
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
    const unknown = [...sentence.matchAll(AMOUNT)].filter((m) => {
      const a = readAmount(m)
      return !this.#isKnown(a.value, a.currencies)
    })
    this.corrected += unknown.length
    return unknown.length ? '' : sentence
  }
}

function sentenceEnds(text: string): number[] {
  return [...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length)
}

/** `String.replace` passes the match, groups, offset, input and named groups as arguments. */
function matchOf(args: unknown[]): RegExpMatchArray {
  const groups = args.at(-1) as Record<string, string | undefined>
  const m = [args[0] as string] as unknown as RegExpMatchArray
  m.groups = groups as Record<string, string>
  return m
}
