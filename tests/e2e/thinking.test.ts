// A reasoning model behind the edge (DeepSeek's stream shape from the local OpenAI stub, through the real
// openai SDK): while it thinks, the visitor sees the typing indicator say so; then the answer streams in,
// and its reasoning never reaches the page.
import { afterAll, beforeAll, expect, test } from 'vitest'
import type { Browser } from 'playwright-core'
import { startOpenAIStub, type OpenAIStub } from '../../edge/src/model/openai-stub.ts'
import { PROVIDER_SHAPES, SECRET_REASONING, shaped } from '../../edge/src/model/provider-shapes.ts'
import { launchChromium } from '../support/browser.ts'
import { NODE_EDGE } from '../support/edge-and-browser.ts'
import { startEdge, type EdgeProcess } from '../support/edge-process.ts'
import { openPanel, parts, typeAndSend } from '../support/widget-page.ts'

let stub: OpenAIStub
let edge: EdgeProcess
let browser: Browser
beforeAll(async () => {
  stub = await startOpenAIStub()
  ;[edge, browser] = await Promise.all([
    startEdge({ command: NODE_EDGE, env: { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, HUIKE_MODEL: 'deepseek-v4-flash' } }),
    launchChromium(),
  ])
})
afterAll(async () => {
  await browser?.close()
  await edge?.stop()
  stub?.close()
})

test('while the model reasons the indicator reads 正在思考, then the answer streams in without the reasoning', async () => {
  // Two seconds of reasoning chunks: longer than a glance, shorter than the first-token timeout's cap.
  stub.behaviour = shaped(PROVIDER_SHAPES.DeepSeek!, {
    answer: ['X5 儿童智能手表', '售价 ¥899，支持九重定位。'],
    usage: { prompt: 900, completion: 400, reasoning: 380 },
    thinking: { chunks: 20, everyMs: 100 },
  })
  const page = await browser.newPage()
  try {
    await page.goto(edge.url + '/')
    await openPanel(page)
    await typeAndSend(page, 'X5 儿童手表多少钱？')
    const thinking = page.locator('#huike-root [role="status"][aria-label="正在思考"]')
    await thinking.waitFor({ state: 'visible', timeout: 15_000 })
    expect(await thinking.innerText()).toContain('正在思考')
    await page.locator(parts.message('assistant')).filter({ hasText: '售价 ¥899' }).last().waitFor({ timeout: 20_000 })
    await expect(thinking.count()).resolves.toBe(0)
    const shown = await page.evaluate(() => document.querySelector('#huike-root')!.shadowRoot!.textContent)
    expect(shown).not.toContain(SECRET_REASONING.slice(0, 6))
    expect(shown).not.toContain('REASONING-MARKER')
    expect(stub.requests).toHaveLength(1)
  } finally {
    await page.close()
  }
})
