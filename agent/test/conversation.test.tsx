import { cleanup, fireEvent } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { MAX_MESSAGE_CHARS } from '../../shared/limits.ts'
import { conversation, fakeEdge, message } from './fake-edge.ts'
import { renderConsole, signedIn, until } from './helpers.tsx'

afterEach(() => {
  cleanup()
  sessionStorage.clear()
})

const button = (ui: ReturnType<typeof renderConsole>, text: string) =>
  until(() => {
    const b = ui.$$('button').find((x) => x.textContent === text)
    if (!b) throw new Error(`no button ${text}`)
    return b
  })

const transcript = [
  message('X5 多少钱？', { ts: 1 }),
  message('X5 儿童智能手表 899 元。', { role: 'assistant', ts: 2 }),
  message('<img src=x onerror="window.hacked=1">转人工', { ts: 3 }),
]
const visitor = {
  keyword: '儿童手表', campaign: 'kids-watch', source: 'baidu', intent: 'human', sentiment: 'negative', page: 'https://shop.example/p/x5', channel: 'wechat',
  products: [{ id: 'x5', name: 'X5 儿童智能手表' }], answers: { 预算: '1000 以内' },
}

async function openConversation(edge = fakeEdge([conversation('c1', { messages: transcript, visitor })])) {
  signedIn()
  const ui = renderConsole(edge)
  fireEvent.click(await ui.find('.row[data-id="c1"]'))
  await ui.find('.transcript [data-role="user"]')
  return { ui, edge }
}

describe('a conversation', () => {
  it('shows the whole transcript as plain text, the assistant marked as such, and what is known of the visitor', async () => {
    const { ui } = await openConversation()
    const rows = ui.$$('.transcript li')
    expect(rows.map((r) => r.dataset.role)).toEqual(['user', 'assistant', 'user'])
    expect(rows[1]!.textContent).toContain('AI')
    expect(rows[1]!.textContent).toContain('智能助手')
    expect(rows[2]!.querySelector('img')).toBeNull()
    expect(rows[2]!.querySelector('.msg-text')!.textContent).toBe('<img src=x onerror="window.hacked=1">转人工')

    const about = ui.$('.visitor')!.textContent!
    for (const text of ['儿童手表', 'kids-watch', 'baidu', '找人工', '不满', 'https://shop.example/p/x5', '微信公众号', 'X5 儿童智能手表', '预算', '1000 以内']) expect(about).toContain(text)
  })

  it('takes the conversation, then sends with Enter (Shift+Enter is a new line) and shows the reply as the agent', async () => {
    const { ui, edge } = await openConversation()
    expect(ui.$('textarea')).toBeNull()
    fireEvent.click(await button(ui, '接待'))
    const box = await ui.find<HTMLTextAreaElement>('textarea')
    expect(ui.$('.row[data-id="c1"]')!.closest('.group')!.classList).toContain('group-active')

    fireEvent.input(box, { target: { value: '您好，我是小王' } })
    fireEvent.keyDown(box, { key: 'Enter', shiftKey: true })
    expect(edge.calls.filter((c) => c.path.endsWith('/messages'))).toHaveLength(0)
    fireEvent.keyDown(box, { key: 'Enter' })

    await until(() => expect(ui.$$('.transcript [data-role="agent"] .msg-text').map((m) => m.textContent)).toEqual(['您好，我是小王']))
    const sent = edge.calls.filter((c) => c.path === '/v1/agent/conversations/c1/messages')
    expect(sent).toHaveLength(1)
    expect(sent[0]!.body).toMatchObject({ text: '您好，我是小王', agent: { name: '小王' } })
    expect(box.value).toBe('')
    // The visitor is told someone is typing, once for the burst, not per key.
    expect(edge.calls.filter((c) => c.path.endsWith('/typing') && c.body.typing)).toHaveLength(1)
  })

  it('puts a quick reply from the site config into the box, and shows the length limit', async () => {
    const { ui } = await openConversation()
    fireEvent.click(await button(ui, '接待'))
    fireEvent.click(await button(ui, '请稍等，我帮您查一下。'))
    const box = await ui.find<HTMLTextAreaElement>('textarea')
    await until(() => expect(box.value).toBe('请稍等，我帮您查一下。'))
    expect(ui.$('.counter')!.textContent).toBe(`11 / ${MAX_MESSAGE_CHARS}`)

    fireEvent.input(box, { target: { value: '好'.repeat(MAX_MESSAGE_CHARS + 1) } })
    await until(() => expect(ui.$('.reply [role="alert"]')?.textContent).toContain(`最多 ${MAX_MESSAGE_CHARS} 字`))
    expect(ui.$$('button').find((b) => b.textContent === '发送')!.hasAttribute('disabled')).toBe(true)
  })

  it('says who holds the conversation when taking it fails with 409', async () => {
    const edge = fakeEdge([conversation('c1', { messages: transcript })])
    const { ui } = await openConversation(edge)
    // Someone else takes it a moment before this person clicks, before the stream has said so.
    Object.assign(edge.get('c1'), { status: 'active', agent: { id: 'ag_li', name: '小李' } })
    fireEvent.click(await button(ui, '接待'))
    await until(() => expect(ui.$('.notice')?.textContent).toBe('此会话已由 小李 接待。'))
    expect(ui.$('textarea')).toBeNull()
  })

  it('releases the conversation to the assistant', async () => {
    const { ui, edge } = await openConversation()
    fireEvent.click(await button(ui, '接待'))
    fireEvent.click(await button(ui, '交还智能助手'))
    await until(() => expect(edge.calls.some((c) => c.path === '/v1/agent/conversations/c1/release')).toBe(true))
    await until(() => expect(ui.$('.conversation')!.dataset.status).toBe('closed'))
    expect(ui.$('textarea')).toBeNull()
  })
})
