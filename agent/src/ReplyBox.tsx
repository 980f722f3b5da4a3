// The reply box: Enter sends, Shift+Enter (or an IME still composing) does not; the length limit is
// shown as the count nears it; quick replies fill the box for a last look before sending.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { MAX_MESSAGE_CHARS } from '../../shared/limits.ts'
import type { Strings } from './i18n.ts'
import { typingNotice } from './typing-notice.ts'

export interface ReplyBoxProps {
  s: Strings
  quickReplies: string[]
  /** Resolves true when the edge took the message (the box is then emptied). */
  onSend: (text: string) => Promise<boolean>
  onTyping: (typing: boolean) => unknown
}

export function ReplyBox({ s, quickReplies, onSend, onTyping }: ReplyBoxProps) {
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const box = useRef<HTMLTextAreaElement>(null)
  const notice = useMemo(() => typingNotice(onTyping), [onTyping])
  useEffect(() => () => notice.stop(), [notice])

  const length = [...text].length
  const tooLong = length > MAX_MESSAGE_CHARS
  const canSend = !!text.trim() && !tooLong && !busy

  const send = async () => {
    if (!canSend) return
    setBusy(true)
    notice.stop()
    const sent = await onSend(text.trim())
    setBusy(false)
    if (sent) setText('')
    box.current?.focus()
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault()
      void send()
    }
  }

  const insert = (reply: string) => {
    setText((t) => (t.trim() ? `${t.trimEnd()} ${reply}` : reply))
    box.current?.focus()
  }

  return (
    <div class="reply">
      {quickReplies.length > 0 && (
        <div class="quick" role="group" aria-label={s.quickReplies}>
          {quickReplies.map((q) => (
            <button key={q} type="button" class="chip" onClick={() => insert(q)}>{q}</button>
          ))}
        </div>
      )}
      <div class="reply-row">
        <textarea
          ref={box}
          name="reply"
          rows={3}
          placeholder={s.replyPlaceholder}
          value={text}
          onInput={(e) => {
            setText(e.currentTarget.value)
            notice.keystroke()
          }}
          onKeyDown={onKeyDown}
          aria-invalid={tooLong || undefined}
        />
        <div class="reply-side">
          <span class={`counter${tooLong ? ' over' : ''}`} title={s.tooLong(MAX_MESSAGE_CHARS)}>
            {length} / {MAX_MESSAGE_CHARS}
          </span>
          <button type="button" class="primary" disabled={!canSend} onClick={() => void send()}>{s.send}</button>
        </div>
      </div>
      {tooLong && <p class="error" role="alert">{s.tooLong(MAX_MESSAGE_CHARS)}</p>}
    </div>
  )
}
