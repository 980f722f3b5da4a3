// An offer from the site's marketing rules (never from the model): title, discount, the code with a copy
// button, terms, and a countdown to `expiresAt`. Once expired the card stays (it is history) but greys
// out and can't be copied.
import { useEffect, useRef, useState } from '../hooks.ts'
import type { Strings } from '../i18n.ts'
import type { CouponCard as Coupon } from '../types.ts'

const pad = (n: number) => String(n).padStart(2, '0')

/** "2天 03:04:05" / "03:04:05": what is left, to the second. */
export function remaining(ms: number, s: Strings): string {
  const t = Math.max(0, Math.floor(ms / 1000))
  const d = Math.floor(t / 86400)
  const hms = `${pad(Math.floor((t % 86400) / 3600))}:${pad(Math.floor((t % 3600) / 60))}:${pad(t % 60)}`
  return d ? `${d}${s.days} ${hms}` : hms
}

interface Props {
  card: Coupon
  s: Strings
  onCopy?: (card: Coupon) => void
  now?: () => number
}

export function CouponCard({ card, s, onCopy, now = Date.now }: Props) {
  const [t, setT] = useState(now)
  const [copied, setCopied] = useState(false)
  const code = useRef<HTMLElement>(null)
  const ends = typeof card.expiresAt === 'number' ? card.expiresAt : undefined
  const expired = ends !== undefined && t >= ends
  useEffect(() => {
    if (ends === undefined || expired) return
    const timer = setInterval(() => setT(now()), 1000)
    return () => clearInterval(timer)
  }, [ends, expired])

  // The clipboard API (secure pages, on a click). Where it is refused, the code is selected for the
  // visitor's own Ctrl+C: nothing is ever added to the host page.
  const copy = async () => {
    if (expired) return
    try {
      await navigator.clipboard.writeText(card.code)
    } catch {
      return getSelection()?.selectAllChildren(code.current!)
    }
    setCopied(true)
    onCopy?.(card)
  }
  return (
    <div part="card" data-type="coupon" class={expired ? 'card coupon expired' : 'card coupon'}>
      <div class="coupon-head">
        <strong class="discount">{card.discount}</strong>
        <span>{card.title}</span>
      </div>
      <div class="coupon-code">
        <span class="muted">{s.code}</span> <code ref={code}>{card.code}</code>
        <button type="button" class="copy" disabled={expired} onClick={copy}>
          {copied ? s.copied : s.copy}
        </button>
      </div>
      {ends !== undefined ? (
        <p class="muted countdown" role="timer" aria-live="off">
          {expired ? s.expired : `${s.endsIn} ${remaining(ends - t, s)}`}
        </p>
      ) : null}
      {typeof card.terms === 'string' && card.terms ? <p class="muted terms">{card.terms}</p> : null}
    </div>
  )
}
