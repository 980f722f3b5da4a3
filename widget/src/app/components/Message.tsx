// One message: the visitor's text as typed, the assistant's and a person's (live handoff, with their name)
// through the safe markdown subset, then cards. A notice's words are the view's own.
import { Markdown } from '../markdown.tsx'
import type { Strings } from '../i18n.ts'
import type { LeaveMessageSender } from '../leave-message.ts'
import type { Lang, Message as Msg, CardProduct, CouponCard } from '../types.ts'
import { Cards } from './Cards.tsx'

interface Props {
  m: Msg
  s: Strings
  lang: Lang
  onCard?: (card: CardProduct) => void
  onCopy?: (coupon: CouponCard) => void
  onFeedback?: (id: string, value: 1 | -1) => void
  onLeave?: LeaveMessageSender
}

export function Message({ m, s, lang, onCard, onCopy, onFeedback, onLeave }: Props) {
  const agent = typeof m.agent === 'string' ? m.agent : undefined
  const text = m.notice === 'unanswered' ? s.liveUnanswered : m.text
  return (
    <div part="message" data-role={agent === undefined ? m.role : 'agent'} class={`msg ${m.role}`}>
      {agent ? <div class="who">{agent}</div> : null}
      {text || m.status === 'stopped' ? (
        <div class={m.status === 'streaming' ? 'bubble live' : 'bubble'}>
          {m.role === 'assistant' ? <Markdown text={text} /> : text}
          {m.status === 'stopped' ? <div class="stopped">{s.stopped}</div> : null}
        </div>
      ) : null}
      <Cards cards={m.cards} s={s} lang={lang} onOpen={onCard} onCopy={onCopy} onLeave={onLeave} />
      {onFeedback && m.role === 'assistant' && m.status === 'done' && !m.greeting && agent === undefined && m.text ? (
        <div class="fb">
          {([[1, '👍', s.up], [-1, '👎', s.down]] as const).map(([v, icon, label]) => (
            <button type="button" part="feedback" aria-label={label} title={label} aria-pressed={m.feedback === v} onClick={() => onFeedback(m.id, v)}>
              {icon}
            </button>
          ))}
        </div>
      ) : null}
    </div>
  )
}
