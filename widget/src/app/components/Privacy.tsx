// The preference center: a header menu with the marketing-offers switch, "download my data" and
// "delete my data" (which asks first). The confirm row is shared with "删除我的对话记录" typed in the chat.
import { useEffect, useRef, useState } from '../hooks.ts'
import type { Chat } from '../chat-state.ts'
import type { Strings } from '../i18n.ts'
import { marketingDenied } from '../marketing.ts'
import { useValue } from '../use-value.ts'

/** Saves the export as a JSON file through a temporary link. */
async function download(chat: Chat) {
  const data = await chat.exportData()
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }))
  const a = document.createElement('a')
  a.href = url
  a.download = `huike-${String(data.visitorId)}.json`
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export function PrivacyMenu({ chat, s }: { chat: Chat; s: Strings }) {
  const [open, setOpen] = useState(false)
  const btn = useRef<HTMLButtonElement>(null)
  const offers = !marketingDenied(useValue(chat.profile))
  const close = () => {
    setOpen(false)
    btn.current?.focus()
  }
  return (
    <div
      class="prefs"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          close()
        }
      }}
    >
      <button
        ref={btn}
        type="button"
        class="close"
        part="menu"
        aria-label={s.menu}
        title={s.menu}
        aria-expanded={open}
        aria-controls="hk-prefs"
        onClick={() => setOpen(!open)}
      >
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M12 8a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4zm0 6a2 2 0 1 0 0-4 2 2 0 0 0 0 4z" />
        </svg>
      </button>
      {open ? (
        <div id="hk-prefs" class="menu" role="group" aria-label={s.menu}>
          <button type="button" role="switch" aria-checked={offers} onClick={() => void chat.setConsent(!offers)}>
            <span>{s.offers}</span>
            <i class={offers ? 'sw on' : 'sw'} aria-hidden="true" />
          </button>
          <button type="button" onClick={() => void download(chat)}>{s.download}</button>
          <button
            type="button"
            class="danger"
            onClick={() => {
              setOpen(false)
              chat.confirming.value = true
            }}
          >
            {s.erase}
          </button>
        </div>
      ) : null}
    </div>
  )
}

export function EraseConfirm({ chat, s }: { chat: Chat; s: Strings }) {
  const yes = useRef<HTMLButtonElement>(null)
  useEffect(() => yes.current?.focus(), [])
  return (
    <div class="confirm" role="alertdialog" aria-label={s.erase}>
      <p>{s.eraseAsk}</p>
      <div>
        <button type="button" onClick={() => (chat.confirming.value = false)}>{s.cancel}</button>
        <button type="button" class="danger" part="erase" ref={yes} onClick={() => void chat.forget()}>{s.eraseYes}</button>
      </div>
    </div>
  )
}
