// The handoff card's "leave a message" form, as a visitor uses it: offered only when the card says
// nobody can join and a message can reach the shop; checked inline; sent through the widget's
// transport; a confirmation replaces it (also after a reload); a failure keeps what was typed.
import { fireEvent, render, screen } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { Cards } from '../src/app/components/Cards.tsx'
import { createLeaveMessageSender, markSent, type LeaveMessageSender } from '../src/app/leave-message.ts'
import type { Card, HandoffCard } from '../src/app/types.ts'
import { jsonResponse, t, until, type Call } from './helpers.ts'

const formCard: HandoffCard = {
  type: 'handoff', reason: 'asked', next: '现在不是人工服务时间。留下联系方式和问题，客服会在服务时间内联系您。',
  hours: '每天 9:00–21:00', online: false, form: true,
  contacts: [{ label: '客服热线 400-800-1234', href: 'tel:4008001234' }],
}

/** The chat's sender over a scripted edge: who is writing added, POSTed through the transport, the card stored as sent. */
function edge(...answers: (() => Response)[]) {
  const calls: Call[] = []
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), body: JSON.parse(String(init!.body)) })
    return answers[Math.min(calls.length - 1, answers.length - 1)]!()
  }) as typeof globalThis.fetch
  let stored: Card[] = [formCard]
  const send = createLeaveMessageSender({
    endpoint: 'https://edge.example', lang: 'zh-CN', fetch,
    who: () => ({ visitorId: 'v_1', sessionId: 's_1' }),
    remember: (card) => void (stored = markSent(stored, card)),
  })
  return { calls, send, stored: () => stored }
}

function show(cards: Card[], send: LeaveMessageSender | null, lang: 'zh-CN' | 'en' = 'zh-CN') {
  return render(<Cards cards={cards} s={t(lang)} lang={lang} onLeave={send} />).container
}

const type = (label: string | RegExp, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } })
const agree = () => fireEvent.click(screen.getByRole('checkbox'))
const submit = () => fireEvent.click(screen.getByRole('button', { name: '发送' }))
const alerts = () => screen.queryAllByRole('alert').map((el) => el.textContent)

afterEach(() => {
  document.body.innerHTML = ''
})

describe('leave a message: when it is offered', () => {
  it('shows labelled fields and a consent line saying what the details are for', () => {
    show([formCard], edge().send)
    const form = screen.getByRole('form', { name: '给客服留言' })
    for (const label of ['称呼（选填）', '手机', '微信', '邮箱', '输入您的问题…']) expect(screen.getByLabelText(label)).toBeTruthy()
    expect(screen.getByLabelText('同意客服通过以上方式联系我，仅用于回复本次咨询')).toBe(screen.getByRole('checkbox'))
    expect(form.closest('[data-type="handoff"]')).toBeTruthy()
  })

  it('is not offered without the form flag (a person is being contacted), nor when nothing could send it', () => {
    // A person is being contacted: a form (for after the wait) is not offered while they may still come.
    const live: HandoffCard = { type: 'handoff', reason: 'asked', next: '正在联系人工客服，通常不超过 3 分钟。等待时可以继续向 AI 助手提问。', online: true, live: { waitMs: 180_000 }, form: true }
    const c = show([live], edge().send)
    expect(c.textContent).toContain('通常不超过 3 分钟')
    expect(c.textContent).not.toMatch(/已为您转接|马上/)
    expect(screen.queryByRole('form')).toBeNull()
    document.body.innerHTML = ''
    show([formCard], null)
    expect(screen.queryByRole('form')).toBeNull()
  })

  it('speaks English on English pages', () => {
    show([formCard], edge().send, 'en')
    expect(screen.getByRole('form', { name: 'Leave a message' })).toBeTruthy()
    for (const label of ['Name', 'Phone', 'WeChat', 'Email']) expect(screen.getByLabelText(label)).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Send' }))
    expect(alerts()).toEqual(['Phone, WeChat or email', 'Please agree'])
  })
})

describe('leave a message: checking and sending', () => {
  it('asks for a way to reach the visitor and for consent before sending anything', async () => {
    const e = edge(() => jsonResponse({ accepted: true }, 202))
    show([formCard], e.send)
    type('称呼（选填）', '张三')
    submit()
    expect(alerts()).toEqual(['请至少填写手机、微信或邮箱中的一项', '请先勾选同意'])
    expect(screen.getByLabelText('手机').getAttribute('aria-invalid')).toBe('true')
    // Blank is not a way to reach anyone.
    type('微信', '   ')
    submit()
    expect(alerts()).toContain('请至少填写手机、微信或邮箱中的一项')
    type('微信', 'zhangsan_88')
    submit()
    expect(alerts()).toEqual(['请先勾选同意'])
    expect(e.calls).toEqual([])
  })

  it('sends the message, then a confirmation replaces the form, also after a reload', async () => {
    const e = edge(() => jsonResponse({ accepted: true }, 202))
    show([formCard], e.send)
    type('手机', ' 138 1234 5678 ')
    type('邮箱', 'zhang.san@example.com')
    type('输入您的问题…', '表带坏了，想换一条')
    agree()
    submit()
    const confirmation = await screen.findByRole('status')
    expect(confirmation.textContent).toBe('留言已提交，客服会通过您留下的方式联系您。')
    expect(screen.queryByRole('form')).toBeNull()
    expect(e.calls).toHaveLength(1)
    expect(e.calls[0]!.url).toBe('https://edge.example/v1/handoff/message')
    // The contact as typed (trimmed), unfilled fields left out, consent given.
    expect(e.calls[0]!.body).toEqual({ visitorId: 'v_1', sessionId: 's_1', lang: 'zh-CN', phone: '138 1234 5678', email: 'zhang.san@example.com', text: '表带坏了，想换一条', consent: true })

    // A reload draws the stored card: the confirmation, not the form.
    document.body.innerHTML = ''
    show(e.stored(), e.send)
    expect(screen.getByRole('status').textContent).toContain('留言已提交')
    expect(screen.queryByRole('form')).toBeNull()
  })

  it('says what went wrong and keeps everything typed when sending fails; trying again works', async () => {
    const e = edge(
      () => jsonResponse({ error: { code: 'upstream_failed', message: 'no webhook' } }, 503),
      () => { throw new TypeError('Failed to fetch') },
      () => jsonResponse({ accepted: true }, 202),
    )
    show([formCard], e.send)
    type('称呼（选填）', '张三')
    type('微信', 'zhangsan_88')
    type('输入您的问题…', '想问下保修')
    agree()
    submit()
    await until(() => expect(alerts()).toEqual(['回复失败了，请重试。']))
    expect((screen.getByLabelText('微信') as HTMLInputElement).value).toBe('zhangsan_88')
    expect((screen.getByLabelText('称呼（选填）') as HTMLInputElement).value).toBe('张三')
    expect((screen.getByLabelText('输入您的问题…') as HTMLTextAreaElement).value).toBe('想问下保修')
    expect((screen.getByRole('checkbox') as HTMLInputElement).checked).toBe(true)
    expect(screen.queryByRole('status')).toBeNull()

    submit()
    await until(() => expect(alerts()).toEqual(['网络连接失败，请检查网络后重试。']))
    submit()
    await screen.findByRole('status')
    expect(e.calls.map((c) => c.body.wechat)).toEqual(['zhangsan_88', 'zhangsan_88', 'zhangsan_88'])
  })
})
