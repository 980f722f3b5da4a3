// The walking skeleton as a visitor lives it: the built widget in Debian's Chromium against `npm start`.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { launchChromium } from '../support/browser.ts'
import { startEdge, type EdgeProcess } from '../support/edge-process.ts'
import { openPanel, parts, recordReplyGrowth, texts, typeAndSend } from '../support/widget-page.ts'

const SHOTS = 'test-results'
let edge: EdgeProcess
let browser: Browser

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[edge, browser] = await Promise.all([startEdge(), launchChromium()])
})
afterAll(async () => {
  await browser?.close()
  await edge?.stop()
})

describe('a visitor on the demo shop', () => {
  let context: BrowserContext
  let page: Page

  beforeAll(async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
    page = await context.newPage()
  })
  afterAll(() => context.close())

  test('opens the launcher, asks for the X5 price and watches a grounded answer stream in with a product card', async () => {
    await page.goto(edge.url + '/')
    const bodyFont = await page.evaluate(() => getComputedStyle(document.body).fontFamily)
    await page.locator(parts.launcher).waitFor({ state: 'visible' })
    await openPanel(page)
    await expect(page.locator(parts.send).isDisabled()).resolves.toBe(true)

    const growth = await recordReplyGrowth(page)
    await typeAndSend(page, 'X5 儿童手表多少钱？')
    const card = page.locator(parts.card('product')).filter({ hasText: 'X5' }).first()
    await card.waitFor({ state: 'visible', timeout: 15_000 })
    await page.waitForFunction(() => {
      const root = document.querySelector('#huike-root')?.shadowRoot
      return !root?.querySelector('[part~="panel"] [aria-busy="true"]')
    })
    const lengths = await growth()

    expect(await texts(page, 'user')).toContain('X5 儿童手表多少钱？')
    const reply = (await texts(page, 'assistant')).at(-1) ?? ''
    expect(reply).toContain('899')
    // Streamed: the reply grew through several partial lengths before it was complete.
    expect(lengths.filter((n) => n > 0).length).toBeGreaterThanOrEqual(4)

    await expect(card.innerText()).resolves.toMatch(/899/)
    expect(await card.locator('a').first().getAttribute('href')).toMatch(/\/p\/x5\.html$/)
    const img = card.locator('img').first()
    await expect(img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).resolves.toBe(true)

    // The widget's styles stay in its shadow root, and the page's stay out of it.
    expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toBe(bodyFont)
    await page.screenshot({ path: `${SHOTS}/chat-desktop.png` })
  })

  test('keeps the conversation across a reload', async () => {
    await page.reload()
    await openPanel(page)
    await page.locator(parts.message('assistant')).filter({ hasText: '899' }).first().waitFor()
    expect(await texts(page, 'user')).toContain('X5 儿童手表多少钱？')
  })

  test('a second tab shows the same conversation, and a message sent there appears in the first', async () => {
    const second = await context.newPage()
    await second.goto(edge.url + '/')
    await openPanel(second)
    await second.locator(parts.message('user')).filter({ hasText: 'X5 儿童手表多少钱？' }).waitFor()

    await typeAndSend(second, 'Z7 手机有紫色吗？')
    await page.locator(parts.message('user')).filter({ hasText: 'Z7 手机有紫色吗？' }).waitFor({ timeout: 10_000 })
    await page.locator(parts.message('assistant')).filter({ hasText: '紫色' }).last().waitFor({ timeout: 15_000 })
    await second.close()
  })

  test("huike('forget') wipes the conversation, and it stays gone after a reload", async () => {
    await page.evaluate(() => (window as unknown as { huike: (...a: unknown[]) => void }).huike('forget'))
    await expect.poll(() => texts(page, 'user'), { timeout: 5_000 }).toEqual([])
    await page.reload()
    await openPanel(page)
    await page.waitForTimeout(300)
    expect(await texts(page, 'user')).toEqual([])
    expect((await texts(page, 'assistant')).join(' ')).not.toContain('899')
  })

  test('Escape closes the panel and gives focus back to the launcher', async () => {
    await openPanel(page)
    await page.keyboard.press('Escape')
    await page.locator(parts.panel).waitFor({ state: 'hidden' })
    const focused = await page.evaluate(
      () => document.querySelector('#huike-root')?.shadowRoot?.activeElement?.getAttribute('part') ?? '',
    )
    expect(focused).toContain('launcher')
  })
})

describe('on a phone', () => {
  test('the panel fills the screen and the composer stays visible', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 700 }, isMobile: true, hasTouch: true })
    const page = await context.newPage()
    await page.goto(edge.url + '/p/x5.html')
    await openPanel(page)
    const box = await page.locator(parts.panel).boundingBox()
    expect(box && Math.round(box.width)).toBe(375)
    expect(box && Math.round(box.height)).toBeGreaterThanOrEqual(690)
    const input = await page.locator(parts.input).boundingBox()
    expect(input && input.y + input.height).toBeLessThanOrEqual(700)
    const fontSize = await page.locator(parts.input).evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    expect(fontSize).toBeGreaterThanOrEqual(16)
    // On the X5 page a question without a product name is about the X5 (page.productId).
    await typeAndSend(page, '多少钱？')
    await page.locator(parts.message('assistant')).filter({ hasText: '899' }).last().waitFor({ timeout: 15_000 })
    await page.screenshot({ path: `${SHOTS}/chat-phone.png` })
    await context.close()
  })
})
