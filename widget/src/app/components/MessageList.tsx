// The conversation, newest at the bottom: messages, a typing indicator until the first piece of a reply
// ("thinking" while a reasoning model thinks; in a live handoff: while the person types, with their
// name), and the latest answer's quick replies.
// Follows new text unless the visitor scrolled up to read.
import { useLayoutEffect, useRef } from '../hooks.ts'
import type { Chat } from '../chat-state.ts'
import type { Strings } from '../i18n.ts'
import type { Lang } from '../types.ts'
import { Message } from './Message.tsx'
import { Suggestions } from './Suggestions.tsx'
import { useValue } from '../use-value.ts'

export function MessageList({ chat, s, lang }: { chat: Chat; s: Strings; lang: Lang }) {
  const list = useValue(chat.messages)
  const status = useValue(chat.status)
  const person = useValue(chat.live.typing)
  const greeting = useValue(chat.greeting)
  const erased = useValue(chat.erased)
  const thinking = useValue(chat.thinking) && status === 'waiting'
  const typing = status === 'waiting' || greeting || !!person
  const label = person ? s.liveTyping.replace('{name}', person) : thinking ? s.thinking : s.typing
  const ref = useRef<HTMLDivElement>(null)
  const stick = useRef(true)
  useLayoutEffect(() => {
    const el = ref.current
    if (el && stick.current) el.scrollTop = el.scrollHeight
  }, [list, typing])
  const last = list.at(-1)
  const replies = last?.role === 'assistant' && (status === 'idle' || status === 'error') ? last.suggestions ?? [] : []
  const onCard = (card: { id?: string }) => void chat.track('product_click', { productId: card.id })
  return (
    <div
      class="list"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-busy={status === 'waiting' || status === 'streaming'}
      onScroll={(e) => {
        const el = e.currentTarget
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 60
      }}
    >
      {!list.length && !typing ? <div class="empty" role="status">{erased ? s.erased : s.empty}</div> : null}
      {list.map((m) => (
        <Message key={m.id} m={m} s={s} lang={lang} onCard={onCard} onCopy={chat.couponCopied} onFeedback={chat.feedback} onLeave={chat.leaveMessage} />
      ))}
      {typing ? (
        <div class="msg assistant" role="status" aria-label={label}>
          {person ? <div class="who">{label}</div> : null}
          <div class="bubble dots">
            <i />
            <i />
            <i />
            {thinking ? <span>{s.thinking}</span> : null}
          </div>
        </div>
      ) : null}
      <Suggestions
        replies={replies}
        onPick={(text) => {
          stick.current = true
          void chat.send(text)
        }}
      />
    </div>
  )
}
