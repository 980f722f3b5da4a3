// /huike.js — the small classic script a site embeds (CONTRACT §5). It renders the launcher at once inside
// #huike-root's open shadow root, takes over the `window.huike` queue stub (queueing until the app is
// loaded, then replaying in order and forwarding), and import()s the hashed app chunk: when the visitor
// reaches for the launcher (hover, focus, click), when a queued call needs the panel (open, send…), or
// late — the page loaded and then a few seconds of quiet — so that nothing but this script competes with
// the page's own load. After the page's load it imports the tiny bubble chunk (it asks /v1/greet and may
// show the proactive opener); its greet response goes to the app, which then doesn't ask again.
import type { ApiHandler, MountOptions } from './app/types.ts'
import type { start } from './bubble.ts'

type Call = ArrayLike<unknown>
type Huike = ((...args: unknown[]) => unknown) & { q?: Call[]; l?: 1 }

/** After the page's load, this much quiet before the app chunk is fetched unasked (then in idle time). */
const LATE_LOAD_MS = 5000

const w = window as unknown as { huike?: Huike; requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => number }
const d = document
// currentScript is null only in odd embeds (e.g. a module wrapper); then find the tag by its name.
const script = (d.currentScript || d.querySelector('script[src*="huike.js"]')) as HTMLScriptElement | null
const data = script ? script.dataset : {}
const src = (script && script.src) || location.href
const lang: MountOptions['lang'] = data.lang === 'en' ? 'en' : 'zh-CN'
const color = /^#[\da-f]{3,8}$/i.test(data.color || '') ? data.color! : '#e4393c'
const endpoint = (data.endpoint || new URL(src).origin).replace(/\/+$/, '')

if (!(w.huike && w.huike.l)) {
  const queue: Call[] = (w.huike && w.huike.q) || []
  let run: ApiHandler | undefined
  let loading: Promise<void> | undefined
  const eager = (call: Call) => /^(open|toggle|send|forget|reset)$/.test(String(call[0]))

  const host = d.createElement('div')
  host.id = 'huike-root'
  // `all` leaves `direction` alone: an RTL page must not mirror the widget.
  host.setAttribute('style', 'all:initial!important;direction:ltr!important')
  const root = host.attachShadow({ mode: 'open' })
  root.innerHTML =
    `<style>.l{position:fixed;right:20px;bottom:calc(20px + var(--huike-bottom,0px));z-index:2147483000;width:56px;height:56px;` +
    `border:0;border-radius:50%;padding:0;background:${color};color:#fff;cursor:pointer;display:grid;place-items:center;` +
    `box-shadow:0 6px 20px rgba(0,0,0,.22);transition:transform .2s}.l:hover{transform:scale(1.06)}` +
    `.l:focus-visible{outline:3px solid ${color};outline-offset:3px}.l svg{width:28px;height:28px;fill:currentColor;grid-area:1/1;transition:transform .2s,opacity .2s}` +
    `[aria-expanded=true] .o,[aria-expanded=false] .x{opacity:0;transform:rotate(-45deg) scale(.6)}` +
    `@media (prefers-reduced-motion:reduce){.l,.l svg{transition:none}}@media (forced-colors:active){.l{border:2px solid ButtonText}}</style>` +
    `<button class="l" part="launcher" type="button" aria-expanded="false" aria-label="${lang == 'en' ? 'Open chat' : '打开在线客服'}">` +
    `<svg class="o" viewBox="0 0 24 24"><path d="M12 3C6.5 3 2 6.6 2 11c0 2.4 1.3 4.6 3.4 6.1L4.5 21l4.3-2.3c1 .3 2.1.4 3.2.4 5.5 0 10-3.6 10-8S17.5 3 12 3z"/></svg>` +
    `<svg class="x" viewBox="0 0 24 24"><path d="M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z"/></svg></button>`
  // The panel's header reuses these two paths, in this order (the chat bubble, then ×): app/icons.ts.
  const launcher = root.lastChild as HTMLButtonElement

  const load = () =>
    (loading ||= import(/* @vite-ignore */ new URL(__HUIKE_APP__, src).href).then(
      (app: { mount(root: ShadowRoot, o: MountOptions): ApiHandler }) => {
        run = app.mount(root, { lang, color, endpoint, launcher, greeted })
        for (const call of queue.splice(0)) run.apply(0, Array.from(call) as [string, ...unknown[]])
      },
      () => {
        loading = undefined // a failed chunk load may be retried by the next interaction
      },
    ))

  const huike: Huike = function (...args: unknown[]) {
    if (run) return run.apply(0, args as [string, ...unknown[]])
    queue.push(args)
    if (eager(args)) load()
  }
  huike.q = queue
  huike.l = 1
  w.huike = huike
  const pageLoaded = new Promise<void>((ok) =>
    d.readyState == 'complete' ? ok() : addEventListener('load', () => ok(), { once: true }),
  )
  const greeted = pageLoaded
    .then(() => import(/* @vite-ignore */ new URL(__HUIKE_BUBBLE__, src).href))
    .then((b: { start: typeof start }) => b.start(root, { lang, endpoint, launcher, huike }), () => null)

  launcher.onclick = () => huike('toggle')
  launcher.onpointerenter = launcher.onfocus = load
  if (queue.some(eager)) load()
  else
    pageLoaded.then(() =>
      setTimeout(() => (w.requestIdleCallback ? w.requestIdleCallback(load, { timeout: 5000 }) : load()), LATE_LOAD_MS),
    )

  // On <html>, beside <body>: a page's `body { zoom; transform }` or a framework re-rendering the body
  // cannot scale, clip or remove the widget.
  d.documentElement.append(host)
}
