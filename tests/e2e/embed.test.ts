// The whole point of huike: a shop on ANOTHER origin pastes the one <script> tag (CONTRACT §5) and
// the widget works there — the loader, the app and bubble chunks (module imports, which browsers
// fetch with CORS) and the API calls all cross origins. The shop page is served by a plain HTTP
// server on its own port; the edge allows that origin.
import { createServer, type Server } from 'node:http'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { launchChromium } from '../support/browser.ts'
import { freePort, startEdge, type EdgeProcess } from '../support/edge-process.ts'
import { NODE_EDGE } from '../support/edge-and-browser.ts'
import { parts, texts, typeAndSend } from '../support/widget-page.ts'
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
  shop = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page))
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
