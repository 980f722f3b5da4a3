// What the widget costs the shop page it is embedded in, before anyone uses it: while the page loads only
// /huike.js; after the page's load the bubble chunk (which also carries the helpers the app imports from
// it) asking /v1/greet. The panel's app chunk comes when the visitor reaches for the launcher, when the page calls
// for the panel, or once the loaded page has stayed quiet a few seconds. The page's timers run on
// Playwright's clock, paused, so "quiet for a few seconds" happens only when a test says so.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { NODE_EDGE, useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts } from '../support/widget-page.ts'

const env = useEdgeAndBrowser({ command: NODE_EDGE })

type Entry = { file: string; imports?: string[] }
const manifest = () => JSON.parse(readFileSync('dist/widget-manifest.json', 'utf8')) as Record<string, Entry>
const app = () => '/' + manifest()['widget/src/app/main.tsx']!.file
/** The bubble chunk and the chunk(s) it shares with the app. */
const bubble = () => {
  const m = manifest()
  const b = m['widget/src/bubble.ts']!
  return ['/' + b.file, ...(b.imports ?? []).map((k) => '/' + m[k]!.file)]
}

/** A new visitor on the demo shop with the page's clock paused; the paths of what it fetched from the edge, live. */
async function visit(path: string, snippet = ''): Promise<{ page: Page; fetched: string[] }> {
  const page = await (await env.browser.newContext()).newPage()
  const fetched: string[] = []
  page.on('request', (r) => {
    const url = new URL(r.url())
    if (url.origin === env.edge.url) fetched.push(url.pathname)
  })
  await page.clock.install()
  await page.clock.pauseAt(Date.now() + 60_000)
  if (snippet) await page.addInitScript(snippet)
  const greeted = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/greet')
  await page.goto(env.edge.url + path)
  await greeted // the bubble has done its part: anything fetched later was asked by the test
  return { page, fetched }
}

const scripts = (fetched: string[]) => fetched.filter((p) => p.endsWith('.js'))

test('while nobody touches the widget the page downloads only the loader and the greeting bubble; hovering the launcher fetches the app', async () => {
  const { page, fetched } = await visit('/')
  expect(scripts(fetched).sort()).toEqual(['/huike.js', ...bubble()].sort())
  expect(fetched).not.toContain(app())

  await page.locator(parts.launcher).hover() // reaching for the launcher: the panel is on its way
  await expect.poll(() => fetched).toContain(app())
  await page.locator(parts.launcher).click()
  await page.locator(parts.input).waitFor({ state: 'visible' })
  await page.context().close()
})

test('left alone, the loaded page fetches the app once it has been quiet a few seconds', async () => {
  const { page, fetched } = await visit('/')
  await page.clock.runFor(2000)
  expect(fetched).not.toContain(app())
  await page.clock.runFor(15_000)
  await expect.poll(() => fetched).toContain(app())
  await page.context().close()
})

test("a page that opens the panel itself (huike('open') before the loader arrives) gets the app at once", async () => {
  // As a shop would write it, right after the CONTRACT §5 stub: the queued call needs the panel.
  const { page, fetched } = await visit('/', `window.huike=function(){(huike.q=huike.q||[]).push(arguments)};huike('open')`)
  await expect.poll(() => fetched).toContain(app())
  await page.locator(parts.input).waitFor({ state: 'visible' })
  await page.context().close()
})
