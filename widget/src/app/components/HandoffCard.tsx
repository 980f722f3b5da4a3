// The handoff card under a reply: a person takes over, when people are there, and other ways to
// reach the shop. Contact links are the site's own (http(s), tel:, mailto:), checked all the same.
import type { Strings } from '../i18n.ts'
import { safeContactUrl } from '../markdown.tsx'
import type { HandoffCard as Handoff } from '../types.ts'

export function HandoffCard({ card, s }: { card: Handoff; s: Strings }) {
  const contacts = Array.isArray(card.contacts) ? card.contacts : []
  return (
    <div part="card" data-type="handoff" class="card note-card handoff-card">
      <strong>{card.online === false ? s.handoffOffline : s.handoffTitle}</strong>
      <p>{card.next}</p>
      {typeof card.hours === 'string' && card.hours ? <p class="muted">{s.hours}：{card.hours}</p> : null}
      {contacts.length ? (
        <div class="contacts">
          {contacts.map((c, i) => {
            const href = safeContactUrl(c?.href)
            return href && typeof c.label === 'string' ? (
              <a key={i} class="view" href={href} target="_blank" rel="noopener noreferrer">
                {c.label}
              </a>
            ) : null
          })}
        </div>
      ) : null}
    </div>
  )
}
