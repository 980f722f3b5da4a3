// Rendering the console against the fake edge, and waiting for what a person would see.
import { render } from '@testing-library/preact'
import { App } from '../src/App.tsx'
import type { Lang } from '../src/i18n.ts'
import { until } from '../../widget/test/helpers.ts'
import { BASE, TOKEN, fakeEdge } from './fake-edge.ts'

export { tick, until } from '../../widget/test/helpers.ts'

export function renderConsole(edge: ReturnType<typeof fakeEdge>, lang: Lang = 'zh-CN') {
  const view = render(<App lang={lang} base={BASE} fetch={edge.fetch} storage={sessionStorage} />)
  const $ = <T extends Element = HTMLElement>(sel: string) => view.container.querySelector<T>(sel)
  const $$ = (sel: string) => [...view.container.querySelectorAll<HTMLElement>(sel)]
  const find = <T extends Element = HTMLElement>(sel: string) =>
    until(() => {
      const el = $<T>(sel)
      if (!el) throw new Error(`no ${sel}`)
      return el
    })
  return { ...view, $, $$, find }
}

/** A person already signed in this tab (what sessionStorage holds after the login form). */
export function signedIn(name = '小王', token = TOKEN): void {
  sessionStorage.setItem('huike-agent-session', JSON.stringify({ token, name }))
}
