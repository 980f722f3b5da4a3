import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { decodeText } from './decode-text.ts'
import { CatalogFormatError } from './format-error.ts'

// The fixtures are real encoder output, not this decoder's inverse: written once as UTF-8 text and
// converted with `iconv -f UTF-8 -t GBK` (gbk.*), or `iconv -t UTF-16LE` / `-t UTF-16BE` after a
// BOM (unicode-text.csv, utf16be.csv). catalog-file.test.ts reads them as catalogs.
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url))
const bytes = (...values: number[]) => Uint8Array.from(values)
const utf8 = (text: string) => new TextEncoder().encode(text)
function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + 2 * text.length)
  const view = new DataView(out.buffer)
  view.setUint16(0, 0xfeff, !bigEndian)
  for (let i = 0; i < text.length; i++) view.setUint16(2 + 2 * i, text.charCodeAt(i), !bigEndian)
  return out
}
const failure = (input: Uint8Array, fileName = 'catalog.csv') => {
  try {
    decodeText(input, fileName)
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogFormatError)
    return (err as Error).message
  }
  throw new Error('decoded')
}

const CSV = 'id,name,price,attributes.颜色\nx5,X5 儿童智能手表,899,粉色|蓝色\n'

describe('decodeText: what it reads', () => {
  it('reads ASCII and UTF-8 without a BOM as UTF-8', () => {
    expect(decodeText(utf8('id,name,price\n'), 'a.csv')).toEqual({ text: 'id,name,price\n', encoding: 'utf-8' })
    expect(decodeText(utf8(CSV), 'a.csv')).toEqual({ text: CSV, encoding: 'utf-8' })
    expect(decodeText(new Uint8Array(), 'a.csv')).toEqual({ text: '', encoding: 'utf-8' })
  })

  it('reads UTF-8 with a BOM, leaving the BOM out', () => {
    expect(decodeText(bytes(0xef, 0xbb, 0xbf, ...utf8(CSV)), 'a.csv')).toEqual({ text: CSV, encoding: 'utf-8-bom' })
  })

  it('reads GBK (Excel on Chinese Windows), and GB18030 characters beyond GBK', () => {
    expect(decodeText(bytes(0xd1, 0xd5, 0xc9, 0xab, 0x2c, 0xd6, 0xd8, 0xc1, 0xbf), 'a.csv')).toEqual({ text: '颜色,重量', encoding: 'gb18030' })
    const { text, encoding } = decodeText(fixture('gbk.csv'), 'gbk.csv')
    expect(encoding).toBe('gb18030')
    expect(text.split('\r\n')[0]).toBe('id,name,price,category,tags,attributes.颜色,attributes.重量,attributes.材质,description')
    // ⌚ and 👋 are four bytes each in GB18030; GBK has neither.
    expect(decodeText(bytes(0x81, 0x36, 0xea, 0x30, 0x94, 0x39, 0xd0, 0x39), 'a.csv')).toEqual({ text: '⌚👋', encoding: 'gb18030' })
  })

  it('reads UTF-16 with a BOM, little- and big-endian', () => {
    expect(decodeText(utf16(CSV, false), 'a.csv')).toEqual({ text: CSV, encoding: 'utf-16le' })
    expect(decodeText(utf16(`${CSV}👋`, true), 'a.csv')).toEqual({ text: `${CSV}👋`, encoding: 'utf-16be' })
    expect(decodeText(fixture('unicode-text.csv'), 'u.csv').text).toMatch(/^id\tname\tprice\tattributes\.颜色\t/)
  })
})

describe('decodeText: what it refuses, saying where', () => {
  it('names the first byte that is neither UTF-8 nor GB18030, with its offset and line', () => {
    expect(failure(bytes(...utf8('id,name\n'), 0xff, 0x41))).toBe(
      'catalog.csv: not UTF-8, GB18030/GBK or UTF-16 with BOM text: invalid byte 0xFF at byte offset 8 (line 2); save it as "CSV UTF-8" in Excel',
    )
    // 0x81 starts a GBK character, but a comma cannot end one.
    expect(failure(bytes(...utf8('a\nb\n'), 0xd1, 0xd5, 0x81, 0x2c), 'shop.jsonl')).toBe(
      'shop.jsonl: not UTF-8, GB18030/GBK or UTF-16 with BOM text: invalid bytes 0x81 0x2C at byte offset 6 (line 3); save it as UTF-8',
    )
    expect(failure(bytes(0x61, 0x0a, 0xd1, 0xd5, 0x81))).toMatch(/: it ends in the middle of a character at byte offset 4 \(line 2\);/)
  })

  it('reports a UTF-8 file with one damaged byte as UTF-8, not as GB18030 mojibake', () => {
    const before = 'id,name,price\nx5,X5 儿童智能手表,899\ns3,S3 '
    const good = utf8(`${before}运动手表,1299\n`)
    // Without the check this would "decode" as GB18030: 儿童 read as 鍎跨.
    expect(new TextDecoder('gb18030', { fatal: true }).decode(good)).toContain('鍎跨')
    const damaged = good.slice()
    const offset = utf8(before).length // the first byte of 运, on line 3
    damaged[offset] = 0xff
    expect(failure(damaged)).toBe(
      `catalog.csv: not valid UTF-8: invalid byte 0xFF at byte offset ${offset} (line 3), in a file that is otherwise UTF-8 (so it is not read as GB18030/GBK); retype the text there`,
    )
    // Cut off in the middle of 表 (E8 A1 A8), the file's last character.
    const cut = utf8(`${before}运动手表`)
    expect(failure(cut.subarray(0, cut.length - 1))).toMatch(`: not valid UTF-8: invalid byte 0xE8 at byte offset ${cut.length - 3} (line 3),`)
  })

  it('refuses binary files and UTF-16 without a BOM, which have NUL bytes', () => {
    const zip = bytes(0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00)
    expect(failure(zip)).toBe(
      'catalog.csv: not UTF-8, GB18030/GBK or UTF-16 with BOM text: a NUL byte at byte offset 5 (line 1), as in a binary file (a spreadsheet saved as .xlsx?); save it as "CSV UTF-8" in Excel',
    )
    expect(failure(utf16(CSV, false).subarray(2))).toMatch(/: it looks like UTF-16 without a byte-order mark \(NUL bytes at every other byte from byte offset 1\);/)
    expect(failure(utf16(CSV, true).subarray(2))).toMatch(/: it looks like UTF-16 without a byte-order mark \(NUL bytes at every other byte from byte offset 0\);/)
  })

  it('refuses text that does not match its BOM', () => {
    expect(failure(bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xd1, 0xd5))).toBe(
      'catalog.csv: starts with a UTF-8 byte-order mark but is not UTF-8: invalid byte 0xD1 at byte offset 5 (line 2); save it as "CSV UTF-8" in Excel',
    )
    // 上 is U+4E0A: its 0x0A byte is not a line break.
    const lone = utf16('上\na\ud800', false)
    expect(failure(lone)).toMatch(/: starts with a UTF-16LE byte-order mark but is not UTF-16LE: a lone surrogate 0xD800 at byte offset 8 \(line 2\);/)
    expect(failure(utf16('ab', true).subarray(0, 5))).toMatch(/: it ends in the middle of a character \(an odd number of bytes\) at byte offset 4 \(line 1\);/)
    // UTF-32LE starts with FF FE too.
    expect(failure(bytes(0xff, 0xfe, 0, 0, 0x61, 0, 0, 0))).toMatch(/^catalog\.csv: has a NUL character at byte offset 2 \(line 1\), so it is not text;/)
  })
})
