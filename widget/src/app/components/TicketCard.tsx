// A return or warranty case the shop opened: its number (to quote later), status, and the steps.
import type { Strings } from '../i18n.ts'
import { safeUrl } from '../markdown.tsx'
import type { TicketCard as Ticket } from '../types.ts'

export function TicketCard({ card, s }: { card: Ticket; s: Strings }) {
  const link = card.link && safeUrl(card.link.href)
  return (
    <div part="card" data-type="ticket" class="card note-card ticket-card">
      <div class="ticket-head">
        <strong>{card.title}</strong>
        {typeof card.status === 'string' ? <span class="badge">{card.status}</span> : null}
      </div>
      <p class="muted">
        {s.ticket} <span class="ticket-id">{card.id}</span>
        {card.product && typeof card.product.name === 'string' ? ` · ${card.product.name}` : null}
      </p>
      <ol>
        {card.steps.filter((x) => typeof x === 'string').map((step, i) => (
          <li key={i}>{step}</li>
        ))}
      </ol>
      {link && card.link && typeof card.link.label === 'string' ? (
        <a class="view" href={link} target="_blank" rel="noopener noreferrer">
          {card.link.label}
        </a>
      ) : null}
    </div>
  )
}
