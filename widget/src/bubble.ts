// The proactive opener, a chunk apart from the app (assets/huike-bubble-[hash].js) so that every page view
// can ask /v1/greet without downloading the panel; it also carries the helpers the app imports from it
// (vite.config.ts). The loader imports it once the page has loaded and hands the resulting greet response
// to the app's mount, so the app never asks again. It shows the greeting (or the edge's
// proactive text, after its delay, or on exit intent) as a small bubble above the launcher: the greeting
// once per visit, each proactive trigger (cart, hesitation…) once per visit too, so a cart left on one
// page is recalled on the next; never with marketing consent refused, never taking focus, closable;
// clicking it opens the panel with that text as the first assistant message (`huike('opener', text)`).
import { pageContext } from './app/page-context.ts'
import { exposure, marketingDenied, visitFlag } from './app/marketing.ts'
import { openStore, touchIdentity, type KV } from './app/storage.ts'
import { postJson, sendEvents } from './app/post.ts'
import type { GreetResponse, Lang, VisitorProfile } from './app/types.ts'

type Huike = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[] }

export interface BubbleOptions {
  lang: Lang
  endpoint: string
  /** The page's `huike` function: its queue holds calls made before the app loads (page, consent). */
  huike: Huike
  launcher?: HTMLElement
  /** For tests. */
  kv?: KV
  fetch?: typeof fetch
  now?: () => number
}

/** Set when a bubble is shown (and `SHOWN:<trigger>` for a proactive one): no second greeting in a visit. */
export const SHOWN = 'huike:bubble'

const CSS =
  `.hb{position:fixed;right:20px;bottom:calc(88px + var(--huike-bottom,0px));z-index:2147483000;display:flex;align-items:flex-start;gap:4px;` +
  `max-width:min(280px,calc(100vw - 40px));padding:10px 6px 10px 14px;border-radius:14px 14px 4px 14px;background:#fff;` +
  `color:#222;font:14px/1.45 system-ui,-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;box-shadow:0 6px 24px rgba(0,0,0,.18);` +
  `animation:hb .25s ease-out}.hb button{all:unset;cursor:pointer}.hb .t{display:-webkit-box;-webkit-line-clamp:3;` +
  `-webkit-box-orient:vertical;overflow:hidden}.hb .c{padding:0 6px;color:#888;font-size:18px;line-height:1}` +
  `.hb button:focus-visible{outline:2px solid #2d7ff9}@keyframes hb{from{opacity:0;transform:translateY(8px)}}` +
  `@media (prefers-reduced-motion:reduce){.hb{animation:none}}`

/** What the page queued before the app loaded: the last `page` context and the last `consent`. */
function queued(h: Huike): { page: { productId?: string; category?: string }; consent?: { marketing: boolean } } {
  const out: ReturnType<typeof queued> = { page: {} }
  for (const call of h.q ?? []) {
    const a = call[1] as Record<string, unknown> | undefined
    if (!a || typeof a !== 'object') continue
    if (call[0] === 'page') out.page = { productId: a.productId as string, category: a.category as string }
    if (call[0] === 'consent') out.consent = { marketing: !!a.marketing }
  }
  return out
}

/** Asks /v1/greet (unless a bubble was shown this visit) and maybe shows the bubble; never rejects. */
export async function start(root: ShadowRoot, o: BubbleOptions): Promise<GreetResponse | null> {
  try {
    // Read the queue now: once the app loads it replays (and empties) it, writing consent to the profile.
    const q = queued(o.huike)
    // No wait for the page's load here: the loader imports this chunk only after it (the greet request
    // never competes with the page).
    const now = o.now ?? Date.now
    const kv = o.kv ?? openStore()
    const id = await touchIdentity(kv, now())
    const stored = (await kv.get<VisitorProfile>('profile')) ?? {}
    const profile = q.consent && !stored.consent ? { ...stored, consent: q.consent } : stored
    const r = await postJson<GreetResponse>(
      `${o.endpoint}/v1/greet`,
      { visitorId: id.visitorId, page: pageContext(q.page), profile, lang: o.lang },
      o.fetch,
    )
    if (!r.ok || !r.value || typeof r.value.greeting !== 'string') return null
    const g = r.value
    // Events a moment apart (the experiment's exposure, then the bubble shown) go out in one request.
    let batch: Parameters<typeof sendEvents>[1] = []
    const event = (type: string, props: Record<string, unknown>) => {
      if (!batch.length) setTimeout(() => sendEvents(o.endpoint, batch.splice(0), o.fetch), 200)
      batch.push({ type, visitorId: id.visitorId, sessionId: id.sessionId, ts: now(), props })
    }
    // Caps and the source keyword live in the profile: stored now, even if the app never loads.
    if (g.profile && typeof g.profile === 'object') await kv.set('profile', { ...((await kv.get('profile')) ?? {}), ...g.profile })
    const x = exposure(g)
    if (x) event('experiment_exposure', x)

    const p = g.proactive && typeof g.proactive.text === 'string' && g.proactive.text ? g.proactive : null
    const text = p ? p.text : g.greeting
    if (text) schedule(root, o, text, p, g, kv, event, profile.consent)
    return g
  } catch {
    return null
  }
}

function schedule(
  root: ShadowRoot, o: BubbleOptions, text: string, p: GreetResponse['proactive'], g: GreetResponse, kv: KV,
  event: (type: string, props: Record<string, unknown>) => void, asked?: VisitorProfile['consent'],
) {
  let pending = true
  const show = async () => {
    if (!pending) return
    pending = false
    removeEventListener('mouseout', exit)
    // Checked when shown, not when asked: consent may have changed during the delay.
    const q = queued(o.huike)
    // The app may have replayed the queue (and a profile write may race it): fall back to what was asked with.
    const consent = q.consent ?? (await kv.get<VisitorProfile>('profile'))?.consent ?? asked
    const once = p ? `${SHOWN}:${p.trigger}` : SHOWN
    if (marketingDenied({ consent }) || visitFlag(once) || o.launcher?.getAttribute('aria-expanded') === 'true') return
    visitFlag(SHOWN, true)
    visitFlag(once, true)
    render(root, o, text)
    event('greet_shown', {
      trigger: p ? p.trigger : 'greeting', ruleId: p?.ruleId, offerId: p?.offerId, campaign: g.campaign,
      variant: g.variant?.id, keyword: g.profile?.landing?.keyword, source: g.profile?.source, // attribution
    })
  }
  // Exit intent (desktop): the pointer leaves through the top of the window. Shows a waiting bubble now.
  const exit = (e: MouseEvent) => {
    if (!e.relatedTarget && e.clientY <= 0) void show()
  }
  const desktop = !!window.matchMedia?.('(pointer: fine)').matches
  if (desktop) addEventListener('mouseout', exit)
  if (p?.trigger !== 'exit') setTimeout(show, Math.min(p?.delayMs ?? 0, 10 * 60_000))
  else if (!desktop) pending = false
}

function render(root: ShadowRoot, o: BubbleOptions, text: string) {
  const box = document.createElement('div')
  box.className = 'hb'
  box.setAttribute('part', 'bubble')
  box.setAttribute('role', 'status') // announced politely; focus stays where the visitor is
  const style = document.createElement('style')
  style.textContent = CSS
  const open = document.createElement('button')
  open.className = 't'
  open.type = 'button'
  open.textContent = text
  const close = document.createElement('button')
  close.className = 'c'
  close.type = 'button'
  close.textContent = '×'
  close.setAttribute('aria-label', o.lang === 'en' ? 'Dismiss' : '关闭提示')
  box.append(open, close)
  root.append(style, box)
  const hide = () => box.remove()
  close.onclick = hide
  open.onclick = () => {
    hide()
    o.huike('opener', text)
    o.huike('open')
  }
  o.launcher?.addEventListener('click', hide, { once: true })
  o.huike('on', 'open', hide)
}
