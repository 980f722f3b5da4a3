import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CatalogFormatError, parseCatalogText } from './load-catalog.ts'
import { syntaxError } from './testing.ts'

const FIXTURES = new URL('../../test-fixtures/catalog/', import.meta.url)
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8')
const load = (name: string) => parseCatalogText(fixture(name), `data/${name}`)

describe('parseCatalogText: valid files', () => {
  it('loads the same products from .json, .jsonl (BOM, CRLF, blank line) and .csv', () => {
    const json = load('valid.json')
    expect(json.errors).toEqual([])
    expect(json.products.map((p) => p.id)).toEqual(['x5', 'x5-strap', 'rival-k1'])
    expect(load('valid.jsonl')).toEqual(json)
    expect(load('valid.csv')).toEqual(json)
  })

  it('gives CSV values their types: numbers, lists, attribute lists and strings, booleans, faq', () => {
    const [x5, strap, rival] = load('valid.csv').products
    expect(x5).toEqual({
      id: 'x5', name: 'X5 儿童智能手表', price: 899, currency: 'CNY', category: '儿童手表', brand: '慧童',
      url: '/p/x5.html', image: '/img/x5.svg', description: '九重定位，误差小于5米。\n支持4G视频通话, 学习模式和"上课禁用"。',
      stock: 120, warrantyMonths: 12, competitor: false, tags: ['儿童', '定位', '手表'], related: ['x5-strap'],
      aliases: ['X5', 'X5手表'], attributes: { 颜色: ['粉色', '蓝色'], 重量: '35g' }, faq: [{ q: '能打电话吗', a: '支持视频通话' }],
    })
    expect(strap).toMatchObject({ currency: 'CNY', stock: 500, attributes: { 颜色: ['粉色', '蓝色', '黄色'] }, faq: [], aliases: [] })
    expect(rival).toMatchObject({ price: 799.5, competitor: true, attributes: { 颜色: '黑色', 重量: '40g' } })
  })

  it('reads a JSON attributes column from a CSV saved with a BOM and CRLF', () => {
    const { products, errors } = load('attributes-json.csv')
    expect(products.map((p) => p.id)).toEqual(['m1', 'm4'])
    expect(products[0]).toMatchObject({
      attributes: { 容量: '350ml', 颜色: ['白色', '黑色'] },
      faq: [{ q: '能进微波炉吗', a: '可以' }],
      description: 'Line one\r\nline two',
    })
    expect(errors).toEqual([
      'attributes-json.csv:4: attributes.尺寸: Invalid input',
      `attributes-json.csv:5: attributes: not valid JSON (${syntaxError('{oops')})`,
    ])
  })

  it('strips a BOM from a .json file', () => {
    expect(parseCatalogText(`\ufeff${fixture('valid.json')}`, 'valid.json')).toEqual(load('valid.json'))
  })
})

describe('parseCatalogText: bad records are reported by file and line (or index), and skipped', () => {
  it('csv', () => {
    const { products, errors } = load('invalid.csv')
    expect(products.map((p) => p.id)).toEqual(['a1', 'a3', 'a11'])
    expect(products[1]!.name).toBe('Multi\nline name')
    expect(errors).toEqual([
      'invalid.csv:3: price must be a number, got "abc"',
      'invalid.csv:6: stock must be a whole number, got "many"',
      'invalid.csv:7: duplicate id "a1" (first at line 2)',
      'invalid.csv:8: competitor must be true/false, yes/no, 1/0 or 是/否, got "maybe"',
      'invalid.csv:9: faq.0.a: Invalid input: expected string, received undefined',
      'invalid.csv:10: has 3 cells but the header has 8 columns (a comma or tab inside an unquoted field?)',
      'invalid.csv:11: id is required',
      'invalid.csv:12: column 2 has text after its closing quote (a quote inside a quoted field is written "")',
      `invalid.csv:13: faq: not valid JSON (${syntaxError('[oops')})`,
      'invalid.csv:14: price must not be negative, got -5',
    ])
  })

  it('jsonl', () => {
    const { products, errors } = load('invalid.jsonl')
    expect(products.map((p) => p.id)).toEqual(['j1', 'j5'])
    expect(errors).toEqual([
      'invalid.jsonl:3: price must be a number, got "abc"',
      `invalid.jsonl:4: not valid JSON (${syntaxError('{"id": "j3", "name":')})`,
      'invalid.jsonl:5: duplicate id "j1" (first at line 1)',
      'invalid.jsonl:6: Invalid input: expected object, received array',
      'invalid.jsonl:7: attributes.颜色: Invalid input',
    ])
  })

  it('json', () => {
    const { products, errors } = load('invalid.json')
    expect(products.map((p) => p.id)).toEqual(['a1', 'a5'])
    expect(errors).toEqual([
      'invalid.json[1]: price must be a number, got "abc"',
      'invalid.json[2]: duplicate id "a1" (first at index 0)',
      'invalid.json[3]: Invalid input: expected object, received string',
      'invalid.json[4]: faq.0.a: Invalid input: expected string, received undefined',
      'invalid.json[5]: attributes.颜色: Invalid input',
    ])
  })

  it('refuses links a visitor must never be sent to: javascript:, data:, another host\'s //path', () => {
    const rows = [
      'id,name,price,url,image',
      'a1,A,1,javascript:alert(1),/img/a.svg',
      'a2,B,2,/p/b.html,data:image/png;base64;PHN2Zz4=',
      'a3,C,3,//evil.example/c,https://cdn.example/c.png',
      'a4,D,4,https://shop.example/d,/img/d.svg',
    ].join('\n')
    const { products, errors } = parseCatalogText(rows, 'shop.csv')
    expect(products.map((p) => p.id)).toEqual(['a4'])
    expect(errors).toEqual([
      'shop.csv:2: url must be an http(s) URL or a path starting with /, got "javascript:alert(1)"',
      'shop.csv:3: image must be an http(s) URL or a path starting with /, got "data:image/png;base64;PHN2Zz4="',
      'shop.csv:4: url must be an http(s) URL or a path starting with /, got "//evil.example/c"',
    ])
  })

  it('reports every problem of a record in one line', () => {
    const { errors } = parseCatalogText('id,name,price,competitor,faq\n,A,x,maybe,[\n', 'shop.csv')
    expect(errors).toEqual([
      `shop.csv:2: competitor must be true/false, yes/no, 1/0 or 是/否, got "maybe"; faq: not valid JSON (${syntaxError('[')}); ` +
        'id is required; price must be a number, got "x"',
    ])
  })
})

describe('parseCatalogText: files that are not a catalog at all', () => {
  it.each([
    ['data/not-an-array.json', fixture('not-an-array.json'), 'the catalog data/not-an-array.json must hold a JSON array of products (or be a .jsonl or .csv file)'],
    ['data/broken.json', '[{"id": ', `the catalog data/broken.json is not valid JSON: ${syntaxError('[{"id": ')}`],
    ['data/shop.xlsx', 'PK…', 'the catalog data/shop.xlsx must be a .json (array of products), .jsonl (one product per line), .csv (header row) or .txt (Excel\'s tab-separated Unicode text) file; got ".xlsx"'],
    ['data/catalog', '[]', 'the catalog data/catalog must be a .json (array of products), .jsonl (one product per line), .csv (header row) or .txt (Excel\'s tab-separated Unicode text) file; got "no extension"'],
    ['data/bad-header.csv', fixture('bad-header.csv'), 'the catalog data/bad-header.csv has a bad header row: unknown column "prise"'],
  ])('%s stops loading with a message naming the path', (fileName, text, message) => {
    expect(() => parseCatalogText(text, fileName)).toThrow(CatalogFormatError)
    expect(() => parseCatalogText(text, fileName)).toThrow(message)
  })

  it('matches the extension in any case, and names records by the last path segment', () => {
    const { errors } = parseCatalogText('id,name,price\na,A,abc\n', 'C:\\shop\\Catalog.CSV')
    expect(errors).toEqual(['Catalog.CSV:2: price must be a number, got "abc"'])
  })
})
