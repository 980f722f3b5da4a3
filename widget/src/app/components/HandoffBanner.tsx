// A clear banner at the top of the panel once the conversation went to a person, so the visitor knows
// who answers next, and when people are there. In a live handoff it follows the live state: waiting for
// a person, the person's name once they joined (both with a way back to the assistant), nothing once it
// ended. Otherwise it is derived from the stored conversation's handoff card, so it survives a reload.
import type { Strings } from '../i18n.ts'
import type { LiveState } from '../live/types.ts'
import type { HandoffCard, Message } from '../types.ts'

export function latestHandoff(messages: readonly Message[]): HandoffCard | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const card = messages[i]!.cards?.find((c): c is HandoffCard => c?.type === 'handoff')
    if (card) return card
  }
  return undefined
}

interface Props {
  messages: readonly Message[]
  s: Strings
  live?: LiveState | null
  onLeave?: () => void
}

export function HandoffBanner({ messages, s, live, onLeave }: Props) {
  const card = latestHandoff(messages)
  // A live handoff that ended (released, closed, or nobody came and the card offers the form): gone.
  if (!card || ((card.live || card.form) && live?.status === 'closed')) return null
  return (
    <div part="handoff" class="handoff" role="status" data-live={live?.status}>
      <strong>
        {live ? (live.status === 'active' ? s.liveJoined.replace('{name}', live.agent?.name ?? '') : s.liveWaiting)
          : card.online === false ? s.handoffOffline : s.handoffTitle}
      </strong>
      {typeof card.hours === 'string' && card.hours ? <span>{s.hours}：{card.hours}</span> : null}
      {live ? <button type="button" class="leave" onClick={onLeave}>{s.liveBack}</button> : null}
    </div>
  )
}
