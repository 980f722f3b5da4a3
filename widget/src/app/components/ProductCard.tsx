// A product from a `card` event: thumbnail, name, short note, price in its currency, stock, and a link.
// Card data arrives from the stream or from stored history, so every field is checked before use.
import { safeUrl } from '../markdown.tsx'
import type { Strings } from '../i18n.ts'
import type { CardProduct as Product, Lang } from '../types.ts'

export function formatPrice(price: number, currency: string, lang: Lang): string {
  try {
    return new Intl.NumberFormat(lang, {
      style: 'currency',
      currency,
      currencyDisplay: 'narrowSymbol', // ¥899 in English too, as the answer's text writes it (not CN¥899)
      minimumFractionDigits: Number.isInteger(price) ? 0 : 2,
      maximumFractionDigits: 2,
    }).format(price)
  } catch {
    return `${price} ${currency}`
  }
}

export interface ProductCardProps {
  card: Product
  s: Strings
  lang: Lang
  onOpen?: (card: Product) => void
}

export function ProductCard({ card, s, lang, onOpen }: ProductCardProps) {
  const href = safeUrl(card.url)
  const img = safeUrl(card.image)
  // The shop's own pages open in place (the widget and its conversation come along); others in a new tab.
  const away = href && new URL(href, location.href).origin !== location.origin
  // The whole card is a click target (pointer users aim at the picture or name); the link stays the
  // one keyboard stop, and every click goes through it so product_click is counted once.
  const follow = (e: MouseEvent) => {
    if (href && !(e.target as Element).closest('a')) (e.currentTarget as Element).querySelector<HTMLAnchorElement>('a.view')?.click()
  }
  return (
    <div part="card" data-type="product" class={href ? 'card linked' : 'card'} onClick={follow}>
      <div class="thumb">
        {img ? (
          <img src={img} alt="" loading="lazy" onError={(e) => (e.currentTarget.style.visibility = 'hidden')} />
        ) : null}
      </div>
      <div class="info">
        <div class="name">{card.name}</div>
        {typeof card.note === 'string' && card.note ? <div class="note">{card.note}</div> : null}
        <div class="row">
          <span class="price">{formatPrice(card.price, typeof card.currency === 'string' ? card.currency : 'CNY', lang)}</span>
          {card.stock === 0 ? <span class="oos">{s.outOfStock}</span> : null}
          {href ? (
            <a class="view" href={href} target={away ? '_blank' : undefined} rel={away ? 'noopener noreferrer' : undefined} aria-label={`${s.view}: ${card.name}`} onClick={() => onOpen?.(card)}>
              {s.view}
            </a>
          ) : null}
        </div>
      </div>
    </div>
  )
}
