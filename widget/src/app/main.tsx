// The app chunk, loaded lazily by /huike.js. `mount(shadowRoot, options)` renders the panel into the
// loader's shadow root, takes over the loader's launcher button, and returns the API handler that the
// loader replays its queue into and forwards later `huike(…)` calls to.
// Imports in this order on purpose: it is the modules' order in the app chunk, and this one gzips smallest
// (scripts/size.mjs; the components next to the styles and strings they name).
import { render } from 'preact'
import { Panel } from './components/Panel.tsx'
import { createChat } from './chat-state.ts'
import css from './styles.css?inline'
import { strings } from './i18n.ts'
import { takeIcons } from './icons.ts'
import { openStore, type KV } from './storage.ts'
import { createApi } from './api.ts'
import type { ApiHandler, MountOptions } from './types.ts'
import { useValue } from './use-value.ts'

export type { ApiHandler, MountOptions }

/** `kv`, `fetch` and `channel` are for tests; the loader passes MountOptions only. */
export function mount(
  root: ShadowRoot,
  options: MountOptions & { kv?: KV; fetch?: typeof fetch; channel?: string; flushMs?: number },
): ApiHandler {
  const lang = options.lang === 'en' ? 'en' : 'zh-CN'
  const chat = createChat({
    endpoint: options.endpoint,
    lang,
    kv: options.kv ?? openStore(),
    fetch: options.fetch,
    channel: options.channel,
    greeted: options.greeted,
    flushMs: options.flushMs,
  })

  const style = document.createElement('style')
  style.textContent = css
  const app = document.createElement('div')
  app.className = 'app'
  if (/^#[0-9a-f]{3,8}$/i.test(options.color)) app.style.setProperty('--brand', options.color)
  root.append(style, app)

  const launcher = options.launcher
  takeIcons(launcher)
  // The API works at once; the view renders once the visitor's strings are in (English: one small file).
  void strings(lang).then((s) => {
    chat.isOpen.subscribe((open) => {
      if (launcher) {
        launcher.setAttribute('aria-expanded', String(open))
        launcher.setAttribute('aria-label', open ? s.close : s.open)
      }
      // Closing (by Esc, the close button or the API) while focus is in the panel: back to the launcher.
      const active = root.activeElement
      if (!open && active && active !== launcher) launcher?.focus()
    })
    const App = () => (useValue(chat.isOpen) ? <Panel chat={chat} s={s} lang={lang} /> : null)
    render(<App />, app)
  })
  return createApi(chat)
}
