// axe-core (the version in package.json) on the demo page with the widget, closed and open, on a
// desktop and a phone viewport, with a compare card and with the handoff card shown: no violations.
// axe runs on the whole document, so a landmark of the panel that clashes with the page's own
// (a second `banner`) counts; it reaches into the widget's open shadow root, which is checked below.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { describe, expect, test } from 'vitest'
import { useEdgeAndBrowser } from '../support/edge-and-browser.ts'
import { openPanel, parts, typeAndSend } from '../support/widget-page.ts'

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

const run = useEdgeAndBrowser()

interface AxeSummary {
  version: string
  violations: { id: string; impact: string | null; help: string; targets: unknown[] }[]
  /** Checked nodes inside #huike-root's shadow root (axe names them by a [host, inner] selector pair). */
  insideWidget: number
}

async function axe(page: Page): Promise<AxeSummary> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe
    const result = await axe.run(document)
    const inside = (nodes: { target: unknown[] }[]) => nodes.filter((n) => Array.isArray(n.target[0]) && (n.target[0] as string[])[0] === '#huike-root').length
    return {
      version: axe.version,
      violations: result.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target) })),
      insideWidget: [...result.passes, ...result.violations, ...result.incomplete].reduce((sum, rule) => sum + inside(rule.nodes), 0),
    }
  })
}

/** The answer has finished streaming (the conversation log is no longer busy). */
async function answered(page: Page): Promise<void> {
  await page.locator('#huike-root [role="log"][aria-busy="false"]').waitFor({ timeout: 15_000 })
}

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 360, height: 720 }, isMobile: true, hasTouch: true },
} as const

describe.each(Object.entries(VIEWPORTS))('axe-core on the widget (%s)', (name, device) => {
  test('closed, open, with a compare card and with the handoff card: 0 violations', async () => {
    const context = await run.browser.newContext({ ...device, locale: 'zh-CN' })
    const page = await context.newPage()
    try {
      await page.goto(run.edge.url + '/')
      await page.locator(parts.launcher).waitFor({ state: 'visible' })
      const closed = await axe(page)
      expect(closed.version).toMatch(/^4\.14\./)
      expect.soft(closed.violations, `${name}, closed`).toEqual([])
      expect(closed.insideWidget, 'axe reaches into the shadow root').toBeGreaterThan(0)

      await openPanel(page)
      const open = await axe(page)
      expect.soft(open.violations, `${name}, open`).toEqual([])
      expect(open.insideWidget).toBeGreaterThan(closed.insideWidget)

      await typeAndSend(page, 'X5和K9哪个好？')
      await page.locator(parts.card('compare')).waitFor({ timeout: 15_000 })
      await answered(page)
      expect.soft((await axe(page)).violations, `${name}, compare card`).toEqual([])

      await typeAndSend(page, '转人工')
      await page.locator(parts.card('handoff')).waitFor({ timeout: 15_000 })
      await answered(page)
      expect.soft((await axe(page)).violations, `${name}, handoff card`).toEqual([])
    } finally {
      await context.close()
    }
  })
})
