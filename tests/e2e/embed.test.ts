// The whole point of huike: a shop on ANOTHER origin pastes the one <script> tag (CONTRACT §5) and
// the widget works there — the loader, the app and bubble chunks (module imports, which browsers
// fetch with CORS) and the API calls all cross origins. The shop page is served by a plain HTTP
// server on its own port; the edge allows that origin.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium } from '../support/browser.ts'
import { freePort, startEdge, type EdgeProcess } from '../support/edge-process.ts'
import { NODE_EDGE } from '../support/edge-and-browser.ts'
import { parts, settled, texts, typeAndSend } from '../support/widget-page.ts'
import type { Browser } from 'playwright-core'

let edge: EdgeProcess
let shop: Server
let shopUrl: string
let browser: Browser

beforeAll(async () => {
  const port = await freePort()
  shopUrl = `http://127.0.0.1:${port}`
  edge = await startEdge({ command: NODE_EDGE, env: { HUIKE_ALLOWED_ORIGINS: shopUrl } })
  const page = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>别人家的店</title></head>
<body><h1>别人家的店</h1>
<script>window.huike=window.huike||function(){(huike.q=huike.q||[]).push(arguments)};huike('page',{productId:'x5'})</script>
<script async src="${edge.url}/huike.js" data-lang="zh-CN"></script></body></html>`
  // A page that fights back: RTL, zoomed, every element restyled, its own fixed bottom bar.
  const hostile = page.replace('<html lang="zh-CN">', '<html lang="zh-CN" dir="rtl">').replace('</head>', `<style>
* { box-sizing: content-box !important; font: 30px/3 serif !important; color: lime !important; }
button { all: unset; background: red } html { font-size: 8px } body { zoom: 1.5 }
.bar { position: fixed; left: 0; right: 0; bottom: 0; height: 56px; background: #333; z-index: 9999 }
#huike-root { --huike-bottom: 56px } /* the one setting the page needs: lift the widget above its bar */
</style></head>`).replace('<h1>', '<div class="bar"></div><h1>')
  shop = createServer((req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(req.url?.startsWith('/hostile') ? hostile : page))
  await new Promise<void>((ok) => shop.listen(port, '127.0.0.1', ok))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await new Promise((ok) => shop?.close(ok))
  await edge?.stop()
})

test('a shop on another origin embeds the widget with one script tag, and the visitor gets answers', async () => {
  const page = await (await browser.newContext()).newPage()
  const failed: string[] = []
  // (A finished SSE stream's reader being released shows as ERR_ABORTED: not a failure.)
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && failed.push(`${r.url()} ${r.failure()?.errorText}`))
  page.on('console', (m) => m.type() === 'error' && failed.push(m.text()))
  await page.goto(shopUrl + '/')
  await page.locator(parts.launcher).click()
  await page.locator(parts.input).waitFor({ state: 'visible', timeout: 15_000 })
  await typeAndSend(page, '这款多少钱？')
  await expect.poll(() => texts(page, 'assistant').then((t) => t.at(-1) ?? ''), { timeout: 15_000 }).toContain('899')
  expect(failed).toEqual([])
  await page.context().close()
})

test('a hostile host page (RTL, zoom, restyled everything, its own bottom bar) neither mirrors, scales nor clips the widget', async () => {
  for (const viewport of [{ width: 1280, height: 800 }, { width: 740, height: 360 }]) {
    const context = await browser.newContext({ viewport })
    const page = await context.newPage()
    await page.goto(shopUrl + '/hostile')
    await page.locator(parts.launcher).click()
    const input = page.locator(parts.input)
    await input.waitFor({ state: 'visible', timeout: 15_000 })
    await settled(page.locator(parts.panel))
    const panel = (await page.locator(parts.panel).boundingBox())!
    expect(panel.y).toBeGreaterThanOrEqual(0) // the header (close, menu) is on screen
    expect(panel.y + panel.height).toBeLessThanOrEqual(viewport.height)
    expect(panel.width).toBeLessThanOrEqual(420) // not scaled by the page's zoom
    expect(await input.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr')
    expect(await input.evaluate((el) => getComputedStyle(el).fontFamily)).not.toBe('serif')
    // --huike-bottom lifts the launcher (and the panel above it) clear of the page's own bottom bar.
    const launcher = (await page.locator(parts.launcher).boundingBox())!
    expect(launcher.y + launcher.height).toBeLessThanOrEqual(viewport.height - 56)
    await page.screenshot({ path: `test-results/hostile-${viewport.width}.png` })
    await context.close()
  }
})
