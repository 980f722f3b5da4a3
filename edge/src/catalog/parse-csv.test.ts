import { describe, expect, it } from 'vitest'
import { csvRows, type CsvRow } from './parse-csv.ts'

const parse = (text: string): CsvRow[] => [...csvRows(text)]
const cells = (text: string) => parse(text).map((row) => row.cells)
const lines = (text: string) => parse(text).map((row) => row.line)

describe('csvRows', () => {
  it('splits plain rows and keeps empty cells, including a last empty one', () => {
    expect(cells('a,b,c\n1,,3\n4,5,\n')).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['4', '5', '']])
  })

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(cells('id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,""\n')).toEqual([
      ['id', 'text'],
      ['1', 'a, b'],
      ['2', 'say "hi"'],
      ['3', 'two\nlines'],
      ['4', ''],
    ])
  })

  it('numbers each record by the physical line it starts on, past multi-line fields', () => {
    const text = 'id,text\n1,"one\ntwo\nthree"\n2,x\n3,"a\r\nb"\r\n4,y'
    expect(lines(text)).toEqual([1, 2, 5, 6, 8])
    expect(cells(text).at(-2)).toEqual(['3', 'a\r\nb'])
  })

  it('accepts CRLF, a BOM, and no newline at the end', () => {
    expect(parse('\ufeffid,name\r\n1,"A"\r\n2,B')).toEqual([
      { line: 1, cells: ['id', 'name'] },
      { line: 2, cells: ['1', 'A'] },
      { line: 3, cells: ['2', 'B'] },
    ])
  })

  it('skips blank lines and rows of empty cells but still counts their lines', () => {
    const rows = parse('id,name\n\n1,A\n,,\n   \n2,B\n')
    expect(rows.map((row) => [row.line, row.cells[0]])).toEqual([[1, 'id'], [3, '1'], [6, '2']])
  })

  it('keeps a quote inside an unquoted field as text', () => {
    expect(cells('size,name\n5",6" screen\n')).toEqual([['size', 'name'], ['5"', '6" screen']])
  })

  it('flags text after a closing quote, and carries on with the next row', () => {
    const rows = parse('id,name\n1,"Bad "quote",9\n2,ok\n')
    expect(rows[1]).toMatchObject({ line: 2, problem: 'column 2 has text after its closing quote (a quote inside a quoted field is written "")' })
    expect(rows[2]).toEqual({ line: 3, cells: ['2', 'ok'] })
  })

  it('stops at a quote that is never closed, saying the rest was not read', () => {
    const rows = parse('id,name\n1,A\n2,"never closed\n3,C\n')
    expect(rows).toHaveLength(3)
    expect(rows[2]).toMatchObject({ line: 3, problem: 'a quoted field in column 2 is never closed, so the rest of the file was not read' })
  })

  it('reads a tab-separated file (Excel "Unicode text") with the same quoting and line numbers', () => {
    const text = 'id\tname\tdescription\r\n1\tA, B\t"tab\there\r\nand ""quotes"""\r\n2\tC\t\r\n'
    expect(parse(text)).toEqual([
      { line: 1, cells: ['id', 'name', 'description'] },
      { line: 2, cells: ['1', 'A, B', 'tab\there\r\nand "quotes"'] },
      { line: 4, cells: ['2', 'C', ''] },
    ])
  })

  it('takes the delimiter from the header only: commas win over tabs, and quoted ones do not count', () => {
    expect(cells('id,name\n1,a\tb\n')).toEqual([['id', 'name'], ['1', 'a\tb']])
    expect(cells('id\tname,x\n1\t2,3\n')).toEqual([['id\tname', 'x'], ['1\t2', '3']])
    expect(cells('id\t"name, full"\n1\tA\n')).toEqual([['id', 'name, full'], ['1', 'A']])
    expect(cells('id,"tab\there"\n1,A\n')).toEqual([['id', 'tab\there'], ['1', 'A']])
    // Blank lines and padding rows before the header are passed over, as csvRows passes over them.
    expect(parse('\n\t\t\nid\tname\n1\tA\n')).toEqual([
      { line: 3, cells: ['id', 'name'] },
      { line: 4, cells: ['1', 'A'] },
    ])
  })
})
