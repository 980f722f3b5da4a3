import { describe, expect, it } from 'vitest'
import { demoCatalog as catalog } from '../testing.ts'
import { subjectsOf } from './catalog.ts'
import { findFocusId } from './focus.ts'

const ids = (products: { id: string }[]) => products.map((p) => p.id)
const subjects = (query: string, focusId?: string) => ids(subjectsOf(catalog.retrieveSnippets(query, { focusId })))

describe('Catalog.mentions', () => {
  it('finds products by alias, id or model code, in any case and spacing', () => {
    expect(ids(catalog.mentions('x5多少钱'))).toEqual(['x5'])
    expect(ids(catalog.mentions('我想看看 z7手机'))).toEqual(['z7'])
    expect(ids(catalog.mentions('K9 怎么样'))).toEqual(['rival-k9'])
  })

  it('prefers the longest name where names overlap', () => {
    expect(ids(catalog.mentions('Z7 Lite 多少钱'))).toEqual(['z7-lite'])
    expect(ids(catalog.mentions('Z7 和 Z7 Lite 有什么区别'))).toEqual(['z7', 'z7-lite'])
  })

  it('does not see a model code inside a longer word', () => {
    expect(catalog.mentions('X50 多少钱')).toEqual([])
  })
})

describe('Catalog.retrieveSnippets', () => {
  it('puts the named product first', () => {
    expect(catalog.retrieveSnippets('X5 儿童手表多少钱？')[0]).toMatchObject({ product: { id: 'x5' }, match: 'named' })
  })

  it('finds products by category, tag and attribute words', () => {
    expect(subjects('油皮用什么洁面？')[0]).toBe('oil-cleanser')
    expect(subjects('有降噪耳机吗')).toEqual(['earbuds-a2'])
  })

  it('carries the focus product into a question that names none', () => {
    expect(subjects('内存多大?', 'z7')).toEqual(['z7'])
    expect(subjects('这款防水吗', 'z7')).toEqual(['z7'])
  })

  it('drops the focus when the question moves to another kind of product', () => {
    expect(subjects('推荐一款儿童手表', 'z7')).not.toContain('z7')
  })

  it('never offers a competitor for a keyword, only when named', () => {
    expect(ids(catalog.retrieveSnippets('儿童手表', { limit: 10 }).map((s) => s.product))).not.toContain('rival-k9')
    expect(subjects('K9 儿童手表（竞品）')).toEqual(['rival-k9'])
  })

  it('returns nothing for a question about something not sold', () => {
    expect(catalog.retrieveSnippets('有卖自行车吗')).toEqual([])
  })
})

describe('findFocusId', () => {
  it('uses the most recent earlier message that named a product', () => {
    const messages = [
      { role: 'user' as const, content: 'X5 多少钱' },
      { role: 'assistant' as const, content: 'Z7 智能手机售价 ¥3299。' },
      { role: 'user' as const, content: '内存多大？' },
    ]
    expect(findFocusId(catalog, messages, { productId: 'x5' })).toBe('z7')
  })

  it('falls back to the product page, ignoring unknown ids', () => {
    expect(findFocusId(catalog, [{ role: 'user', content: '多少钱' }], { productId: 'y1' })).toBe('y1')
    expect(findFocusId(catalog, [{ role: 'user', content: '多少钱' }], { productId: 'gone' })).toBeUndefined()
  })
})
