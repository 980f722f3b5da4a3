// The order the store keeps events in, for code that sorts them in memory: by ts, then by id in
// code-point order (SQLite's BINARY collation compares UTF-8 bytes, which is code-point order), so a
// report built in memory and one read from the store window by window see ties alike.

export function byTsId(a: { ts: number; id: string }, b: { ts: number; id: string }): number {
  return a.ts - b.ts || compareCodePoints(a.id, b.id)
}

/** Code-point order: UTF-16 order, except that surrogates (above U+FFFF) sort after U+E000–U+FFFF. */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x !== y) return rank(x) - rank(y)
  }
  return a.length - b.length
}

const rank = (unit: number): number => (unit >= 0xd800 && unit <= 0xdfff ? unit + 0x2000 : unit >= 0xe000 ? unit - 0x800 : unit)
