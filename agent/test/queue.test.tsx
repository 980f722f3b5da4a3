import { cleanup } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { conversation, fakeEdge, message } from './fake-edge.ts'
import { renderConsole, signedIn, until } from './helpers.tsx'

afterEach(() => {
  cleanup()
  sessionStorage.clear()
})

const minutesAgo = (m: number) => Date.now() - m * 60_000
const other = { id: 'ag_other', name: '小李' }

describe('the queue', () => {
  it('lists waiting conversations first (longest wait on top), then active, then recently closed, with reason in words and the last message', async () => {
    signedIn()
    const edge = fakeEdge([
      conversation('closed-1', { status: 'closed', reason: 'asked', since: minutesAgo(50), closedAt: minutesAgo(30), messages: [message('谢谢')] }),
      conversation('active-1', { status: 'active', reason: 'unresolved', since: minutesAgo(20), agent: other, messages: [message('还在吗')] }),
      conversation('wait-new', { reason: 'angry', since: minutesAgo(1), messages: [message('垃圾！退钱！')] }),
      conversation('wait-old', { reason: 'aftersales', since: minutesAgo(5), messages: [message('屏幕碎了能换吗')] }),
      conversation('closed-old', { status: 'closed', since: minutesAgo(3 * 24 * 60), closedAt: minutesAgo(2 * 24 * 60) }),
    ])
    const ui = renderConsole(edge)
    await ui.find('.row[data-id="closed-1"]')

    expect(ui.$$('.row').map((r) => r.dataset.id)).toEqual(['wait-old', 'wait-new', 'active-1', 'closed-1'])
    expect(ui.$$('.group h2').map((h) => h.textContent)).toEqual(['等待接入 2', '接待中 1', '最近结束 1'])
    const rows = Object.fromEntries(ui.$$('.row').map((r) => [r.dataset.id, r.textContent]))
    expect(rows['wait-old']).toContain('售后问题')
    expect(rows['wait-old']).toContain('屏幕碎了能换吗')
    expect(rows['wait-old']).toMatch(/已等待 5 分 \d+ 秒/)
    expect(rows['wait-new']).toContain('访客情绪激动')
    expect(rows['active-1']).toContain('小李 接待中')
    expect(rows['active-1']).toContain('多次未解决')
  })

  it('moves a conversation between groups as the stream tells, and adds new ones', async () => {
    signedIn()
    const edge = fakeEdge([conversation('a', { since: minutesAgo(3) }), conversation('b', { since: minutesAgo(2) })])
    const ui = renderConsole(edge)
    await ui.find('.row[data-id="b"]')
    await until(() => expect(edge.streams).toHaveLength(1))

    edge.upsert({ ...edge.get('a'), status: 'active', agent: other })
    edge.upsert(conversation('c', { since: minutesAgo(4), reason: 'negative', messages: [message('太慢了')] }))
    await until(() => expect(ui.$$('.row').map((r) => r.dataset.id)).toEqual(['c', 'b', 'a']))
    expect(ui.$('.row[data-id="c"]')!.textContent).toContain('访客不满意')
    // Someone new waiting counts as unread.
    expect(ui.$('.row[data-id="c"] .unread')!.textContent).toBe('1')
  })
})
