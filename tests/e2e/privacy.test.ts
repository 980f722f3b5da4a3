// Privacy as a visitor lives it, in Chromium against the Node edge: personal data is masked on the
// device before /v1/chat, and "delete my data" in the preference center wipes the panel and the edge.
import { describe, expect, test } from 'vitest'
import type { Page } from 'playwright-core'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { parts, texts, typeAndSend } from '../support/widget-page.ts'

const env = useEdgeAndBrowser()

/** The widget's stored value for `key` (IndexedDB `huike`, store `kv`). */
function stored<T>(page: Page, key: string): Promise<T | undefined> {
  return page.evaluate(
    (k) =>
      new Promise<unknown>((resolve) => {
        const open = indexedDB.open('huike')
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('kv')) return resolve(undefined)
          const req = db.transaction('kv').objectStore('kv').get(k)
          req.onsuccess = () => resolve(req.result)
          req.onerror = () => resolve(undefined)
        }
        open.onerror = () => resolve(undefined)
      }),
    key,
  ) as Promise<T | undefined>
}

async function waitForToken(page: Page): Promise<{ visitorId: string; token: string }> {
  for (let i = 0; i < 100; i++) {
    const t = await stored<{ visitorId: string; token?: string }>(page, 'token')
    if (t?.token) return t as { visitorId: string; token: string }
    await page.waitForTimeout(100)
  }
  throw new Error('no visitor token stored')
}

describe('privacy in the browser', () => {
  test('a phone number typed in the chat never reaches /v1/chat raw, however it is typed', async () => {
    const page = await env.visitor('/')
    const bodies: string[] = []
    page.on('request', (r) => {
      if (r.url().endsWith('/v1/chat')) bodies.push(r.postData() ?? '')
    })
    // Full-width digits (a Chinese IME in full-width mode) and an international number, masked by
    // the same masker the edge runs, loaded as its own file.
    const typed = '我的手机号是13812345678，也可以打１３６１２３４５６７８或 +852 9123 4567'
    await typeAndSend(page, typed)
    await page.locator(parts.message('assistant')).last().waitFor({ state: 'visible', timeout: 15_000 })
    await expect.poll(() => bodies.length).toBeGreaterThan(0)
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname))
    expect(loaded).toContain('/huike-mask.js')
    for (const b of bodies) {
      expect(b).not.toMatch(/13812345678|１３６１２３４|9123 4567/)
      expect(b).toContain('138****5678')
      expect(b).toContain('136****5678')
    }
    expect(await texts(page, 'user')).toContain(typed)
    await page.context().close()
  })

  test('"delete my data" in the preference center wipes the panel, and the old token no longer exports', async () => {
    const page = await env.visitor('/')
    const { visitorId, token } = await waitForToken(page)
    const url = `${env.edge.url}/v1/visitors/${encodeURIComponent(visitorId)}`
    const before = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(before.status).toBe(200)

    await typeAndSend(page, '你好')
    await page.locator(parts.message('user')).first().waitFor({ state: 'visible' })
    await page.locator('#huike-root [part~="menu"]').click()
    await page.locator('#huike-root #hk-prefs .danger').click()
    await page.locator('#huike-root [part~="erase"]').click()
    await expect.poll(() => page.locator(parts.message('user')).count()).toBe(0)
    await expect.poll(() => stored(page, 'token')).toBeUndefined()

    await expect
      .poll(async () => (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status, { timeout: 10_000 })
      .toBeOneOf([403, 404])
    await page.context().close()
  })
})
