// The chat panel: brand header with a close button, the conversation, an error row, the composer.
// Focus moves in on open and Tab cycles inside; Esc closes (focus goes back to the launcher, see main.tsx).
// Below 480 px it is full-screen and follows window.visualViewport, so the keyboard never hides the input.
import { useEffect, useRef } from '../hooks.ts'
import type { Chat } from '../chat-state.ts'
import type { Strings } from '../i18n.ts'
import type { Lang } from '../types.ts'
import { Composer } from './Composer.tsx'
import { ErrorRow } from './ErrorRow.tsx'
import { icons } from '../icons.ts'
import { HandoffBanner } from './HandoffBanner.tsx'
import { MessageList } from './MessageList.tsx'
import { EraseConfirm, PrivacyMenu } from './Privacy.tsx'
import { useValue } from '../use-value.ts'

const FOCUSABLE = 'button:not([disabled]), textarea, a[href], [tabindex]:not([tabindex="-1"])'
/** Phones: the styles' `max-width: 479.98px` full-screen layout. */
const small = () => innerWidth < 480

function useVisualViewport(ref: { current: HTMLElement | null }) {
  useEffect(() => {
    const vv = window.visualViewport
    const fit = () => {
      const el = ref.current
      if (!el) return
      el.style.height = small() && vv ? `${vv.height}px` : ''
      el.style.top = small() && vv ? `${vv.offsetTop}px` : ''
    }
    fit()
    const off = new AbortController()
    const signal = off.signal
    vv?.addEventListener('resize', fit, { signal })
    vv?.addEventListener('scroll', fit, { signal })
    addEventListener('resize', fit, { signal })
    return () => off.abort()
  }, [])
}

export function Panel({ chat, s, lang }: { chat: Chat; s: Strings; lang: Lang }) {
  const ref = useRef<HTMLDivElement>(null)
  const input = useRef<HTMLTextAreaElement>(null)
  const status = useValue(chat.status)
  const error = useValue(chat.error)
  const brand = useValue(chat.brand)
  const messages = useValue(chat.messages)
  const live = useValue(chat.live.state)
  const confirming = useValue(chat.confirming)
  const csat = useValue(chat.csat)
  useVisualViewport(ref)
  useEffect(() => {
    ;(small() ? ref.current : input.current)?.focus()
  }, [])

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      chat.setOpen(false)
    } else if (e.key === 'Tab' && ref.current) {
      const items = Array.from(ref.current.querySelectorAll<HTMLElement>(FOCUSABLE))
      const first = items[0]
      const last = items.at(-1)
      const active = (ref.current.getRootNode() as Document | ShadowRoot).activeElement
      if (!first || !last) return
      if (e.shiftKey && (active === first || active === ref.current)) {
        e.preventDefault()
        last.focus()
      } else if (!e.shiftKey && active === last) {
        e.preventDefault()
        first.focus()
      }
    }
  }

  const name = brand || s.brand
  return (
    <div part="panel" class="panel" ref={ref} role="dialog" aria-modal="true" aria-label={name} tabIndex={-1} onKeyDown={onKeyDown}>
      <div class="head">
        <div class="avatar" aria-hidden="true">
          <svg viewBox="0 0 24 24">
            <path d={icons[0]} />
          </svg>
        </div>
        <div class="title">
          <strong>{name}</strong>
          <span>{s.subtitle}</span>
        </div>
        <PrivacyMenu chat={chat} s={s} />
        <button type="button" class="close" aria-label={s.close} title={s.close} onClick={() => chat.setOpen(false)}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d={icons[1]} />
          </svg>
        </button>
      </div>
      <HandoffBanner messages={messages} s={s} live={live} onLeave={chat.live.leave} />
      <MessageList chat={chat} s={s} lang={lang} />
      {confirming ? <EraseConfirm chat={chat} s={s} /> : null}
      {csat ? (
        <div class="confirm csat" role="group" aria-label={s.csat}>
          <p>{s.csat}</p>
          <div>
            {[1, 2, 3, 4, 5].map((n) => (
              <button type="button" part="csat" aria-label={`${n}/5`} onClick={() => chat.rate(n)}>
                {n}
              </button>
            ))}
            <button type="button" onClick={() => chat.rate(0)}>{s.skip}</button>
          </div>
        </div>
      ) : null}
      {status === 'error' && error ? <ErrorRow error={error} s={s} onRetry={() => void chat.retry()} /> : null}
      <Composer
        s={s}
        busy={status === 'waiting' || status === 'streaming'}
        onSend={(text) => void chat.send(text)}
        onStop={chat.stop}
        inputRef={input}
      />
    </div>
  )
}
