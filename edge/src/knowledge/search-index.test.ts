import { describe, expect, it } from 'vitest'
import { ProductSchema, type Product, type ProductInput } from '../../../shared/catalog.ts'
import { SearchIndex } from './search-index.ts'

const product = (fields: Partial<ProductInput> & { id: string }): Product => ProductSchema.parse({ name: fields.id, price: 1, ...fields })

/** The same word ("锦鲤") in a different field of otherwise alike products. */
const byField = [
  product({ id: 'description', name: '商品一', description: '一只锦鲤' }),
  product({ id: 'faq', name: '商品二', faq: [{ q: '锦鲤', a: '是' }] }),
  product({ id: 'value', name: '商品三', attributes: { 图案: '锦鲤' } }),
  product({ id: 'tag', name: '商品四', tags: ['锦鲤'] }),
  product({ id: 'name', name: '商品五 锦鲤' }),
]

const ids = (index: SearchIndex, products: Product[], query: string, limit = 10) =>
  index.rank(query, { limit }).map((r) => products[r.doc]!.id)

describe('SearchIndex', () => {
  it('weighs fields: name, then tags, attribute values, FAQ, description', () => {
    const index = new SearchIndex(byField)
    expect(ids(index, byField, '锦鲤')).toEqual(['name', 'tag', 'value', 'faq', 'description'])
  })

  it('ranks rarer words higher, and products matching more words first', () => {
    const products = [
      product({ id: 'phone', name: 'Z7 智能手机', tags: ['5G'], attributes: { 颜色: ['紫色', '黑色'] } }),
      product({ id: 'watch', name: 'X5 儿童智能手表', attributes: { 颜色: ['粉色'] } }),
      product({ id: 'other', name: 'Y1 学习手表', attributes: { 颜色: ['紫色'] } }),
    ]
    const index = new SearchIndex(products)
    expect(ids(index, products, 'Z7 手机有紫色吗')[0]).toBe('phone')
    expect(ids(index, products, '紫色的手表')).toEqual(['other', 'watch', 'phone'])
  })

  it('finds numbers with and without their unit', () => {
    const products = [
      product({ id: 'big', name: '手机', attributes: { 内存: ['8GB+256GB'] } }),
      product({ id: 'small', name: '手机二', attributes: { 内存: ['8GB+128GB'] } }),
    ]
    const index = new SearchIndex(products)
    for (const q of ['256GB', '256gb', '256g', '256', '２５６ＧＢ']) expect(ids(index, products, q)).toEqual(['big'])
  })

  it('answers a one-character question through the bigrams that contain it', () => {
    const products = [
      product({ id: 'pink', name: '腮红', attributes: { 颜色: '粉色' } }),
      product({ id: 'blue', name: '口红', attributes: { 颜色: '蓝色' } }),
      product({ id: 'base', name: '粉底液' }),
    ]
    const index = new SearchIndex(products)
    expect(ids(index, products, '粉').sort()).toEqual(['base', 'pink'])
    expect(ids(index, products, '红').sort()).toEqual(['blue', 'pink'])
    // With real words to go on, a lone character is a particle and not expanded.
    expect(ids(index, products, '粉底液和')).toEqual(['base'])
  })

  it('keeps catalog order among equal scores, honours limit, accept and boosts', () => {
    const products = ['a', 'b', 'c', 'd'].map((id) => product({ id, name: `${id} 手表` }))
    const index = new SearchIndex(products)
    expect(ids(index, products, '手表')).toEqual(['a', 'b', 'c', 'd'])
    expect(ids(index, products, '手表', 2)).toEqual(['a', 'b'])
    expect(index.rank('手表', { limit: 10, accept: (doc) => doc % 2 === 1 }).map((r) => r.doc)).toEqual([1, 3])
    const boosted = index.rank('手表', { limit: 10, boosts: new Map([[2, 100]]) })
    expect(boosted[0]).toMatchObject({ doc: 2 })
    expect(boosted[0]!.score).toBeGreaterThan(100)
    expect(index.rank('自行车', { limit: 10 })).toEqual([])
    expect(index.rank('', { limit: 10 })).toEqual([])
  })

  it('reuses its buffers without carrying scores from one query into the next', () => {
    const index = new SearchIndex(byField)
    const first = index.rank('锦鲤', { limit: 5 })
    index.rank('商品', { limit: 5 })
    expect(index.rank('锦鲤', { limit: 5 })).toEqual(first)
  })
})
