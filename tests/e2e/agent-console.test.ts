// Live handoff end to end (CONTRACT §6): a visitor asks for a person in the widget; a person signs in
// to the agent console at /agent/, sees the conversation in the queue, takes it and replies; the reply
// appears in the visitor's widget as a person's message, and the visitor's answer reaches the console.
import { expect, test } from 'vitest'
import { useLiveEdgeAndBrowser } from '../support/live-edge.ts'
import { typeAndSend } from '../support/widget-page.ts'

const TOKEN = 'agent-token-e2e'
const run = useLiveEdgeAndBrowser(TOKEN)

const agentMessage = '#huike-root [part~="message"][data-role="agent"]'

test('a person takes a visitor who asked for one and replies; the reply reaches the widget, the answer the console', async () => {
  const visitor = await run.visitor('/')
  await typeAndSend(visitor, '转人工')
  await visitor.locator('#huike-root [part~="card"][data-type="handoff"]').waitFor({ timeout: 15_000 })

  const consoleContext = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const desk = await consoleContext.newPage()
  await desk.goto(run.edge.url + '/agent/')
  await desk.locator('input[name="token"]').fill(TOKEN)
  await desk.locator('input[name="name"]').fill('小王')
  await desk.locator('button[type="submit"]').click()

  const row = desk.locator('.group-waiting .row').filter({ hasText: '访客要求人工' }).first()
  await row.waitFor({ timeout: 10_000 })
  await desk.locator('.connection.live').waitFor()
  await row.click()
  await desk.locator('.transcript [data-role="user"]').filter({ hasText: '转人工' }).first().waitFor()

  await desk.getByRole('button', { name: '接待', exact: true }).click()
  const box = desk.locator('textarea[name="reply"]')
  await box.waitFor()
  const reply = '您好，我是小王，请问有什么可以帮您？'
  await box.fill(reply)
  await box.press('Enter')
  await desk.locator('.transcript [data-role="agent"]').filter({ hasText: reply }).waitFor()

  await visitor.locator(agentMessage).filter({ hasText: reply }).waitFor({ timeout: 10_000 })
  expect(await visitor.locator(agentMessage).count()).toBe(1)

  await typeAndSend(visitor, '我的订单还没发货')
  await desk.locator('.transcript [data-role="user"]').filter({ hasText: '我的订单还没发货' }).waitFor({ timeout: 10_000 })
  await desk.screenshot({ path: 'test-results/agent-console.png' })
  await consoleContext.close()
})
