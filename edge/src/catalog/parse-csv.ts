// CSV text → rows of cells (RFC 4180: quoted fields may hold commas, doubled quotes and line
// breaks; CRLF or LF). Each row carries the physical line its record starts on, so
// `catalog.csv:17: …` points at the right line in an editor even after a multi-line description.
// Commas, or tabs when the header line is tab-separated: Excel's "Unicode text" (UTF-16) is
// tab-separated with the same quoting rules. Runtime-neutral (no node: imports): the Workers entry
// can run it on bundled text.

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number
  cells: string[]
  /** Why the cells can't be trusted (a stray or unclosed quote): the row is reported, not loaded. */
  problem?: string
}

const QUOTE = 34
const COMMA = 44
const TAB = 9
const SPACE = 32
const LF = 10
const CR = 13

/**
 * Rows in file order, one at a time so a big catalog never holds all its rows at once; blank
 * lines and rows of empty cells (spreadsheet padding) are left out.
 */
export function* csvRows(text: string): Generator<CsvRow> {
  const end = text.length
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const delimiter = headerDelimiter(text, pos)
  let line = 1
  while (pos < end) {
    const row: CsvRow = { line, cells: [] }
    for (;;) {
      let cell: string
      if (text.charCodeAt(pos) === QUOTE) {
        const quoted = readQuoted(text, pos)
        if (!quoted) {
          // Everything after an unclosed quote is one endless field: say so rather than guess.
          row.problem = `a quoted field in column ${row.cells.length + 1} is never closed, so the rest of the file was not read`
          yield row
          return
        }
        cell = quoted.value
        line += countLineBreaks(text, pos, quoted.next)
        pos = quoted.next
        if (!atDelimiter(text, pos, delimiter)) {
          // `"abc"def`: keep reading to the separator, but the row is not what its author meant.
          const stop = unquotedEnd(text, pos, delimiter)
          row.problem ??= `column ${row.cells.length + 1} has text after its closing quote (a quote inside a quoted field is written "")`
          cell += text.slice(pos, stop)
          pos = stop
        }
      } else {
        // An unquoted field runs to the next delimiter or line break; a quote inside it is kept as is.
        const stop = unquotedEnd(text, pos, delimiter)
        cell = text.slice(pos, stop)
        pos = stop
      }
      row.cells.push(cell)
      if (text.charCodeAt(pos) === delimiter) {
        pos++
        continue
      }
      if (text.charCodeAt(pos) === CR) pos++
      if (text.charCodeAt(pos) === LF) {
        pos++
        line++
      }
      break
    }
    if (row.problem || row.cells.some((cell) => cell.trim() !== '')) yield row
  }
}

/**
 * TAB if the header line has tabs and no commas outside quotes, else COMMA. Only the header
 * decides: a tab in a comma-separated file's description is text. Blank lines and padding rows of
 * bare delimiters before the header are passed over, as csvRows passes over them.
 */
function headerDelimiter(text: string, pos: number): number {
  let commas = 0
  let tabs = 0
  let content = false
  let quoted = false
  let fieldStart = true
  for (let i = pos; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (quoted) {
      if (c === QUOTE && text.charCodeAt(i + 1) === QUOTE) i++
      else if (c === QUOTE) quoted = false
      continue
    }
    if (c === LF) {
      if (content) break
      commas = tabs = 0
      fieldStart = true
      continue
    }
    // As in csvRows, a quote opens a quoted field only as the field's first character.
    if (c === QUOTE && fieldStart) quoted = true
    if (c === COMMA) commas++
    else if (c === TAB) tabs++
    else if (c !== SPACE && c !== CR) content = true
    fieldStart = c === COMMA || c === TAB
  }
  return tabs > 0 && commas === 0 ? TAB : COMMA
}

/** The field's text with `""` collapsed, and where it ends; undefined if the quote never closes. */
function readQuoted(text: string, open: number): { value: string; next: number } | undefined {
  let value = ''
  let from = open + 1
  for (;;) {
    const close = text.indexOf('"', from)
    if (close === -1) return undefined
    value += text.slice(from, close)
    if (text.charCodeAt(close + 1) !== QUOTE) return { value, next: close + 1 }
    value += '"'
    from = close + 2
  }
}

/** Where an unquoted field ends: the next delimiter, LF or CRLF (a lone CR stays part of the text). */
function unquotedEnd(text: string, pos: number, delimiter: number): number {
  const end = text.length
  let i = pos
  for (; i < end; i++) {
    const c = text.charCodeAt(i)
    if (c === delimiter || c === LF || (c === CR && text.charCodeAt(i + 1) === LF)) break
  }
  return i
}

function atDelimiter(text: string, pos: number, delimiter: number): boolean {
  const c = text.charCodeAt(pos)
  return pos >= text.length || c === delimiter || c === LF || (c === CR && text.charCodeAt(pos + 1) === LF)
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) count++
  return count
}
