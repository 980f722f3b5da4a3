// A clear banner at the top of the panel once the conversation went to a person, so the visitor
// knows who answers next; derived from the stored conversation, so it survives a reload.
import type { Strings } from '../i18n.ts'
import type { HandoffCard, Message } from '../types.ts'

export function latestHandoff(messages: readonly Message[]): HandoffCard | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const card = messages[i]!.cards?.find((c): c is HandoffCard => c?.type === 'handoff')
    if (card) return card
  }
  return undefined
}

export function HandoffBanner({ messages, s }: { messages: readonly Message[]; s: Strings }) {
  const card = latestHandoff(messages)
  if (!card) return null
  return (
    <div part="handoff" class="handoff" role="status">
      <strong>{card.online === false ? s.handoffOffline : s.handoffTitle}</strong>
      {typeof card.hours === 'string' && card.hours ? <span>{s.hours}：{card.hours}</span> : null}
    </div>
  )
}
