// What returns and warranty share: the shop's today, the product a case is about, the ticket card.
import type { Product } from '../../../../shared/catalog.ts'
import type { SiteConfig } from '../../../../shared/config.ts'
import type { Lang, TicketCard } from '../../../../shared/protocol.ts'
import { cardProduct } from '../../cards.ts'
import { shortName } from '../../knowledge/facts.ts'
import { DEFAULT_TIMEZONE, zonedTime } from '../handoff-hours.ts'
import type { DialogueContext } from '../types.ts'
import type { Ymd } from './dates.ts'

/** Today's date where the shop is (the handoff hours' time zone). */
export function shopToday(config: SiteConfig, now: Date): Ymd {
  const t = zonedTime(now, config.handoff.hours?.timezone ?? DEFAULT_TIMEZONE)
  return { y: t.year, m: t.month, d: t.day }
}

/**
 * The product a case is about: named by the visitor, in `texts` (newest first) or an earlier message
 * of theirs, else the product page they are on. Never a product the assistant merely suggested: a
 * return after a recommendation is not about the recommended watch. Undefined: ask, or leave it out.
 */
export function caseProduct(ctx: DialogueContext, texts: readonly string[]): Product | undefined {
  const visitor = ctx.request.messages.filter((m) => m.role === 'user').map((m) => m.content).reverse()
  for (const text of [...texts, ...visitor]) {
    const named = ctx.catalog.mentions(text).find((p) => !p.competitor)
    if (named) return named
  }
  const onPage = ctx.request.page.productId ? ctx.catalog.get(ctx.request.page.productId) : undefined
  return onPage && !onPage.competitor ? onPage : undefined
}

export function productName(product: Product | undefined, lang: Lang): string | undefined {
  return product && (lang === 'en' ? shortName(product, lang) : product.name)
}

export function ticketCard(card: Omit<TicketCard, 'type' | 'product'>, product: Product | undefined): TicketCard {
  return { type: 'ticket', ...card, ...(product && { product: cardProduct(product) }) }
}

/** Product facts for the webhook (no prices or descriptions, just what identifies it). */
export function noticeProduct(product: Product | undefined): { id: string; name: string } | undefined {
  return product && { id: product.id, name: product.name }
}

/** Numbered steps as the offline text shows them. */
export function numbered(steps: readonly string[]): string {
  return steps.map((s, i) => `${i + 1}. ${s}`).join('\n')
}
