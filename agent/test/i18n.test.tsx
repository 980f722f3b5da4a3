import { cleanup, fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { pickLang } from '../src/i18n.ts'
import { conversation, fakeEdge } from './fake-edge.ts'
import { renderConsole, signedIn, until } from './helpers.tsx'

afterEach(() => {
  cleanup()
  sessionStorage.clear()
})

describe('language', () => {
  it('is Chinese by default, English with ?lang=en or an English browser', () => {
    expect(pickLang('', ['zh-CN', 'en'])).toBe('zh-CN')
    expect(pickLang('', [])).toBe('zh-CN')
    expect(pickLang('?lang=en', ['zh-CN'])).toBe('en')
    expect(pickLang('', ['en-US', 'zh-CN'])).toBe('en')
    expect(pickLang('?lang=zh-CN', ['en-GB'])).toBe('zh-CN')
  })

  it('shows the console in English and asks for English quick replies', async () => {
    signedIn('Sam')
    const edge = fakeEdge([conversation('c1', { reason: 'angry' })])
    const ui = renderConsole(edge, 'en')
    const row = await ui.find('.row[data-id="c1"]')
    expect(row.textContent).toContain('Visitor is upset')
    expect(ui.$('.group h2')!.textContent).toBe('Waiting 1')
    fireEvent.click(row)
    await until(() => expect(ui.$$('button').some((b) => b.textContent === 'Take')).toBe(true))
    expect(edge.calls.some((c) => c.path === '/v1/agent/config?lang=en')).toBe(true)
  })
})
