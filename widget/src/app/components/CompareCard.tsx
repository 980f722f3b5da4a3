// Products side by side: an accessible table (column and row headers, a caption) in a region that
// scrolls sideways on phones. Our products link to their pages; a competitor's never does.
import type { Strings } from '../i18n.ts'
import { safeUrl } from '../markdown.tsx'
import type { CardProduct, CompareCard as Compare, Lang } from '../types.ts'
import { formatPrice } from './ProductCard.tsx'

interface Props {
  card: Compare
  s: Strings
  lang: Lang
  onOpen?: (product: CardProduct) => void
}

const text = (v: unknown) => (typeof v === 'string' ? v : '')

export function CompareCard({ card, s, lang, onOpen }: Props) {
  const products = card.products
  const rows = card.rows.filter((r) => r && typeof r.attribute === 'string' && Array.isArray(r.values))
  return (
    <div part="card" data-type="compare" class="card compare" role="region" aria-label={s.compare} tabindex={0}>
      <table>
        <caption>{s.compare}</caption>
        <thead>
          <tr>
            <td />
            {products.map((p) => {
              const href = p.competitor ? null : safeUrl(p.url)
              return (
                <th scope="col" key={p.id}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer" onClick={() => onOpen?.(p)}>
                      {p.name}
                    </a>
                  ) : (
                    p.name
                  )}
                </th>
              )
            })}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{s.price}</th>
            {products.map((p) => (
              <td key={p.id} class="price">
                {formatPrice(p.price, text(p.currency) || 'CNY', lang)}
              </td>
            ))}
          </tr>
          {rows.map((r) => (
            <tr key={r.attribute}>
              <th scope="row">{r.attribute}</th>
              {products.map((p, i) => (
                <td key={p.id}>{text(r.values[i]) || '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
