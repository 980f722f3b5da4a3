import { cleanup, fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { conversation, fakeEdge, TOKEN } from './fake-edge.ts'
import { renderConsole, until } from './helpers.tsx'

afterEach(() => {
  cleanup()
  sessionStorage.clear()
})

function fill(ui: ReturnType<typeof renderConsole>, token: string, name: string) {
  fireEvent.input(ui.$('input[name="token"]')!, { target: { value: token } })
  fireEvent.input(ui.$('input[name="name"]')!, { target: { value: name } })
  fireEvent.submit(ui.$('form')!)
}

describe('signing in', () => {
  it('refuses a wrong token with a message and keeps nothing', async () => {
    const ui = renderConsole(fakeEdge())
    fill(ui, 'guess', '小王')
    await until(() => expect(ui.$('[role="alert"]')?.textContent).toContain('令牌不正确'))
    expect(ui.$('.console')).toBeNull()
    expect(sessionStorage.getItem('huike-agent-session')).toBeNull()
  })

  it('opens the console with the right token, keeps the session in this tab, and signs the agent with one id', async () => {
    const edge = fakeEdge([conversation('c1')])
    const ui = renderConsole(edge)
    fill(ui, TOKEN, '小王')
    await ui.find('.row[data-id="c1"]')
    expect(ui.$('.topbar')!.textContent).toContain('小王')
    expect(JSON.parse(sessionStorage.getItem('huike-agent-session')!)).toEqual({ token: TOKEN, name: '小王' })
    // Every call carries the bearer token.
    expect(edge.calls.every((c) => c.headers.authorization === `Bearer ${TOKEN}`)).toBe(true)

    fireEvent.click(ui.$('.row[data-id="c1"]')!)
    fireEvent.click(await until(() => [...ui.$$('button')].find((b) => b.textContent === '接待')!))
    await until(() => expect(edge.calls.some((c) => c.path.endsWith('/take'))).toBe(true))
    const first = edge.calls.find((c) => c.path.endsWith('/take'))!.body.agent
    expect(first).toMatchObject({ name: '小王', id: expect.stringMatching(/^ag_/) })

    // A reload of the tab stays signed in, as the same agent.
    ui.unmount()
    const again = renderConsole(edge)
    await again.find('.row[data-id="c1"]')
    expect(again.$('input[name="token"]')).toBeNull()
    fireEvent.click(again.$('.row[data-id="c1"]')!)
    fireEvent.click(await until(() => [...again.$$('button')].find((b) => b.textContent === '结束会话')!))
    await until(() => expect(edge.calls.some((c) => c.path.endsWith('/close'))).toBe(true))
    expect(edge.calls.find((c) => c.path.endsWith('/close'))!.body.agent).toEqual(first)
  })

  it('signs out back to the login form, forgetting the token', async () => {
    sessionStorage.setItem('huike-agent-session', JSON.stringify({ token: TOKEN, name: '小王' }))
    const ui = renderConsole(fakeEdge())
    fireEvent.click(await until(() => [...ui.$$('button')].find((b) => b.textContent === '退出')!))
    await ui.find('input[name="token"]')
    expect(sessionStorage.getItem('huike-agent-session')).toBeNull()
  })
})
