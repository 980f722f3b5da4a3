import { describe, expect, it } from 'vitest'
import { jsonlEntries } from './parse-jsonl.ts'
import { syntaxError } from './testing.ts'


describe('jsonlEntries', () => {
  it('reads one record per line, numbering lines past blank ones, with CRLF and a BOM', () => {
    expect([...jsonlEntries('\ufeff{"id":"a"}\r\n\r\n  \n{"id":"b"}\n')]).toEqual([
      { line: 1, record: { id: 'a' } },
      { line: 4, record: { id: 'b' } },
    ])
  })

  it('reports a line that is not JSON and reads on', () => {
    expect([...jsonlEntries('{"id":"a"}\n{"id": \n{"id":"c"}')]).toEqual([
      { line: 1, record: { id: 'a' } },
      { line: 2, problems: [`not valid JSON (${syntaxError('{"id": ')})`] },
      { line: 3, record: { id: 'c' } },
    ])
  })

  it('hands on a line that is JSON but not an object, for the schema to reject', () => {
    expect([...jsonlEntries('[1, 2]\n')]).toEqual([{ line: 1, record: [1, 2] }])
  })
})
