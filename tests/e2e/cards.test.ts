// Product and compare cards as a visitor uses them: rendered from catalog facts, clickable, counted.
import { expect, test } from 'vitest'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { openPanel, parts, texts, typeAndSend } from '../support/widget-page.ts'

const run = useEdgeAndBrowser()

test('clicking a product card opens the shop\'s product page in place, reports a product_click event, and the conversation comes along', async () => {
  const context = await run.browser.newContext()
  const page = await context.newPage()
  await page.goto(run.edge.url + '/')
  await openPanel(page)
  await typeAndSend(page, 'X5 儿童手表多少钱？')
  const card = page.locator(parts.card('product')).filter({ hasText: 'X5' }).first()
  await card.waitFor({ timeout: 15_000 })

  // The click is reported as the page leaves (keepalive), or from the outbox on the next page: either way it arrives.
  const clicks: unknown[] = []
  context.on('request', (r) => {
    if (!r.url().endsWith('/v1/events')) return
    for (const e of JSON.parse(r.postData() ?? '{"events":[]}').events) if (e.type === 'product_click') clicks.push(e)
  })
  await card.locator('img').click() // the picture, not the link: the whole card is the target
  await page.waitForURL(/\/p\/x5\.html$/)
  expect(await page.locator('h1').innerText()).toContain('X5')
  expect(context.pages()).toHaveLength(1) // the shop's own page: no new tab
  await openPanel(page)
  await expect.poll(() => clicks.length, { timeout: 20_000 }).toBeGreaterThan(0)
  expect(clicks[0]).toMatchObject({ type: 'product_click', props: { productId: 'x5' } })
  await expect.poll(() => texts(page, 'user')).toContain('X5 儿童手表多少钱？')
  await context.close()
})

test('a comparison with a competitor renders as a table that scrolls sideways on a phone, with no link to the rival', async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 720 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await page.goto(run.edge.url + '/')
  await openPanel(page)
  await typeAndSend(page, 'X5和K9哪个好？')
  const table = page.locator(parts.card('compare'))
  await table.waitFor({ timeout: 15_000 })

  const headers = await table.locator('thead th').allInnerTexts()
  expect(headers.join(' ')).toMatch(/X5/)
  expect(headers.join(' ')).toMatch(/K9/)
  expect(await table.locator('tbody th').first().innerText()).toMatch(/价格/)
  expect(await table.innerText()).toContain('¥899')
  const links = await table.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))
  expect(links).toEqual(['/p/x5.html'])
  // Inside the panel, not off-screen: the region itself scrolls when the table is wider.
  const box = await table.boundingBox()
  expect(box && box.x + box.width).toBeLessThanOrEqual(360)
  expect(await table.evaluate((el) => getComputedStyle(el).overflowX)).toBe('auto')
  await page.screenshot({ path: 'test-results/compare-phone.png' })
  await context.close()
})
