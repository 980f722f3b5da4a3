// The visitor's input: Enter sends, Shift+Enter (or an IME composition) makes a new line, the send button
// is disabled while the text is blank, and a stop button replaces it while a reply is on its way.
import type { Ref } from 'preact'
import { useState } from '../hooks.ts'
import type { Strings } from '../i18n.ts'
import { MAX_MESSAGE_CHARS } from '../types.ts'

interface Props {
  s: Strings
  busy: boolean
  onSend: (text: string) => void
  onStop: () => void
  inputRef?: Ref<HTMLTextAreaElement>
}

const grow = (el: HTMLTextAreaElement) => {
  el.style.height = 'auto'
  if (el.value) el.style.height = `${Math.min(el.scrollHeight, 120)}px`
}

export function Composer({ s, busy, onSend, onStop, inputRef }: Props) {
  const [text, setText] = useState('')
  const blank = !text.trim()
  // Reads the element itself: a keydown may come before the re-render of the last input.
  const submit = (el: HTMLTextAreaElement | null) => {
    const value = el ? el.value : text
    if (busy || !value.trim()) return
    onSend(value)
    setText('')
    if (el) {
      el.value = ''
      grow(el)
    }
  }
  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault()
        submit(e.currentTarget.querySelector('textarea'))
      }}
    >
      <textarea
        ref={inputRef}
        part="input"
        rows={1}
        value={text}
        maxLength={MAX_MESSAGE_CHARS}
        placeholder={s.placeholder}
        aria-label={s.placeholder}
        title={s.newline}
        enterkeyhint="send"
        onInput={(e) => {
          setText(e.currentTarget.value)
          grow(e.currentTarget)
        }}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' || e.shiftKey || e.isComposing || e.keyCode === 229) return
          e.preventDefault()
          submit(e.currentTarget)
        }}
      />
      {busy ? (
        <button type="button" part="stop" class="btn stop" aria-label={s.stop} title={s.stop} onClick={onStop}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <rect x="7" y="7" width="10" height="10" rx="2" />
          </svg>
        </button>
      ) : (
        <button type="submit" part="send" class="btn send" aria-label={s.send} title={s.send} disabled={blank}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M3.4 20.4 21 12 3.4 3.6 3.4 10.2 15 12 3.4 13.8z" />
          </svg>
        </button>
      )}
    </form>
  )
}
