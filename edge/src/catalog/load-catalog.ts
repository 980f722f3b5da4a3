// Catalog text → products and a list of skipped records, by the file's extension: `.json` (an
// array), `.jsonl` (one object per line) or `.csv` (header row). Runtime-neutral, so the Node file
// reader (catalog-file.ts) and the Workers entry (on bundled text) load catalogs the same way.
import { validateEntries, validateProducts, type ProductValidation } from '../knowledge/validate-products.ts'
import { csvEntries } from './csv-records.ts'
import { catalogError } from './format-error.ts'
import { csvRows } from './parse-csv.ts'
import { jsonlEntries } from './parse-jsonl.ts'

export { CatalogFormatError } from './format-error.ts'

/**
 * @param fileName the path as given: startup errors name it in full, record errors only by its last
 *   segment (`catalog.csv:17: …`), which is what a site owner searches for in their editor.
 * @throws CatalogFormatError when the text can't be read as a catalog at all.
 */
export function parseCatalogText(text: string, fileName: string): ProductValidation {
  try {
    return parseByExtension(text, fileName)
  } finally {
    // RegExp keeps its last subject alive (the legacy RegExp.input); the last line or cell tested
    // while parsing is a slice of the whole file, which would then stay in memory for the life of
    // the process (140 MB for a 230k-product catalog). One match on an empty string lets it go.
    FORGET_LAST_INPUT.test('')
  }
}

const FORGET_LAST_INPUT = /^/

function parseByExtension(text: string, fileName: string): ProductValidation {
  const source = fileName.split(/[\\/]/).pop() || fileName
  const extension = /\.[^./\\]+$/.exec(source)?.[0].toLowerCase()
  // Editors on Windows often save UTF-8 with a BOM, which JSON.parse rejects.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  switch (extension) {
    case '.json':
      return validateProducts(parseJsonArray(body, fileName), source)
    case '.jsonl':
      return validateEntries(jsonlEntries(body), source)
    case '.csv':
    // Excel's "Unicode text" (UTF-16, tab-separated) is saved as .txt.
    case '.txt':
      return validateEntries(csvEntries(csvRows(body), fileName), source)
    default:
      throw catalogError(
        fileName,
        `must be a .json (array of products), .jsonl (one product per line), .csv (header row) or .txt (Excel's tab-separated Unicode text) file; got "${extension ?? 'no extension'}"`,
      )
  }
}

function parseJsonArray(text: string, fileName: string): unknown[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw catalogError(fileName, `is not valid JSON: ${(err as Error).message}`)
  }
  if (!Array.isArray(parsed)) throw catalogError(fileName, 'must hold a JSON array of products (or be a .jsonl or .csv file)')
  return parsed
}
