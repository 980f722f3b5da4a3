// What a visitor does with the widget, in Playwright terms. Locators pierce the open shadow root,
// and only the contract's `part` names are used, so these helpers work for any page embedding huike.
import type { Locator, Page } from 'playwright-core'

export const parts = {
  launcher: '#huike-root [part~="launcher"]',
  panel: '#huike-root [part~="panel"]',
  input: '#huike-root [part~="input"]',
  send: '#huike-root [part~="send"]',
  message: (role: 'user' | 'assistant') => `#huike-root [part~="message"][data-role="${role}"]`,
  card: (type: string) => `#huike-root [part~="card"][data-type="${type}"]`,
  suggestion: '#huike-root [part~="suggestion"]',
}

export async function openPanel(page: Page): Promise<void> {
  if (await page.locator(parts.panel).isVisible()) return
  await page.locator(parts.launcher).click()
  await page.locator(parts.input).waitFor({ state: 'visible' })
  await settled(page.locator(parts.panel))
}

/**
 * Waits until the element's own entrance animation (the panel's pop-in, the bubble's slide) is over:
 * a box measured mid-animation is off by the transform (the panel 12 px lower on a busy machine).
 */
export async function settled(element: Locator): Promise<void> {
  await element.evaluate((el) => Promise.all(el.getAnimations().map((a) => a.finished.catch(() => undefined))))
}

export async function typeAndSend(page: Page, text: string): Promise<void> {
  const input = page.locator(parts.input)
  await input.fill(text)
  await input.press('Enter')
}

export function texts(page: Page, role: 'user' | 'assistant'): Promise<string[]> {
  return page.locator(parts.message(role)).allInnerTexts()
}

/**
 * Records, every few milliseconds, the length of the newest assistant message's text, so a test can
 * tell an answer that arrived piece by piece from one that appeared at once.
 */
export async function recordReplyGrowth(page: Page): Promise<() => Promise<number[]>> {
  await page.evaluate(() => {
    const w = window as unknown as { __huikeLengths: number[]; __huikeTimer: number }
    w.__huikeLengths = []
    w.__huikeTimer = window.setInterval(() => {
      const root = document.querySelector('#huike-root')?.shadowRoot
      const all = root?.querySelectorAll('[part~="message"][data-role="assistant"]')
      const last = all?.[all.length - 1]
      const n = last?.textContent?.length ?? 0
      if (w.__huikeLengths.at(-1) !== n) w.__huikeLengths.push(n)
    }, 5)
  })
  return () =>
    page.evaluate(() => {
      const w = window as unknown as { __huikeLengths: number[]; __huikeTimer: number }
      clearInterval(w.__huikeTimer)
      return w.__huikeLengths
    })
}
