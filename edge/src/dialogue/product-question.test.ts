// What makes a turn a calm product question (the routing decision before any handler): a product
// named, pointed at or asked a property of, with no after-sales claim; not a request to choose one,
// not a service or a grievance. And what an after-sales claim is.
import { describe, expect, it } from 'vitest'
import type { ChatMessage } from '../../../shared/protocol.ts'
import { planTurn } from '../knowledge/plan.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { demoCatalog, demoConfig } from '../testing.ts'
import { asksForPerson } from './handoff-rules.ts'
import { claimsAftersales, readProductQuestion } from './product-question.ts'

function read(question: string, productId?: string, before: string[] = []) {
  const messages: ChatMessage[] = [...before.flatMap((b) => [{ role: 'user' as const, content: b }, { role: 'assistant' as const, content: '好的' }]), { role: 'user', content: question }]
  const plan = planTurn({ messages, page: productId ? { productId } : {}, lang: 'zh-CN' }, demoCatalog, Vocabulary.of(demoConfig))
  return readProductQuestion(question, plan)
}

describe('readProductQuestion', () => {
  it.each([
    ['X5 防水吗'],
    ['X5电池多久换一次'],
    ['X5摔了会不会坏'],
    ['X5 SOS功能怎么用'],
    ['X5 的定位要找客服开通吗'],
    ['Z7 和 Z7 Lite 哪个好'],
  ])('"%s" is a calm product question', (q) => {
    expect(read(q).calm).toBe(true)
  })

  it('points at the product on the page', () => {
    expect(read('这款适合送礼吗', 'watch-lady')).toEqual({ calm: true, named: true })
    expect(read('这个表是真人试戴图吗', 'watch-lady')).toEqual({ calm: true, named: true })
  })

  it.each([
    ['我买的X5坏了，要换货'],
    ['X5 订单号 202311150123 还没到'],
    ['X5 收到就不开机'],
    ['我的X5定位不准'],
    ['X5 怎么还没发货？'],
    ['X5 怎么这么垃圾？'],
    ['X5 保修多久'],
  ])('"%s" is not', (q) => {
    expect(read(q).calm).toBe(false)
  })

  it('leaves service questions and requests for a person on a product page to the classifier and the handlers', () => {
    for (const q of ['有真人吗', '怎么还没发货？', '能不能便宜点？', '屏幕坏了怎么办']) expect(read(q, 'z7').calm, q).toBe(false)
  })

  it('reads a request to choose as a search, even on a product page', () => {
    expect(read('油皮用什么洁面？', 'oil-cleanser').calm).toBe(false)
  })
})

describe('claimsAftersales', () => {
  it.each(['我买的AP-300坏了', '收到的时候就裂了', '到手后发现有划痕', '用了一周就不亮了', '屏幕坏了怎么办', 'my order is late', 'I bought it last week and it broke', '我想退货'])('"%s" claims after-sales', (q) => {
    expect(claimsAftersales(q)).toBe(true)
  })

  it.each(['滤网坏了能换吗', '万一坏了怎么办', '地毯坏了怎么办，好打理吗', '会不会坏', '多久能收到', '什么时候到货', '买的人多吗'])('"%s" does not', (q) => {
    expect(claimsAftersales(q)).toBe(false)
  })
})

describe('asking for a person inside a product question', () => {
  it('counts only an unmistakable request', () => {
    for (const q of ['定位要找客服开通吗', '这是真人试戴图吗', 'What cleaning agent does it need?']) {
      expect(asksForPerson(q, [], true), q).toBe(false)
    }
    for (const q of ['X5 转人工', 'X5 人工客服在吗', 'talk to a human about the X5', '找客服']) expect(asksForPerson(q, [], true), q).toBe(true)
    // Outside a product question the broad rules still hold.
    for (const q of ['我要找客服', '能让真人来回答吗', 'agent please']) expect(asksForPerson(q), q).toBe(true)
  })
})
