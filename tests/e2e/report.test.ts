// The admin report end to end: a simulated month seeded into a temp SQLite file through the
// store's append, read back and served by GET /v1/report, opened in Debian's Chromium. The charts
// must be visible, nothing may be requested from anywhere, and the page is saved as docs/report.png.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { demoEvents } from '../../edge/src/analytics/demo-data.ts'
import { openFileStore } from '../../edge/src/store/libsql.ts'
import { testApp } from '../../edge/src/testing.ts'
import { launchChromium } from '../support/browser.ts'

const SCREENSHOT = resolve(fileURLToPath(new URL('../../docs/report.png', import.meta.url)))

test('the seeded report renders its charts in Chromium, offline', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'huike-report-'))
  const store = await openFileStore(join(dir, 'huike.db'))
  const browser = await launchChromium()
  try {
    const events = demoEvents()
    for (let i = 0; i < events.length; i += 100) await store.append(events.slice(i, i + 100))

    const app = testApp({ store, adminToken: 'e2e-admin' })
    expect((await app.request('/v1/report')).status).toBe(401)
    const res = await app.request('/v1/report', { headers: { authorization: 'Bearer e2e-admin' } })
    expect(res.status).toBe(200)
    const html = await res.text()

    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } })
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    await page.setContent(html, { waitUntil: 'load' })
    for (const chart of ['funnel', 'latency', 'satisfaction', 'experiment']) {
      const svg = page.locator(`svg[data-chart="${chart}"]`).first()
      await svg.waitFor({ state: 'visible', timeout: 5_000 })
      const box = await svg.boundingBox()
      expect(box?.width, chart).toBeGreaterThan(200)
      expect(box?.height, chart).toBeGreaterThan(40)
    }
    expect(await page.locator('svg[data-chart="funnel"] rect').count()).toBe(6)
    // The demo's opener experiment: flash against the control (the config's first variant, coupon).
    await expect(page.locator('.exp').first().textContent()).resolves.toMatch(/flash.*better than coupon/)
    await expect(page.locator('body').textContent()).resolves.toContain('needs review')
    expect(requests.filter((url) => !url.startsWith('about:') && !url.startsWith('data:'))).toEqual([])
    await page.screenshot({ path: SCREENSHOT, fullPage: true })
  } finally {
    await browser.close()
    await store.close()
    await rm(dir, { recursive: true, force: true })
  }
})
