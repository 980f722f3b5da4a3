// The whole conversation: the visitor on the left, the assistant (marked AI) and people on the right.
// Plain text only; pre-wrap keeps the visitor's line breaks.
import { useEffect, useRef } from 'preact/hooks'
import type { Agent, LiveMessage } from '../../shared/live.ts'
import type { Strings } from './i18n.ts'

const time = (ts: number) => new Date(ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })

function author(m: LiveMessage, me: Agent, s: Strings): string {
  if (m.role === 'user') return s.visitor
  if (m.role === 'assistant') return s.assistant
  if (m.agent?.id === me.id) return s.you
  return m.agent?.name ?? s.person
}

export function Transcript({ messages, me, s }: { messages: LiveMessage[]; me: Agent; s: Strings }) {
  const list = useRef<HTMLOListElement>(null)
  // Follow the newest message, as a chat does.
  useEffect(() => {
    const el = list.current
    if (el) el.scrollTop = el.scrollHeight
  }, [messages.length])
  return (
    <ol class="transcript" ref={list} aria-live="polite">
      {messages.map((m) => (
        <li key={m.id} class={`msg msg-${m.role}`} data-role={m.role}>
          <span class="msg-meta">
            {m.role === 'assistant' && <span class="ai-mark">{s.assistantMark}</span>}
            <span class="msg-author">{author(m, me, s)}</span>
            <time>{time(m.ts)}</time>
          </span>
          <span class="msg-text">{m.content}</span>
        </li>
      ))}
    </ol>
  )
}
