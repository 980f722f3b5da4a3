import { describe, expect, it } from 'vitest'
import { csvEntries } from './csv-records.ts'
import { CatalogFormatError } from './format-error.ts'
import { csvRows } from './parse-csv.ts'

const entries = (text: string) => [...csvEntries(csvRows(text), 'shop.csv')]
const records = (text: string) => entries(text).map((entry) => entry.record)

describe('csvEntries: cells to values', () => {
  it('parses numbers and booleans, splits list cells on |, and leaves empty cells out', () => {
    const [record] = records(
      'id,name,price,stock,warrantyMonths,competitor,tags,related,aliases,currency\n' + 'x5, X5 ,899.5,120,12,是,儿童| 定位 ||,x5-strap,X5|X5手表,\n',
    )
    expect(record).toEqual({
      id: 'x5', name: 'X5', price: 899.5, stock: 120, warrantyMonths: 12, competitor: true,
      tags: ['儿童', '定位'], related: ['x5-strap'], aliases: ['X5', 'X5手表'],
    })
  })

  it.each([
    ['true', true], ['FALSE', false], ['1', true], ['0', false], ['Yes', true], ['no', false], ['是', true], ['否', false],
  ])('reads competitor %s as %s', (cell, value) => {
    expect(records(`id,name,price,competitor\na,A,1,${cell}\n`)[0]).toMatchObject({ competitor: value })
  })

  it('reports a competitor cell that is not a yes or no, and leaves it out', () => {
    expect(entries('id,name,price,competitor\na,A,1,maybe\n')[0]).toEqual({
      line: 2,
      record: { id: 'a', name: 'A', price: 1 },
      problems: ['competitor must be true/false, yes/no, 1/0 or 是/否, got "maybe"'],
    })
  })

  it('passes a number cell that is not a number on as text, for the schema to name', () => {
    for (const cell of ['abc', '0x10', 'Infinity', '¥899', '1,299']) {
      expect(records(`id,name,price\na,A,"${cell}"\n`)[0]).toMatchObject({ price: cell })
    }
    expect(records('id,name,price\na,A,1e3\n')[0]).toMatchObject({ price: 1000 })
  })

  it('turns attributes.<name> columns into attributes: | makes a list, otherwise one string', () => {
    const [record] = records('id,name,price,attributes.颜色,attributes.重量,attributes.尺码\na,A,1,粉色|蓝色,35g,\nb,B,2,黑色|,,\n')
    expect(record).toMatchObject({ attributes: { 颜色: ['粉色', '蓝色'], 重量: '35g' } })
    expect(Object.keys((record as { attributes: object }).attributes)).toEqual(['颜色', '重量'])
    expect(records('id,name,price,attributes.颜色\nb,B,2,黑色|\n')[0]).toMatchObject({ attributes: { 颜色: ['黑色'] } })
  })

  it('leaves attributes out when all attribute cells are empty', () => {
    expect(records('id,name,price,attributes.颜色\na,A,1,\n')[0]).toEqual({ id: 'a', name: 'A', price: 1 })
  })

  it('parses JSON attributes and faq cells, and reports one that is not JSON', () => {
    const text = 'id,name,price,attributes,faq\na,A,1,"{""颜色"":[""红""]}","[{""q"":""Q"",""a"":""A""}]"\nb,B,2,{oops,\n'
    const [good, bad] = entries(text)
    expect(good!.record).toMatchObject({ attributes: { 颜色: ['红'] }, faq: [{ q: 'Q', a: 'A' }] })
    expect(bad!.record).toEqual({ id: 'b', name: 'B', price: 2 })
    expect(bad!.problems).toEqual([expect.stringMatching(/^attributes: not valid JSON \(.+\)$/)])
  })

  it('reports a row whose cell count differs from the header, without reading it', () => {
    expect(entries('id,name,price\na,A,1,extra\nb,B\n')).toEqual([
      { line: 2, problems: ['has 4 cells but the header has 3 columns (a comma or tab inside an unquoted field?)'] },
      { line: 3, problems: ['has 2 cells but the header has 3 columns (a comma or tab inside an unquoted field?)'] },
    ])
  })

  it('accepts header names in any case and with spaces around them', () => {
    expect(records(' ID ,Name,PRICE,WarrantyMonths,Attributes.颜色\na,A,1,6,红\n')[0]).toEqual({
      id: 'a', name: 'A', price: 1, warrantyMonths: 6, attributes: { 颜色: '红' },
    })
  })
})

describe('csvEntries: the header row', () => {
  it.each([
    ['', 'has no header row (expected columns such as id,name,price)'],
    ['id,name,prise\n', 'has a bad header row: unknown column "prise" (expected id, name, currency, category, brand, url, image, description, price, stock, warrantyMonths, competitor, tags, related, aliases, attributes, faq or attributes.<name>)'],
    ['id,name\n', 'has a bad header row: no price column'],
    ['name,tags\n', 'has a bad header row: no id, price columns'],
    ['id,name,price,Price\n', 'has a bad header row: the column "price" appears twice'],
    ['id,name,price,attributes.颜色,attributes.颜色\n', 'has a bad header row: the column "attributes.颜色" appears twice'],
    ['id,name,price,attributes.\n', 'has a bad header row: "attributes." names no attribute (expected attributes.<name>, e.g. attributes.颜色)'],
    ['id,name,,price\n', 'has a bad header row: column 3 has no name'],
    ['id,name,price,attributes,attributes.颜色\n', 'has a bad header row: both an "attributes" JSON column and attributes.<name> columns; use one or the other'],
    ['id,"name\n', 'has a broken header row: a quoted field in column 2 is never closed, so the rest of the file was not read'],
  ])('stops on header %j', (text, reason) => {
    expect(() => entries(text)).toThrow(CatalogFormatError)
    expect(() => entries(text)).toThrow(`the catalog shop.csv ${reason}`)
  })
})
