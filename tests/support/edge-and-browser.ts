// One edge (the Node entry on a free port) and one Chromium for a test file, started together before
// its tests and stopped after them.
import { afterAll, beforeAll } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from './browser.ts'
import { startEdge, type EdgeProcess, type StartEdgeOptions } from './edge-process.ts'
import { openPanel } from './widget-page.ts'

export const NODE_EDGE = ['node_modules/.bin/tsx', 'edge/src/node.ts']

export interface EdgeAndBrowser {
  readonly edge: EdgeProcess
  readonly browser: Browser
  /** A new visitor (fresh context: empty IndexedDB) on `path` with the panel open. */
  visitor(path?: string): Promise<Page>
}

export function useEdgeAndBrowser(options: StartEdgeOptions = { command: NODE_EDGE }): EdgeAndBrowser {
  let edge: EdgeProcess | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    ;[edge, browser] = await Promise.all([startEdge(options), launchChromium()])
  })
  afterAll(async () => {
    await browser?.close()
    await edge?.stop()
  })
  return {
    get edge() {
      return edge!
    },
    get browser() {
      return browser!
    },
    async visitor(path = '/') {
      const page = await (await browser!.newContext()).newPage()
      await page.goto(edge!.url + path)
      await openPanel(page)
      return page
    },
  }
}
