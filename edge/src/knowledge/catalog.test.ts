import { describe, expect, it } from 'vitest'
import { syntheticCatalog } from '../../../bench/synthetic-catalog.ts'
import demoRecords from '../../../demo/catalog.json'
import { ProductSchema } from '../../../shared/catalog.ts'
import { Catalog, EXACT_BOOST, subjectsOf } from './catalog.ts'
import { findFocusId } from './focus.ts'

// The demo catalog, built here rather than through ../testing.ts so these tests need no app.
const catalog = new Catalog(demoRecords.map((r) => ProductSchema.parse(r)))

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
    expect(catalog.mentions('AX5 多少钱')).toEqual([])
  })

  it('finds Chinese names and aliases inside a question', () => {
    expect(ids(catalog.mentions('枫叶红还有货吗'))).toEqual(['lipstick-r1'])
    expect(ids(catalog.mentions('我是油皮，控油洁面怎么用？'))).toEqual(['oil-cleanser'])
    expect(ids(catalog.mentions('经典机械表和星辰女表哪个适合送人'))).toEqual(['watch-classic', 'watch-lady'])
  })

  it('allows spaces only where the name has them', () => {
    expect(ids(catalog.mentions('Z7Lite 多少钱'))).toEqual(['z7-lite'])
    expect(ids(catalog.mentions('z7   lite 多少钱'))).toEqual(['z7-lite'])
    expect(catalog.mentions('X 5 多少钱')).toEqual([])
  })

  it('reads full-width letters, ids and a unique model code', () => {
    expect(ids(catalog.mentions('Ｘ５多少钱'))).toEqual(['x5'])
    expect(ids(catalog.mentions('x5-strap 有货吗'))).toEqual(['x5-strap'])
    expect(ids(catalog.mentions('R1 口红什么颜色'))).toEqual(['lipstick-r1'])
    expect(ids(catalog.mentions('我要 X5 替换表带（硅胶）'))).toEqual(['x5-strap'])
  })
})

describe('Catalog.search', () => {
  const search = (query: string, options?: Parameters<typeof catalog.search>[1]) => ids(catalog.search(query, options).map((r) => r.product))

  it('puts an exact name, alias or model code first', () => {
    expect(search('X5')[0]).toBe('x5')
    expect(search('Z7 Lite')[0]).toBe('z7-lite')
    expect(search('控油洁面')[0]).toBe('oil-cleanser')
    expect(catalog.search('Z7手机')[0]).toMatchObject({ product: { id: 'z7' } })
    expect(catalog.search('Z7手机')[0]!.score).toBeGreaterThan(EXACT_BOOST)
  })

  it('matches Chinese words, model codes, sizes and English phrases', () => {
    expect(search('X5手表')[0]).toBe('x5')
    for (const size of ['256GB', '256g', '256']) expect(search(size).sort()).toEqual(['z7', 'z7-lite'])
    expect(search('512GB')).toEqual(['z7'])
    expect(search('oily skin').slice(0, 3).sort()).toEqual(['oil-cleanser', 'oil-gel', 'oil-toner'])
    expect(search('降噪耳机')[0]).toBe('earbuds-a2')
    expect(search('自行车')).toEqual([])
  })

  it('leaves competitors out unless asked for', () => {
    expect(search('K9 儿童手表')).not.toContain('rival-k9')
    expect(search('K9 儿童手表', { includeCompetitors: true })[0]).toBe('rival-k9')
  })

  it('applies the filter before the limit', () => {
    const cheap = catalog.search('儿童手表', { filter: (p) => p.price <= 500 })
    expect(cheap[0]!.product.id).toBe('y1')
    expect(cheap.every((r) => r.product.price <= 500)).toBe(true)
    expect(search('手机', { limit: 2 })).toHaveLength(2)
  })

  it('answers from the filter alone when the query is empty, in catalog order', () => {
    const kidsWatchesUnder = (max: number) => (p: { category?: string; price: number }) => p.category === '儿童手表' && p.price <= max
    expect(search('', { filter: kidsWatchesUnder(500) })).toEqual(['y1'])
    expect(search('  ', { filter: kidsWatchesUnder(1000) })).toEqual(['x5', 'y1'])
    expect(search(' ', { filter: kidsWatchesUnder(1000), includeCompetitors: true })).toEqual(['x5', 'y1', 'rival-k9'])
    expect(search('', { filter: () => true, limit: 3 })).toEqual(['x5', 'x5-strap', 'y1'])
    expect(catalog.search('')).toEqual([])
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
    expect(catalog.retrieveSnippets('有洗衣机吗')).toEqual([])
  })

  it('finds English questions by their words', () => {
    expect(subjects('cleanser for oily skin')[0]).toBe('oil-cleanser')
  })
})

describe('Catalog with thousands of products', () => {
  const synthetic = syntheticCatalog(3000).map((p) => ProductSchema.parse(p))
  const big = new Catalog([...catalog.all, ...synthetic])

  it('still answers the demo questions', () => {
    expect(big.retrieveSnippets('Z7 手机有紫色吗')[0]).toMatchObject({ product: { id: 'z7' }, match: 'named' })
    expect(ids(subjectsOf(big.retrieveSnippets('Z7 和 Z7 Lite 有什么区别')))).toEqual(['z7', 'z7-lite'])
    expect(ids(big.mentions('枫叶红还有货吗'))).toEqual(['lipstick-r1'])
    expect(ids(subjectsOf(big.retrieveSnippets('内存多大?', { focusId: 'z7' })))).toEqual(['z7'])
  })

  it('finds synthetic products by name and keywords', () => {
    const target = synthetic[1234]!
    expect(big.mentions(`${target.name}多少钱`).map((p) => p.name)).toEqual([target.name])
    expect(big.search(target.name)[0]!.product.name).toBe(target.name)
    const noise = big.retrieveSnippets('有降噪耳机吗', { limit: 10 })
    expect(noise).toHaveLength(10)
    expect(noise.every((s) => s.match === 'keyword' && !s.product.competitor && JSON.stringify(s.product).includes('降噪'))).toBe(true)
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
