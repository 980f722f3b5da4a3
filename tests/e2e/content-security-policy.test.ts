// The report and the agent console under their real Content-Security-Policy headers in Chromium: both
// pages still work, and the browser reports no CSP violation (console or securitypolicyviolation).
// A control proves a violation would be seen: the report with one changed byte in its stylesheet.
import type { Page, Response as PageResponse } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { demoEvents } from '../../edge/src/analytics/demo-data.ts'
import { AGENT_CONSOLE_CSP } from '../../edge/src/middleware/security-headers.ts'
import { libsqlDriver, MEMORY, openLibsqlClient } from '../../edge/src/store/libsql.ts'
import { SqlEventStore, type SqlDriver } from '../../edge/src/store/sql-store.ts'
import { testApp } from '../../edge/src/testing.ts'
import { useLiveEdgeAndBrowser } from '../support/live-edge.ts'

const TOKEN = 'agent-token-csp'
const run = useLiveEdgeAndBrowser(TOKEN)

let driver: SqlDriver
let store: SqlEventStore
beforeAll(async () => {
  driver = libsqlDriver(await openLibsqlClient(MEMORY))
  store = new SqlEventStore(driver)
  const events = demoEvents()
  for (let i = 0; i < events.length; i += 500) await store.append(events.slice(i, i + 500))
})
afterAll(() => driver?.close())

/** Everything the browser says about CSP on this page, from the console and the DOM event. */
async function watchCsp(page: Page): Promise<string[]> {
  const reports: string[] = []
  page.on('console', (m) => {
    if (/content security policy|refused to/i.test(m.text())) reports.push(m.text())
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load (Content Security Policy): ${e.violatedDirective} ${e.blockedURI}`))
  })
  return reports
}

/** The report as GET /v1/report answers it, headers included, served to the browser at an http origin. */
async function openReport(page: Page, change: (html: string) => string = (html) => html): Promise<PageResponse | null> {
  const res = await testApp({ store, adminToken: 'csp-admin' }).request('/v1/report', { headers: { authorization: 'Bearer csp-admin' } })
  expect(res.status).toBe(200)
  const body = change(await res.text())
  await page.route('http://report.test/**', (route) => route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body }))
  return page.goto('http://report.test/v1/report')
}

test('the report renders under its CSP with no violation', async () => {
  const page = await run.browser.newPage({ viewport: { width: 1100, height: 900 } })
  const reports = await watchCsp(page)
  const response = await openReport(page)
  const csp = (await response!.allHeaders())['content-security-policy']
  expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-/)
  for (const chart of ['funnel', 'latency', 'satisfaction']) await page.locator(`svg[data-chart="${chart}"]`).waitFor({ state: 'visible', timeout: 5_000 })
  // The stylesheet applied (allowed by its hash): the page's grey background and the KPI grid.
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(245, 246, 248)')
  expect(await page.locator('.grid').evaluate((el) => getComputedStyle(el).display)).toBe('grid')
  await page.waitForTimeout(200)
  expect(reports).toEqual([])
  await page.close()
})

test('control: a stylesheet that is not the hashed one is refused and reported', async () => {
  const page = await run.browser.newPage()
  const reports = await watchCsp(page)
  await openReport(page, (html) => html.replace('<style>', '<style>/* injected */'))
  await expect.poll(() => reports.length).toBeGreaterThan(0)
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(245, 246, 248)')
  await page.close()
})

test('the agent console signs in, lists the queue and streams under its CSP with no violation', async () => {
  const context = await run.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' })
  const desk = await context.newPage()
  const reports = await watchCsp(desk)
  const response = await desk.goto(run.edge.url + '/agent/')
  const headers = await response!.allHeaders()
  expect(headers['content-security-policy']).toBe(AGENT_CONSOLE_CSP)
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin')

  await desk.locator('input[name="token"]').fill(TOKEN)
  await desk.locator('input[name="name"]').fill('小王')
  await desk.locator('button[type="submit"]').click()
  await desk.locator('.connection.live').waitFor({ timeout: 10_000 }) // the streamed fetch (connect-src 'self')
  // The stylesheet from /agent/assets/ applied (style-src 'self'): the body is not the browser's default.
  expect(await desk.evaluate(() => getComputedStyle(document.body).margin)).not.toBe('8px')
  await desk.waitForTimeout(300)
  expect(reports).toEqual([])
  await context.close()
})
