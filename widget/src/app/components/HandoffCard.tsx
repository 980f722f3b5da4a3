// The handoff card under a reply: who can help and when, other ways to reach the shop, and, when nobody
// can join now and a message can reach the shop (card.form), the "leave a message" form; once sent, a
// confirmation replaces it (the stored card remembers, so a reload does not ask again). With a live
// channel (card.live) the edge's text says honestly that a person is being contacted and for how long;
// the form then waits for the live flow to find that nobody came (form + live: "after the wait").
// Contact links are the site's own (http(s), tel:, mailto:), checked all the same.
import { useState } from '../hooks.ts'
import type { Strings } from '../i18n.ts'
import { safeContactUrl } from '../markdown.tsx'
import type { HandoffCard as Handoff } from '../types.ts'
import type { LeaveMessageSender, SentHandoffCard } from '../leave-message.ts'
import { LeaveMessageForm } from './LeaveMessageForm.tsx'

/** `sender`: the chat's (chat.leaveMessage); without one no form is offered, since nothing could send it. */
export function HandoffCard({ card, s, sender }: { card: Handoff; s: Strings; sender?: LeaveMessageSender | null }) {
  const contacts = Array.isArray(card.contacts) ? card.contacts : []
  const [justSent, setJustSent] = useState(false)
  const sent = justSent || (card as SentHandoffCard).sent === true
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
      {sent ? (
        <p class="leave-sent" role="status">{s.leave.sent}</p>
      ) : card.form === true && !card.live && sender ? (
        <LeaveMessageForm
          s={s}
          send={async (fields) => {
            const err = await sender(card, fields)
            if (!err) setJustSent(true)
            return err
          }}
        />
      ) : null}
    </div>
  )
}
