// The English shop: the widget speaks English (its strings are a small file of their own, which
// Chinese pages never download) and answers in English from the same catalog.
import { expect, test } from 'vitest'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts, texts, typeAndSend } from '../support/widget-page.ts'

const run = useEdgeAndBrowser()

test('on the English page the panel is in English and answers in English; the Chinese page never loads the English strings', async () => {
  const context = await run.browser.newContext()
  const page = await context.newPage()
  const loaded: string[] = []
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname))
  await page.goto(run.edge.url + '/en/')
  await page.locator(parts.launcher).click()
  const input = page.locator(parts.input)
  await input.waitFor({ state: 'visible', timeout: 15_000 })
  expect(await input.getAttribute('placeholder')).toBe('Type your question…')
  expect(await page.locator(parts.launcher).getAttribute('aria-label')).toBe('Close chat')
  await typeAndSend(page, 'How much is the X5 kids watch?')
  await expect.poll(() => texts(page, 'assistant').then((t) => t.at(-1) ?? ''), { timeout: 15_000 }).toMatch(/¥899/)
  expect(loaded).toContain('/huike-en.js')

  const zh = await context.newPage()
  const zhLoaded: string[] = []
  zh.on('request', (r) => zhLoaded.push(new URL(r.url()).pathname))
  await zh.goto(run.edge.url + '/')
  await zh.locator(parts.launcher).click()
  await zh.locator(parts.input).waitFor({ state: 'visible', timeout: 15_000 })
  expect(await zh.locator(parts.input).getAttribute('placeholder')).toBe('输入您的问题…')
  expect(zhLoaded).not.toContain('/huike-en.js')
  await context.close()
})
