// When things break, the visitor still gets an answer or a clear way forward — never a frozen spinner.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium } from '../support/browser.ts'
import { NODE_EDGE } from '../support/edge-and-browser.ts'
import { freePort, startEdge } from '../support/edge-process.ts'
import { openPanel, parts, texts, typeAndSend } from '../support/widget-page.ts'

let browser: Browser
beforeAll(async () => {
  browser = await launchChromium()
})
afterAll(() => browser?.close())


test('a dead LLM API falls back to the offline responder and the visitor still gets the real price', async () => {
  const deadPort = await freePort()
  const edge = await startEdge({
    command: NODE_EDGE,
    env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: `http://127.0.0.1:${deadPort}/v1` },
  })
  try {
    expect((await (await fetch(edge.url + '/healthz')).json()).provider).toBe('openai')
    const page = await browser.newPage()
    await page.goto(edge.url + '/')
    await openPanel(page)
    await typeAndSend(page, 'X5 儿童手表多少钱？')
    await page.locator(parts.message('assistant')).filter({ hasText: '899' }).last().waitFor({ timeout: 20_000 })
    await page.close()
  } finally {
    await edge.stop()
  }
})

test('an unreachable edge shows an inline error with retry, and retry answers once the edge is back', async () => {
  const port = await freePort()
  let edge = await startEdge({ command: NODE_EDGE, port })
  const page = await browser.newPage()
  try {
    await page.goto(edge.url + '/')
    await openPanel(page)
    await edge.stop()

    await typeAndSend(page, 'X5 儿童手表多少钱？')
    const retry = page.getByRole('button', { name: /重试|retry/i })
    await retry.waitFor({ state: 'visible', timeout: 10_000 })
    // The error is a row in the panel, not an assistant chat message, and nothing keeps spinning.
    expect((await texts(page, 'assistant')).join(' ')).not.toContain('899')
    expect(await page.locator('#huike-root [aria-busy="true"]').count()).toBe(0)

    edge = await startEdge({ command: NODE_EDGE, port })
    await retry.click()
    await page.locator(parts.message('assistant')).filter({ hasText: '899' }).last().waitFor({ timeout: 15_000 })
    await expect(retry.isVisible()).resolves.toBe(false)
    expect((await texts(page, 'user')).filter((t) => t === 'X5 儿童手表多少钱？')).toHaveLength(1)
  } finally {
    await page.close()
    await edge.stop()
  }
})
