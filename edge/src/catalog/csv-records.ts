// CSV rows → catalog records (CONTRACT §3). Cells are text, so this is where numbers, booleans,
// `|`-separated lists and JSON cells become the values the schema expects. A number cell that is
// not a number is passed on as text for the schema to reject with its own message
// (`price must be a number, got "abc"`), so CSV and JSON catalogs read the same errors.
import type { CatalogEntry } from '../knowledge/validate-products.ts'
import { catalogError } from './format-error.ts'
import type { CsvRow } from './parse-csv.ts'

type Column =
  | { kind: 'text' | 'number' | 'boolean' | 'list' | 'json'; field: string }
  | { kind: 'attribute'; key: string }

const KINDS = new Map<string, Exclude<Column['kind'], 'attribute'>>([
  ['id', 'text'], ['name', 'text'], ['currency', 'text'], ['category', 'text'], ['brand', 'text'], ['url', 'text'], ['image', 'text'], ['description', 'text'],
  ['price', 'number'], ['stock', 'number'], ['warrantyMonths', 'number'],
  ['competitor', 'boolean'],
  ['tags', 'list'], ['related', 'list'], ['aliases', 'list'],
  ['attributes', 'json'], ['faq', 'json'],
])
/** Spreadsheet headers are often retyped by hand: `Price` and `warrantymonths` are meant, not unknown. */
const FIELD_BY_LOWERCASE = new Map([...KINDS.keys()].map((field) => [field.toLowerCase(), field]))
const REQUIRED = ['id', 'name', 'price']
const ATTRIBUTE_PREFIX = 'attributes.'
const EXPECTED = `${[...KINDS.keys()].join(', ')} or attributes.<name>`

/** Plain decimal numbers only: `Number()` would also take "", "0x1F" and "Infinity". */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const BOOLEANS = new Map([['true', true], ['false', false], ['1', true], ['0', false], ['yes', true], ['no', false], ['是', true], ['否', false]])

/**
 * The first row names the columns; every other row becomes one entry.
 * @param fileName for header errors, which stop loading: every row would be wrong the same way.
 */
export function* csvEntries(rows: Iterable<CsvRow>, fileName: string): Generator<CatalogEntry> {
  let columns: Column[] | undefined
  for (const row of rows) {
    if (columns) {
      yield toEntry(row, columns)
      continue
    }
    if (row.problem) throw catalogError(fileName, `has a broken header row: ${row.problem}`)
    columns = readHeader(row.cells, fileName)
  }
  if (!columns) throw catalogError(fileName, `has no header row (expected columns such as ${REQUIRED.join(',')})`)
}

function readHeader(cells: readonly string[], fileName: string): Column[] {
  const names = cells.map((cell) => cell.trim())
  const fail = (reason: string) => catalogError(fileName, `has a bad header row: ${reason}`)
  const seen = new Set<string>()
  const columns = names.map((name, i): Column => {
    if (!name) throw fail(`column ${i + 1} has no name`)
    if (name.toLowerCase().startsWith(ATTRIBUTE_PREFIX)) {
      const key = name.slice(ATTRIBUTE_PREFIX.length).trim()
      if (!key) throw fail(`"${name}" names no attribute (expected attributes.<name>, e.g. attributes.颜色)`)
      if (seen.has(ATTRIBUTE_PREFIX + key)) throw fail(`the column "${name}" appears twice`)
      seen.add(ATTRIBUTE_PREFIX + key)
      return { kind: 'attribute', key }
    }
    const field = FIELD_BY_LOWERCASE.get(name.toLowerCase())
    if (!field) throw fail(`unknown column "${name}" (expected ${EXPECTED})`)
    if (seen.has(field)) throw fail(`the column "${field}" appears twice`)
    seen.add(field)
    return { kind: KINDS.get(field)!, field }
  })
  const missing = REQUIRED.filter((name) => !seen.has(name))
  if (missing.length) throw fail(`no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}`)
  // Two sources for one field would make a row's attributes depend on column order.
  if (seen.has('attributes') && columns.some((c) => c.kind === 'attribute')) {
    throw fail('both an "attributes" JSON column and attributes.<name> columns; use one or the other')
  }
  return columns
}

function toEntry(row: CsvRow, columns: readonly Column[]): CatalogEntry {
  if (row.problem) return { line: row.line, problems: [row.problem] }
  if (row.cells.length !== columns.length) {
    // Usually an unquoted comma inside a field, which shifts every later column: skip the row
    // rather than load a price from the wrong column.
    return { line: row.line, problems: [`has ${row.cells.length} cells but the header has ${columns.length} columns (a comma or tab inside an unquoted field?)`] }
  }
  const record: Record<string, unknown> = {}
  const problems: string[] = []
  let attributes: Record<string, string | string[]> | undefined
  for (let i = 0; i < columns.length; i++) {
    const cell = row.cells[i]!
    if (cell === '') continue // an empty cell is an absent field, so the schema's default applies
    const text = cell.trim()
    if (text === '') continue
    const column = columns[i]!
    if (column.kind === 'attribute') {
      // A cell with `|` is a list ("粉色|蓝色"); without one it stays a single string.
      attributes ??= {}
      attributes[column.key] = text.includes('|') ? splitList(text) : own(text)
      continue
    }
    const { field } = column
    switch (column.kind) {
      case 'text':
        record[field] = own(text)
        break
      case 'number':
        record[field] = NUMBER.test(text) ? Number(text) : text
        break
      case 'list':
        record[field] = splitList(text)
        break
      case 'boolean': {
        const value = BOOLEANS.get(text.toLowerCase())
        if (value === undefined) problems.push(`${field} must be true/false, yes/no, 1/0 or 是/否, got ${JSON.stringify(text)}`)
        else record[field] = value
        break
      }
      case 'json':
        try {
          record[field] = JSON.parse(text)
        } catch (err) {
          problems.push(`${field}: not valid JSON (${(err as Error).message})`)
        }
        break
    }
  }
  if (attributes) record.attributes = attributes
  return problems.length ? { line: row.line, record, problems } : { line: row.line, record }
}

/** `a | b||c` → ["a", "b", "c"]: pieces trimmed, empty ones dropped. */
function splitList(text: string): string[] {
  return text
    .split('|')
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '')
    .map(own)
}

/**
 * A cell as a string of its own. Cells are slices of the file's text, and V8 keeps a slice of 13+
 * characters as a view into its parent, so one description would keep the whole file in memory
 * for the life of the process. JSON.parse builds a fresh flat string: for 230k products this
 * costs ~0.2 s once and keeps 60 MB less (a `' ' + text` copy would keep a view of its own).
 */
function own(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string)
}
