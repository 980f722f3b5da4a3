// JSONL text → one entry per non-blank line, tagged with its line number. A line that is not JSON
// is reported for that line alone: the rest of the file still loads. Runtime-neutral.
import type { CatalogEntry } from '../knowledge/validate-products.ts'

/** One entry at a time, so a big catalog never holds all its raw records at once. */
export function* jsonlEntries(text: string): Generator<CatalogEntry> {
  const end = text.length
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0
  for (let line = 1; pos < end; line++) {
    let next = text.indexOf('\n', pos)
    if (next === -1) next = end
    const raw = text.slice(pos, next)
    pos = next + 1
    if (!/\S/.test(raw)) continue // blank lines (and a trailing newline) hold no record
    let entry: CatalogEntry
    try {
      entry = { line, record: JSON.parse(raw) }
    } catch (err) {
      entry = { line, problems: [`not valid JSON (${(err as Error).message})`] }
    }
    yield entry
  }
}
