// Conversations that lead somewhere: a guided gift choice, an angry visitor handed to a person, a
// broken item returned through the standard process. The built widget in Chromium against the edge.
import { expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts, typeAndSend } from '../support/widget-page.ts'

const run = useEdgeAndBrowser()
const freshPage = () => run.visitor()

/** Waits until the newest reply has finished streaming (its quick replies and cards are in). */
async function replyDone(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const root = document.querySelector('#huike-root')?.shadowRoot
    const log = root?.querySelector('[role="log"]')
    return log && log.getAttribute('aria-busy') !== 'true' && !root?.querySelector('[part~="stop"]')
  })
}

test('the gift flow, clicked through quick replies, ends with product cards', async () => {
  const page = await freshPage()
  await typeAndSend(page, '想送个礼物，有什么推荐？')
  await page.locator(parts.message('assistant')).nth(1).waitFor({ timeout: 15_000 })
  let clicks = 0
  for (; clicks < 6; clicks++) {
    await replyDone(page)
    if (await page.locator(parts.card('product')).count()) break
    const suggestion = page.locator(parts.suggestion).first()
    await suggestion.waitFor({ timeout: 10_000 })
    await suggestion.click()
    await page.waitForTimeout(50)
  }
  await replyDone(page)
  expect(clicks).toBeGreaterThanOrEqual(1) // it asked at least one question first
  const cards = page.locator(parts.card('product'))
  expect(await cards.count()).toBeGreaterThanOrEqual(1)
  expect(await cards.first().innerText()).toMatch(/¥\d/)
  await page.screenshot({ path: 'test-results/gift-flow.png' })
})

test('an angry visitor sees the handoff banner', async () => {
  const page = await freshPage()
  await typeAndSend(page, '你们这什么垃圾服务！！！退钱！！！')
  await page.locator('#huike-root [part~="handoff"]').waitFor({ timeout: 15_000 })
  await page.locator(parts.card('handoff')).waitFor()
  await page.screenshot({ path: 'test-results/handoff.png' })
})

test('a return for a broken item shows a ticket card', async () => {
  const page = await freshPage()
  await typeAndSend(page, '我买的X5手表屏幕坏了，想退货')
  const ticket = page.locator(parts.card('ticket'))
  await ticket.waitFor({ timeout: 15_000 })
  expect(await ticket.innerText()).toMatch(/T-|工单/)
  await page.screenshot({ path: 'test-results/ticket.png' })
})
