// An offer from the site's marketing rules (never from the model): title, discount, the code with a copy
// button, terms, and a countdown to `expiresAt`. Once expired the card stays (it is history) but greys
// out and can't be copied.
import { useEffect, useState } from 'preact/hooks'
import type { Strings } from '../i18n.ts'
import type { CouponCard as Coupon } from '../types.ts'

/** Clipboard API where allowed (secure contexts), else the old select-and-copy; true when it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.cssText = 'position:fixed;top:0;left:0;opacity:0'
    document.body.append(area)
    area.select()
    try {
      return document.execCommand('copy')
    } catch {
      return false
    } finally {
      area.remove()
    }
  }
}

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
  const ends = typeof card.expiresAt === 'number' ? card.expiresAt : undefined
  const expired = ends !== undefined && t >= ends
  useEffect(() => {
    if (ends === undefined || expired) return
    const timer = setInterval(() => setT(now()), 1000)
    return () => clearInterval(timer)
  }, [ends, expired])

  const copy = async () => {
    if (expired || !(await copyText(card.code))) return
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
        <span class="muted">{s.code}</span> <code>{card.code}</code>
        <button type="button" class="copy" disabled={expired} onClick={copy}>
          {copied ? s.copied : s.copy}
        </button>
      </div>
      {ends !== undefined ? (
        <p class="muted countdown" role="timer">
          {expired ? s.expired : `${s.endsIn} ${remaining(ends - t, s)}`}
        </p>
      ) : null}
      {typeof card.terms === 'string' && card.terms ? <p class="muted terms">{card.terms}</p> : null}
    </div>
  )
}
