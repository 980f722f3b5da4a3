// The guards on an LLM's streamed text, chained: links, then prices, then discounts, then stock.
// Each holds back only what may still become a violation, so the reply keeps streaming; together
// they count their corrections for `done.corrected`. The offline responder needs none: it only ever
// writes catalog facts.
import type { Product } from '../../../shared/catalog.ts'
import type { SiteConfig } from '../../../shared/config.ts'
import type { Turn } from '../chat-turn.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { MentionFinder } from '../knowledge/mentions.ts'
import { DiscountGuard } from '../marketing/discount-guard.ts'
import { offerAmounts } from '../marketing/reply.ts'
import { LinkGuard, linkKey, urlsIn } from './link-guard.ts'
import { type KnownPrice, otherModelCode, PriceGuard } from './price-guard.ts'
import { namesUnknownProduct } from './price-owners.ts'
import { StockGuard } from './stock-guard.ts'

export interface Guards {
  /**
   * The next piece of the answer; what may be shown now. An empty piece is a pause (the model went
   * quiet, stream-reply.ts): what each guard holds goes through its end-of-sentence judgement now,
   * released or dropped, rather than waiting for a sentence end that may never come.
   */
  push(text: string): string
  /** The answer is over: everything held, judged. */
  end(): string
  readonly corrected: number
}

interface Guard {
  push(text: string): string
  end(): string
  corrected: number
}

/** The one product the answer is about, if there is exactly one. */
function focusOf({ plan }: Turn): Product | undefined {
  return (plan.kind === 'product' || plan.kind === 'general') && plan.answers.length === 1 ? plan.answers[0]!.product : undefined
}

/** Products a text names: the turn's own, and the whole catalog's. */
function mentionsIn(turn: Turn, catalog: Catalog): (text: string) => Product[] {
  const own = new MentionFinder(turn.input.snippets)
  return (text) => {
    const found = own.find(text).map((i) => turn.input.snippets[i]!)
    for (const p of catalog.mentions(text)) if (!found.some((f) => f.id === p.id)) found.push(p)
    return found
  }
}

/**
 * The prices the model may quote are those of the products it was given (and, for a
 * recommendation, the visitor's own budget); an unknown one becomes the price of the one product
 * the answer is about, if there is exactly one and its sentence names no other product.
 */
export function priceGuardFor(turn: Turn, catalog: Catalog): PriceGuard {
  const { plan, input, offer } = turn
  const known: KnownPrice[] = input.snippets.map((p) => ({ value: p.price, currency: p.currency }))
  known.push(...offerAmounts(offer))
  if (plan.kind === 'recommend') {
    const { budget } = plan.recommendation.constraints
    const currency = input.snippets[0]?.currency ?? 'CNY'
    for (const value of [budget?.min, budget?.max, budget?.around]) if (value !== undefined) known.push({ value, currency })
  }
  const always = known.slice(input.snippets.length)
  // Which products a sentence names, and what it names that the shop doesn't sell, the guard reads from the catalog.
  const focus = focusOf(turn)
  if (!focus) return new PriceGuard({ known, always, catalog })
  const otherCode = otherModelCode(focus)
  const namesOther = (text: string) => otherCode(text) || namesUnknownProduct(text, catalog) || catalog.mentions(text).some((p) => p.id !== focus.id)
  return new PriceGuard({ known, focus, always, catalog, namesOther })
}

const ownPages = new WeakMap<Catalog, Set<string>>()

/** The shop's own product pages, collected once per catalog (not scanned per link at 230k products). */
function ownPagesOf(catalog: Catalog): Set<string> {
  let pages = ownPages.get(catalog)
  if (!pages) ownPages.set(catalog, (pages = new Set(catalog.all.flatMap((p) => (!p.competitor && p.url ? [p.url] : [])))))
  return pages
}

/** The links the model may show: the turn's product pages, the config's help and contact links, the rules' own (a share link). */
export function allowedLinks(turn: Turn, config: SiteConfig, catalog: Catalog): (url: string) => boolean {
  const keys = new Set<string>()
  for (const p of turn.input.snippets) if (p.url && !p.competitor) keys.add(linkKey(p.url))
  const { returnPolicyUrl, warrantyPolicyUrl } = config.aftersales
  for (const url of [returnPolicyUrl, warrantyPolicyUrl, ...config.handoff.contacts.map((c) => c.href)]) if (url) keys.add(linkKey(url))
  for (const url of urlsIn(turn.offer?.text ?? '')) keys.add(linkKey(url))
  // Relative pages of the shop's own products are fine too (catalog pages the model was not given).
  return (url) => keys.has(linkKey(url)) || (url.startsWith('/') && ownPagesOf(catalog).has(url))
}

/** Stock claims are about the product a sentence names, else the one in focus (or the only one given). */
function stockGuardFor(turn: Turn, catalog: Catalog): StockGuard {
  const mentions = mentionsIn(turn, catalog)
  const focus = focusOf(turn) ?? (turn.input.snippets.length === 1 ? turn.input.snippets[0] : undefined)
  const otherCode = otherModelCode(focus)
  return new StockGuard({
    productsOf: (sentence) => {
      const named = mentions(sentence)
      if (named.length) return named
      // A model code the catalog doesn't know ("Z9"): a product nobody has stock facts for.
      if (focus && otherCode(sentence)) return []
      return focus ? [focus] : []
    },
  })
}

/**
 * The longest run of text the guards see without a sentence end (。！？!?；. or a newline). Beyond it
 * (never in a real answer: a sentence of 400 characters) what they hold goes through their
 * end-of-sentence judgement and a fresh chain takes the rest, so no guard's per-sentence state grows
 * without bound and their work stays linear in the answer (with the byte cap of stream-reply.ts, a
 * 1 MB chunk costs what 16 KB does).
 */
export const MAX_RUN = 400

/** How many characters at the end of `text` follow its last sentence end; -1: none in it. */
function afterLastEnd(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text[i]!
    // A full stop ends a sentence only before a space (as the guards read it: "1.5" does not).
    if (c === '。' || c === '！' || c === '？' || c === '!' || c === '?' || c === '；' || c === '\n' || (c === '.' && /\s/.test(text[i + 1] ?? ''))) {
      return text.length - 1 - i
    }
  }
  return -1
}

/** The chained guards for an LLM's answer in this turn. */
export function guardsFor(turn: Turn, config: SiteConfig, catalog: Catalog): Guards {
  const make = (): Guard[] => [
    new LinkGuard(allowedLinks(turn, config, catalog)),
    priceGuardFor(turn, catalog),
    // Discount wording must match the turn's one offer (or there must be none); after the price guard.
    new DiscountGuard(turn.offer?.offer),
    stockGuardFor(turn, catalog),
  ]
  let chain = make()
  let retired = 0 // corrections of chains replaced after an overlong run
  let run = 0 // characters since the last sentence end
  // Each guard's held rest goes through the guards after it.
  const release = () => chain.reduce((t, g) => g.push(t) + g.end(), '')
  const push = (text: string): string => {
    let out = ''
    for (let i = 0; i < text.length; ) {
      // Pieces of at most MAX_RUN characters (a surrogate pair stays whole), so a run is noticed in time.
      let j = Math.min(text.length, i + MAX_RUN)
      if (j < text.length && /[\uD800-\uDBFF]/.test(text[j - 1]!)) j--
      const piece = text.slice(i, j)
      i = j
      out += chain.reduce((t, g) => g.push(t), piece)
      const after = afterLastEnd(piece)
      run = after < 0 ? run + piece.length : after
      if (run > MAX_RUN) {
        out += release()
        retired += chain.reduce((n, g) => n + g.corrected, 0)
        chain = make()
        run = 0
      }
    }
    return out
  }
  return {
    push: (text) => (text ? push(text) : release()),
    end: release,
    get corrected() {
      return retired + chain.reduce((n, g) => n + g.corrected, 0)
    },
  }
}
