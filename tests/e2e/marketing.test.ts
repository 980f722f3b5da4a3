// The marketing engine as a visitor meets it: the proactive opener bubble on an SEM landing page (one
// /v1/greet per page view, opening the panel with that opener), and consent refusing promotions.
import { expect, test } from 'vitest'
import type { Page, Request } from 'playwright-core'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts, settled, texts, typeAndSend } from '../support/widget-page.ts'

const run = useEdgeAndBrowser()
const bubble = '#huike-root [part~="bubble"]'

/** Every /v1/greet and /v1/events request body of the page, as they happen. */
function record(page: Page) {
  const greets: unknown[] = []
  const events: { type: string; props: Record<string, unknown> }[] = []
  page.on('request', (r: Request) => {
    if (r.url().endsWith('/v1/greet')) greets.push(JSON.parse(r.postData() ?? '{}'))
    if (r.url().endsWith('/v1/events')) events.push(...JSON.parse(r.postData() ?? '{}').events)
  })
  return { greets, events }
}

test('an SEM landing page shows the personalised opener bubble; clicking it opens the panel with it first', async () => {
  const context = await run.browser.newContext()
  const page = await context.newPage()
  const seen = record(page)
  await page.goto(run.edge.url + '/lp/kids-watch.html?utm_term=' + encodeURIComponent('儿童智能手表定位'))
  const b = page.locator(bubble)
  await b.waitFor({ timeout: 15_000 })
  const text = (await b.locator('button').first().innerText()).trim()
  expect(text.length).toBeGreaterThan(0)
  // The kids-watch campaign's greeting (edge config `campaigns`) answers the search keyword.
  expect(text).toContain('定位')
  // No focus taken, above the launcher, inside the viewport.
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true)
  await settled(b)
  const [bb, lb] = [await b.boundingBox(), await page.locator(parts.launcher).boundingBox()]
  expect(bb!.y + bb!.height).toBeLessThanOrEqual(lb!.y)
  // greet_shown goes out with the experiment's exposure in one batch, a moment after the bubble shows.
  await expect.poll(() => seen.events.map((e) => e.type)).toContain('greet_shown')

  await b.locator('button').first().click()
  await page.locator(parts.input).waitFor({ state: 'visible' })
  // The opener is the one assistant message (its text first; the greeting's cards follow it).
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim()
  await expect.poll(() => texts(page, 'assistant').then((t) => t.length)).toBe(1)
  expect(squash((await texts(page, 'assistant'))[0]!).startsWith(squash(text))).toBe(true)
  // With consent unknown, the opener experiment's offer comes as a coupon card, and is counted.
  await page.locator(parts.card('coupon')).first().waitFor()
  await expect.poll(() => seen.events.some((e) => e.type === 'coupon_shown'), { timeout: 6_000 }).toBe(true)
  expect(await page.locator(bubble).count()).toBe(0)
  expect(seen.greets).toHaveLength(1) // the app used the bubble's answer
  expect(seen.greets[0]).toMatchObject({ page: { url: expect.stringContaining('/lp/kids-watch.html') } })

  // The search keyword carries into the chat: a question naming no product is about the campaign's X5.
  await typeAndSend(page, '防水吗？')
  await expect.poll(() => texts(page, 'assistant').then((t) => t.at(-1) ?? '')).toContain('IP68')
  await page.locator(parts.card('product')).filter({ hasText: 'X5' }).last().waitFor()

  // One greeting per visit: the next page view asks again (a proactive trigger may be due) but shows none.
  await page.goto(run.edge.url + '/lp/phone.html')
  await page.locator(parts.launcher).waitFor()
  await expect.poll(() => seen.greets.length).toBe(2)
  await page.waitForTimeout(1500)
  expect(await page.locator(bubble).count()).toBe(0)
  await context.close()
})

test('consent(false): no promotional bubble and no coupon, and the edge is told', async () => {
  const context = await run.browser.newContext()
  // The site's own call, made before the widget loads (it waits in the queue).
  await context.addInitScript(() => {
    const w = window as unknown as { huike: ((...a: unknown[]) => void) & { q?: unknown[] } }
    w.huike = function (...args: unknown[]) { (w.huike.q = w.huike.q || []).push(args) }
    w.huike('consent', { marketing: false })
  })
  const page = await context.newPage()
  const seen = record(page)
  await page.goto(run.edge.url + '/lp/kids-watch.html?utm_term=' + encodeURIComponent('儿童智能手表定位'))
  await expect.poll(() => seen.greets.length, { timeout: 15_000 }).toBe(1)
  expect(seen.greets[0]).toMatchObject({ profile: { consent: { marketing: false } } })
  await page.waitForTimeout(1500)
  expect(await page.locator(bubble).count()).toBe(0)

  await page.locator(parts.launcher).click()
  await page.locator(parts.input).waitFor({ state: 'visible' })
  await typeAndSend(page, '有优惠券吗？')
  await expect.poll(() => texts(page, 'assistant').then((t) => t.length), { timeout: 15_000 }).toBeGreaterThanOrEqual(2)
  await page.waitForTimeout(500)
  expect(await page.locator(parts.card('coupon')).count()).toBe(0)
  expect(seen.events.some((e) => e.type === 'coupon_shown')).toBe(false)
  await context.close()
})

test('on a phone the bubble stays small, above the launcher, inside the screen, and × dismisses it', async () => {
  const context = await run.browser.newContext({ viewport: { width: 360, height: 720 }, isMobile: true, hasTouch: true })
  const page = await context.newPage()
  await page.goto(run.edge.url + '/lp/skincare.html?utm_term=' + encodeURIComponent('油皮控油'))
  const b = page.locator(bubble)
  await b.waitFor({ timeout: 15_000 })
  await settled(b)
  const box = (await b.boundingBox())!
  const launcher = (await page.locator(parts.launcher).boundingBox())!
  expect(box.x).toBeGreaterThanOrEqual(0)
  expect(box.x + box.width).toBeLessThanOrEqual(360)
  expect(box.y + box.height).toBeLessThanOrEqual(launcher.y)
  expect(box.height).toBeLessThan(120) // three lines at most
  await page.screenshot({ path: 'test-results/bubble-phone.png' })
  await b.locator('button').last().click()
  expect(await page.locator(bubble).count()).toBe(0)
  expect(await page.locator(parts.panel).count()).toBe(0) // dismissing doesn't open the panel
  await context.close()
})
