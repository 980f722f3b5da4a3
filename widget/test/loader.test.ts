import { describe, expect, it, vi } from 'vitest'
import { until } from './helpers.ts'

describe('loader', () => {
  it('renders the launcher in an open shadow root, queues calls, then loads the app and replays them in order', async () => {
    // The snippet from CONTRACT §5, with two calls made before /huike.js arrives.
    const w = window as any
    w.huike = w.huike || function (...args: unknown[]) { (w.huike.q = w.huike.q || []).push(args) }
    w.huike('page', { productId: 'x5' })
    w.huike('on', 'open', () => {})
    ;(globalThis as any).__HUIKE_APP__ = import.meta.url.replace(/loader\.test\.ts$/, 'fake-app.ts') // absolute: new URL(app, script.src) keeps it
    ;(globalThis as any).__HUIKE_BUBBLE__ = import.meta.url.replace(/loader\.test\.ts$/, 'fake-bubble.ts')
    vi.stubGlobal('requestIdleCallback', () => 0) // not idle yet
    await import('../src/loader.ts')

    const host = document.getElementById('huike-root')!
    expect(host.shadowRoot).toBeTruthy()
    const launcher = host.shadowRoot!.querySelector<HTMLButtonElement>('[part="launcher"]')!
    expect(launcher.tagName).toBe('BUTTON')
    expect(launcher.getAttribute('aria-label')).toBe('打开在线客服')
    expect(host.getAttribute('style')).toContain('all:initial')
    expect(w.huike.q).toHaveLength(2)

    w.huike('identify', { id: 'c1' }) // still queued: nothing needs the app yet
    expect(w.huike.q).toHaveLength(3)
    launcher.click() // the first interaction loads the app
    const app = await import('./fake-app.ts')
    // The app chunk is a real dynamic import (transformed on first use): allow for a busy machine.
    await until(() => expect(app.mounted).toHaveLength(1), 10_000)
    expect(app.calls.map((c) => c[0])).toEqual(['page', 'on', 'identify', 'toggle'])
    const { root, options } = app.mounted[0] as { root: ShadowRoot; options: Record<string, unknown> }
    expect(root).toBe(host.shadowRoot)
    expect(options).toMatchObject({ lang: 'zh-CN', color: '#e4393c', endpoint: location.origin, launcher })
    // The bubble chunk was started at once, and its greet answer is handed to the app.
    const bubble = await import('./fake-bubble.ts')
    expect(bubble.started).toHaveLength(1)
    expect(bubble.started[0]).toMatchObject({ root, options: { lang: 'zh-CN', endpoint: location.origin, launcher } })
    expect(await (options.greeted as Promise<unknown>)).toBeNull()
    // Loaded: calls are forwarded at once, with their result.
    expect(w.huike('close')).toBe('handled close')
    expect(app.calls.at(-1)).toEqual(['close'])
  }, 20_000)
})
