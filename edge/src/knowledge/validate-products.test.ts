import { describe, expect, it } from 'vitest'
import { validateProducts } from './validate-products.ts'

const good = (id: string) => ({ id, name: `Product ${id}`, price: 10 })

describe('validateProducts', () => {
  it('reports a bad record with file, index and reason, skips it and keeps the rest', () => {
    const records = [good('a'), good('b'), good('c'), { id: 'd', name: 'Broken', price: 'abc' }, good('e')]
    const { products, errors } = validateProducts(records, 'catalog.json')
    expect(products.map((p) => p.id)).toEqual(['a', 'b', 'c', 'e'])
    expect(errors).toEqual(['catalog.json[3]: price must be a number, got "abc"'])
  })

  it('names the field when the schema message does not', () => {
    const { errors } = validateProducts([{ id: 'a', name: 'A', price: 1, currency: 'RMB!' }, { name: 'no id', price: 1 }], 'shop.json')
    expect(errors[0]).toMatch(/^shop\.json\[0\]: currency: /)
    expect(errors[1]).toMatch(/^shop\.json\[1\]: id: /)
  })

  it('reports a duplicate id and keeps the first', () => {
    const { products, errors } = validateProducts([good('a'), { ...good('a'), price: 99 }], 'catalog.json')
    expect(products).toEqual([expect.objectContaining({ id: 'a', price: 10 })])
    expect(errors).toEqual(['catalog.json[1]: duplicate id "a" (the first record with this id is kept)'])
  })

  it('fills the documented defaults', () => {
    const [product] = validateProducts([good('a')], 'catalog.json').products
    expect(product).toMatchObject({ currency: 'CNY', attributes: {}, faq: [], aliases: [], competitor: false })
  })
})
