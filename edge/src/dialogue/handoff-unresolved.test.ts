// "Two consecutive unresolved rounds → handoff" when the catalog facts don't hold what was asked:
// the offline answer says "商品资料里没有直接提到这一点" (a question the vocabulary doesn't know, e.g.
// NFC) or "商品资料里没有提到…" (an attribute the product's record doesn't list). Sent the way the
// widget sends it: the answers in the history, every profile patch merged into the next request.
import { describe, expect, it } from 'vitest'
import type { Card, ChatMessage, VisitorProfile } from '../../../shared/protocol.ts'
import { planTurn } from '../knowledge/plan.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { missesFacts } from '../model/offline-coverage.ts'
import { answerText, askChat, demoCatalog, demoConfig, eventData, testApp } from '../testing.ts'
import { isUnansweredPlan } from './handoff-session.ts'

const app = testApp()

async function talk(turns: string[], extra: Record<string, unknown> = {}) {
  const messages: ChatMessage[] = []
  let profile: VisitorProfile = {}
  const replies: { text: string; topic?: string; cards: Card[]; profile: VisitorProfile }[] = []
  for (const turn of turns) {
    messages.push({ role: 'user', content: turn })
    const events = await askChat(app, messages, { profile, ...extra })
    for (const { patch } of eventData(events, 'profile')) profile = { ...profile, ...patch }
    const text = answerText(events)
    const topic = eventData(events, 'meta')[0]!.topic
    replies.push({ text, ...(topic !== undefined && { topic }), cards: eventData(events, 'card'), profile })
    messages.push({ role: 'assistant', content: text })
  }
  return replies
}

const session = (p: VisitorProfile) => (p as { session?: { negative: number; unresolved: number } }).session
const plan = (question: string) => planTurn({ messages: [{ role: 'user', content: question }], page: {}, lang: 'zh-CN' }, demoCatalog, Vocabulary.of(demoConfig))

describe('handoff: a product question the catalog facts cannot answer is unresolved', () => {
  it('hands off on the second "X5支持NFC吗"', async () => {
    const [first, second] = await talk(['X5支持NFC吗', 'X5支持NFC吗'])
    expect(first!.text).toContain('商品资料里没有直接提到这一点')
    expect(first!.cards.some((c) => c.type === 'handoff')).toBe(false)
    expect(session(first!.profile)).toMatchObject({ unresolved: 1 })
    expect(second!.topic).toBe('handoff:unresolved')
    expect(second!.cards.some((c) => c.type === 'handoff')).toBe(true)
  })

  it('counts two different unanswerable questions in a row, not only repeats', async () => {
    const [first, second] = await talk(['X5支持NFC吗', 'X5屏幕多大'])
    expect(session(first!.profile)).toMatchObject({ unresolved: 1 })
    expect(second!.topic).toBe('handoff:unresolved')
  })

  it('starts counting again after an answered question', async () => {
    const replies = await talk(['X5支持NFC吗', 'X5多少钱', 'X5支持NFC吗'])
    expect(replies[1]!.text).toContain('¥899')
    expect(session(replies[1]!.profile)).toMatchObject({ unresolved: 0 })
    expect(replies[2]!.cards.some((c) => c.type === 'handoff')).toBe(false)
    expect(session(replies[2]!.profile)).toMatchObject({ unresolved: 1 })
  })

  it('does not count a complaint statement or an overview as a question the facts missed', async () => {
    const [statement] = await talk(['X5 不好用'])
    expect(session(statement!.profile)).toMatchObject({ unresolved: 0 })
    const [overview] = await talk(['介绍一下X5'])
    expect(session(overview!.profile)?.unresolved ?? 0).toBe(0)
  })

  it('reads the plan: unknown attribute or unknown question → unanswered; a known fact → answered', () => {
    expect(missesFacts(plan('X5支持NFC吗'), 'X5支持NFC吗')).toBe(true)
    expect(missesFacts(plan('X5屏幕多大'), 'X5屏幕多大')).toBe(true)
    expect(isUnansweredPlan(plan('X5支持NFC吗'), 'X5支持NFC吗')).toBe(true)
    for (const q of ['X5多少钱', 'X5防水吗', 'X5有什么颜色', '介绍一下X5', 'X5 不好用']) expect(isUnansweredPlan(plan(q), q), q).toBe(false)
  })
})
