import { describe, expect, it } from 'vitest'
import type { ChatMessage, Lang, PageContext } from '../../../shared/protocol.ts'
import { demoCatalog as catalog, demoConfig } from '../testing.ts'
import { satisfies } from './constraints.ts'
import { planProducts, planTurn, type TurnPlan } from './plan.ts'
import { Vocabulary } from './synonyms.ts'

const vocabulary = Vocabulary.of(demoConfig)

/** Alternating user/assistant turns, the last one the question. */
function plan(turns: string[], options: { lang?: Lang; page?: PageContext } = {}): TurnPlan {
  const messages: ChatMessage[] = turns.map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content }))
  return planTurn({ messages, page: options.page ?? {}, lang: options.lang ?? 'zh-CN' }, catalog, vocabulary)
}
const ids = (p: TurnPlan) => planProducts(p).map((x) => x.id)
const analysis = (p: TurnPlan) => (p.kind === 'product' ? p.answers[0]!.analysis : undefined)

describe('carry-over', () => {
  it('answers a follow-up without a name about the product of the conversation (zh and en)', () => {
    const zh = plan(['Z7 手机多少钱', 'Z7 智能手机售价 ¥3299。', '内存多大?'])
    expect(ids(zh)).toEqual(['z7'])
    expect(analysis(zh)!.attributes[0]).toMatchObject({ key: '内存' })
    const en = plan(['How much is the X5?', 'X5 儿童智能手表 costs ¥899.', 'how heavy is it?'], { lang: 'en' })
    expect(ids(en)).toEqual(['x5'])
    expect(analysis(en)!.attributes[0]).toMatchObject({ key: '重量' })
  })

  it('"那X呢" switches to X and keeps the question asked before', () => {
    const lite = plan(['Z7有紫色吗', '有的，Z7 智能手机有紫色。', '那Z7 Lite呢'])
    expect(lite).toMatchObject({ kind: 'product', carried: true })
    expect(ids(lite)).toEqual(['z7-lite'])
    expect(analysis(lite)!.colour).toMatchObject({ asked: '紫色', matches: [], available: ['蓝色', '粉色'] })
    const en = plan(['Does the Z7 come in purple?', 'Yes.', 'what about the Z7 Lite?'], { lang: 'en' })
    expect(ids(en)).toEqual(['z7-lite'])
    expect(analysis(en)!.colour).toMatchObject({ asked: 'purple', matches: [] })
  })

  it('keeps carrying the first question through a chain of bare follow-ups', () => {
    const y1 = plan(['X5多重', 'X5 儿童智能手表的重量：35g。', 'Z7呢', 'Z7 智能手机的重量：198g。', 'Y1呢'])
    expect(ids(y1)).toEqual(['y1'])
    expect(analysis(y1)!.attributes[0]).toMatchObject({ key: '重量', values: '32g' })
  })

  it('uses the product page when nothing was named, and "这款呢" prefers the page', () => {
    expect(ids(plan(['有紫色吗'], { page: { productId: 'z7' } }))).toEqual(['z7'])
    expect(ids(plan(['X5多重', 'X5 儿童智能手表的重量：35g。', '这款呢'], { page: { productId: 'y1' } }))).toEqual(['y1'])
  })
})

describe('recommendations', () => {
  const recommendation = (p: TurnPlan) => (p.kind === 'recommend' ? p.recommendation : undefined)

  it('returns only products meeting every constraint: budget and category', () => {
    const r = recommendation(plan(['推荐一款500以内的儿童手表']))!
    expect(r.picks.map((p) => p.product.id)).toEqual(['y1'])
    expect(r.picks.every((p) => p.product.price <= 500 && p.product.category === '儿童手表')).toBe(true)
  })

  it('maps the recipient to who a product is for: girlfriend → 女士, never a man\'s or a child\'s watch', () => {
    const r = recommendation(plan(['送女朋友的手表，两千以内']))!
    const picked = r.picks.map((p) => p.product.id)
    expect(picked[0]).toBe('watch-lady')
    expect(picked).not.toContain('watch-classic')
    expect(picked).not.toContain('x5')
    expect(r.picks.every((p) => p.product.price <= 2000 && satisfies(p.product, r.constraints))).toBe(true)
    expect(r.picks[0]!.reason).toContain('女士')
    expect(recommendation(plan(['a gift for my boyfriend'], { lang: 'en' }))!.picks[0]!.product.id).toBe('watch-classic')
  })

  it('understands English categories, tags and budgets', () => {
    expect(recommendation(plan(['oily skin cleanser under 100'], { lang: 'en' }))!.picks.map((p) => p.product.id)).toEqual(['oil-cleanser'])
  })

  it('says none qualifies and offers the cheapest above the budget as the nearest', () => {
    const r = recommendation(plan(['推荐一款300以内的儿童手表']))!
    expect(r.picks).toEqual([])
    expect(r.nearest.map((p) => p.product.id)).toEqual(['y1'])
  })

  it('never recommends a competitor', () => {
    const r = recommendation(plan(['1000以内的儿童手表']))!
    expect(r.picks.map((p) => p.product.id)).toEqual(['x5', 'y1'])
  })

  it('shows more of the same on "还有别的吗", and refines with "那…呢"', () => {
    const first = plan(['推荐护肤品'])
    expect(ids(first)).toHaveLength(3)
    const shown = planProducts(first).map((p) => p.name).join('、')
    const more = plan(['推荐护肤品', `为您找到：${shown}`, '还有别的吗'])
    // Four skincare products: the one not shown yet.
    expect(ids(more)).toHaveLength(1)
    expect(ids(first)).not.toContain(ids(more)[0])
    expect(ids(plan(['推荐一款儿童手表', '为您找到：X5 儿童智能手表、Y1 儿童学习手表', '那500以内呢']))).toEqual(['y1'])
  })

  it('keeps "防水吗" about the product in focus, but "推荐" or another kind of product recommends', () => {
    expect(plan(['Z7多少钱', 'Z7 售价 ¥3299。', '防水吗'])).toMatchObject({ kind: 'product' })
    expect(plan(['Z7多少钱', 'Z7 售价 ¥3299。', '有降噪耳机吗'])).toMatchObject({ kind: 'recommend' })
  })
})

describe('comparisons and unknown products', () => {
  it('compares two named products, a competitor against ours, or ours against other brands', () => {
    expect(plan(['X5和Y1哪个好'])).toMatchObject({ kind: 'compare', table: { products: [{ id: 'x5' }, { id: 'y1' }] } })
    expect(ids(plan(['K9怎么样']))).toEqual(['x5', 'rival-k9'])
    expect(plan(['X5比其他品牌好在哪'])).toMatchObject({ kind: 'compare', otherBrands: true })
    expect(ids(plan(['和K9比呢'], { page: { productId: 'y1' } }))).toEqual(['y1', 'rival-k9'])
  })

  it('recognises products we do not sell instead of answering about the focus', () => {
    expect(plan(['X9 多少钱'], { page: { productId: 'x5' } })).toMatchObject({ kind: 'unknown', unknown: { asked: 'X9' } })
    expect(plan(['小米手环多少钱'])).toMatchObject({ kind: 'unknown', unknown: { asked: '小米手环' } })
    // The brand anywhere in the question, not only first.
    expect(plan(['我想买个小米手环'])).toMatchObject({ kind: 'unknown', unknown: { asked: '小米手环' } })
    expect(plan(['有没有 iPhone 15'])).toMatchObject({ kind: 'unknown', unknown: { asked: 'iPhone 15' } })
    expect(plan(['How much is the iPhone 15?'])).toMatchObject({ kind: 'unknown', unknown: { asked: 'iPhone 15' } })
    expect(ids(plan(['X9 多少钱']))).toContain('x5')
  })
})
