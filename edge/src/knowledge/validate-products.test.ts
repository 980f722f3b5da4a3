import { describe, expect, it } from 'vitest'
import { validateEntries, validateProducts } from './validate-products.ts'

const good = (id: string) => ({ id, name: `Product ${id}`, price: 10 })

describe('validateProducts (a JSON array, located by index)', () => {
  it('reports a bad record with file, index and reason, skips it and keeps the rest', () => {
    const records = [good('a'), good('b'), good('c'), { id: 'd', name: 'Broken', price: 'abc' }, good('e')]
    const { products, errors } = validateProducts(records, 'catalog.json')
    expect(products.map((p) => p.id)).toEqual(['a', 'b', 'c', 'e'])
    expect(errors).toEqual(['catalog.json[3]: price must be a number, got "abc"'])
  })

  it('names the field when the schema message does not, down to nested paths', () => {
    const { errors } = validateProducts(
      [
        { id: 'a', name: 'A', price: 1, currency: 'RMB!' },
        { name: 'no id', price: 1 },
        { ...good('c'), faq: [{ q: 'q' }] },
        { ...good('d'), attributes: { 颜色: { r: 1 } } },
        'not a record',
      ],
      'shop.json',
    )
    expect(errors[0]).toMatch(/^shop\.json\[0\]: currency: /)
    expect(errors[1]).toBe('shop.json[1]: id is required')
    expect(errors.slice(2)).toEqual([
      'shop.json[2]: faq.0.a: Invalid input: expected string, received undefined',
      'shop.json[3]: attributes.颜色: Invalid input',
      'shop.json[4]: Invalid input: expected object, received string',
    ])
  })

  it('reports a duplicate id on the later record and keeps the first', () => {
    const { products, errors } = validateProducts([good('a'), good('b'), { ...good('a'), price: 99 }], 'catalog.json')
    expect(products).toEqual([expect.objectContaining({ id: 'a', price: 10 }), expect.objectContaining({ id: 'b' })])
    expect(errors).toEqual(['catalog.json[2]: duplicate id "a" (first at index 0)'])
  })

  it('fills the documented defaults', () => {
    const [product] = validateProducts([good('a')], 'catalog.json').products
    expect(product).toMatchObject({ currency: 'CNY', attributes: {}, faq: [], aliases: [], competitor: false })
  })
})

describe('validateEntries (a line-based file, located by line)', () => {
  it('locates errors and duplicates by line', () => {
    const { products, errors } = validateEntries(
      [
        { line: 2, record: good('x5') },
        { line: 4, record: { ...good('y1'), price: 'abc' } },
        { line: 7, record: good('x5') },
      ],
      'catalog.csv',
    )
    expect(products.map((p) => p.id)).toEqual(['x5'])
    expect(errors).toEqual(['catalog.csv:4: price must be a number, got "abc"', 'catalog.csv:7: duplicate id "x5" (first at line 2)'])
  })

  it("lists the reader's problems before the schema's, and skips a record that has any", () => {
    const { products, errors } = validateEntries(
      [
        { line: 3, record: good('a'), problems: ['faq: not valid JSON (…)'] },
        { line: 5, record: { name: 'B', price: 1 }, problems: ['competitor must be …'] },
        { line: 9, problems: ['has 2 cells but the header has 3 columns'] },
      ],
      'shop.csv',
    )
    expect(products).toEqual([])
    expect(errors).toEqual([
      'shop.csv:3: faq: not valid JSON (…)',
      'shop.csv:5: competitor must be …; id is required',
      'shop.csv:9: has 2 cells but the header has 3 columns',
    ])
  })

  it('checks ids only among loaded records: a bad first record does not block a good second', () => {
    const { products, errors } = validateEntries(
      [
        { line: 2, record: { ...good('a'), price: -1 } },
        { line: 3, record: good('a') },
      ],
      'shop.jsonl',
    )
    expect(products.map((p) => p.id)).toEqual(['a'])
    expect(errors).toHaveLength(1)
  })

  it('takes entries one at a time from any iterable', () => {
    function* entries() {
      yield { line: 1, record: good('a') }
      yield { line: 2, record: good('b') }
    }
    expect(validateEntries(entries(), 'shop.jsonl').products).toHaveLength(2)
  })
})
