// File bytes → text, in whichever encoding the site owner's tools saved it: UTF-8 (with or without a
// BOM), GB18030/GBK (Excel's "CSV (逗号分隔)" on Chinese Windows) or UTF-16 with a BOM (Excel's
// "Unicode text"). Read as UTF-8, a GBK file turned Chinese into runs of "�", so attributes.重量
// and attributes.材质 were the same column. Anything else stops with the byte offset and line of the
// first byte that fits none of them. Runtime-neutral (TextDecoder only), for catalog and config.
import { CatalogFormatError } from './format-error.ts'

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be'

export interface DecodedText {
  /** Without the byte-order mark. */
  text: string
  encoding: TextEncodingName
}

const BOMS = [
  { bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8-bom', label: 'utf-8' },
  { bytes: [0xff, 0xfe], encoding: 'utf-16le', label: 'utf-16le' },
  { bytes: [0xfe, 0xff], encoding: 'utf-16be', label: 'utf-16be' },
] as const

const NONE = 'not UTF-8, GB18030/GBK or UTF-16 with BOM text'

/** @throws CatalogFormatError `<fileName>: <what is wrong> at byte offset N (line L); <how to fix it>` */
export function decodeText(bytes: Uint8Array, fileName: string): DecodedText {
  const fail = (reason: string, fix = saveAsHint(fileName)) => new CatalogFormatError(`${fileName}: ${reason}; ${fix}`)
  const bom = BOMS.find((mark) => mark.bytes.every((byte, i) => bytes[i] === byte))
  if (bom) {
    const start = bom.bytes.length
    const text = strictDecode(bom.label, bytes.subarray(start))
    if (text === undefined) {
      const problem = bom.label === 'utf-8' ? utf8Problem(bytes, start) : utf16Problem(bytes, start, bom.label === 'utf-16be')
      throw fail(`starts with a ${bom.label.toUpperCase()} byte-order mark but is not ${bom.label.toUpperCase()}: ${problem}`)
    }
    // UTF-32 (FF FE 00 00) also starts with FF FE; read as UTF-16 it is full of NULs.
    const nul = text.indexOf('\0')
    if (nul !== -1) {
      const at = bom.label === 'utf-8' ? where(bytes, bytes.indexOf(0)) : where(bytes, start + 2 * nul, countLines(text, nul))
      throw fail(`has a NUL character at ${at}, so it is not text`)
    }
    return { text, encoding: bom.encoding }
  }
  // Neither UTF-8 nor GB18030 text has a zero byte; UTF-16 and binary files (.xlsx) have plenty.
  const nul = bytes.indexOf(0)
  if (nul !== -1) throw fail(`${NONE}: ${nulProblem(bytes, nul)}`)
  const utf8 = strictDecode('utf-8', bytes)
  if (utf8 !== undefined) return { text: utf8, encoding: 'utf-8' }
  // Most UTF-8 text is also valid GB18030, as mojibake (你好 → 浣犲ソ): a UTF-8 file with one damaged
  // byte must be reported, not read that way. Chinese in UTF-8 is 3-byte characters, which GBK byte
  // pairs almost never form by chance; 2-byte ones they often do (学 is D1 A7), so those count for
  // less. A damaged character leaves at most three invalid bytes; every GBK character one or two.
  const scan = scanUtf8(bytes)
  if (scan.long + scan.short / 4 >= scan.invalid) {
    throw fail(`not valid UTF-8: invalid byte ${hex(bytes[scan.first]!)} at ${where(bytes, scan.first)}, in a file that is otherwise UTF-8 (so it is not read as GB18030/GBK)`, 'retype the text there')
  }
  const gb18030 = strictDecode('gb18030', bytes)
  if (gb18030 !== undefined) return { text: gb18030, encoding: 'gb18030' }
  throw fail(`${NONE}: ${gb18030Problem(bytes)}`)
}

function strictDecode(label: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(label, { fatal: true, ignoreBOM: true }).decode(bytes)
  } catch {
    return undefined
  }
}

function saveAsHint(fileName: string): string {
  return /\.csv$/i.test(fileName) ? 'save it as "CSV UTF-8" in Excel' : 'save it as UTF-8'
}

/** `byte offset 1234 (line 17)`: the line is what an editor shows, the offset what a hex viewer shows. */
function where(bytes: Uint8Array, offset: number, lines = countByte(bytes, 0x0a, offset) + 1): string {
  return `byte offset ${offset} (line ${lines})`
}

function countByte(bytes: Uint8Array, byte: number, end: number): number {
  let count = 0
  for (let i = bytes.indexOf(byte); i !== -1 && i < end; i = bytes.indexOf(byte, i + 1)) count++
  return count
}

/** Line of `text[end]`; for UTF-16, where a 0x0A byte may be half of a character (上 is 0A 4E). */
function countLines(text: string, end: number): number {
  let lines = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) lines++
  return lines
}

const hex = (byte: number) => `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`

function nulProblem(bytes: Uint8Array, offset: number): string {
  // ASCII characters in UTF-16 leave every other byte zero; a binary file has zeros anywhere.
  let even = 0
  let odd = 0
  for (let i = 0; i < Math.min(bytes.length, 4096); i++) {
    if (bytes[i] !== 0) continue
    if (i % 2) odd++
    else even++
  }
  if (even + odd >= 2 && (even === 0 || odd === 0)) {
    return `it looks like UTF-16 without a byte-order mark (NUL bytes at every other byte from byte offset ${offset})`
  }
  return `a NUL byte at ${where(bytes, offset)}, as in a binary file (a spreadsheet saved as .xlsx?)`
}

/** Valid 2-byte and longer UTF-8 characters, invalid bytes (each skipped on its own), and the first of those. */
function scanUtf8(bytes: Uint8Array, from = 0): { short: number; long: number; invalid: number; first: number } {
  const counts = { short: 0, long: 0, invalid: 0, first: -1 }
  for (let i = from; i < bytes.length; ) {
    const length = utf8Length(bytes, i)
    if (length === 2) counts.short++
    else if (length > 2) counts.long++
    if (length > 0) {
      i += length
      continue
    }
    counts.invalid++
    if (counts.first === -1) counts.first = i
    i++
  }
  return counts
}

/** Length of the UTF-8 character at `i`, or 0 if it is not one (overlong forms and surrogates included). */
function utf8Length(bytes: Uint8Array, i: number): number {
  const lead = bytes[i]!
  if (lead < 0x80) return 1
  let length: number
  let low = 0x80
  let high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) length = 2
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3
    if (lead === 0xe0) low = 0xa0
    if (lead === 0xed) high = 0x9f
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4
    if (lead === 0xf0) low = 0x90
    if (lead === 0xf4) high = 0x8f
  } else return 0
  for (let k = 1; k < length; k++) {
    const byte = bytes[i + k]
    if (byte === undefined || byte < (k === 1 ? low : 0x80) || byte > (k === 1 ? high : 0xbf)) return 0
  }
  return length
}

/** The first invalid byte after a BOM. */
function utf8Problem(bytes: Uint8Array, from: number): string {
  const { first } = scanUtf8(bytes, from)
  return `invalid byte ${hex(bytes[first]!)} at ${where(bytes, first)}`
}

function utf16Problem(bytes: Uint8Array, from: number, bigEndian: boolean): string {
  let lines = 1
  for (let i = from; i < bytes.length; i += 2) {
    if (i + 1 === bytes.length) return `it ends in the middle of a character (an odd number of bytes) at ${where(bytes, i, lines)}`
    const unit = bigEndian ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]! | (bytes[i + 1]! << 8)
    if (unit === 0x0a) lines++
    if (unit < 0xd800 || unit > 0xdfff) continue
    const next = bigEndian ? (bytes[i + 2]! << 8) | bytes[i + 3]! : bytes[i + 2]! | (bytes[i + 3]! << 8)
    if (unit <= 0xdbff && i + 3 < bytes.length && next >= 0xdc00 && next <= 0xdfff) {
      i += 2
      continue
    }
    return `a lone surrogate 0x${unit.toString(16).toUpperCase()} at ${where(bytes, i, lines)}`
  }
  return 'it could not be decoded'
}

/**
 * Where the GB18030 decoder gives up. It reports no position, so this finds the shortest prefix it
 * rejects (an unfinished character at the end of a prefix is no error while streaming) and then
 * the start of the character that prefix ends in. Only runs on a file that is about to be refused.
 */
function gb18030Problem(bytes: Uint8Array): string {
  const rejects = (end: number) => {
    try {
      new TextDecoder('gb18030', { fatal: true, ignoreBOM: true }).decode(bytes.subarray(0, end), { stream: true })
      return false
    } catch {
      return true
    }
  }
  if (!rejects(bytes.length)) return `it ends in the middle of a character at ${where(bytes, characterStart(bytes, bytes.length))}`
  let low = 0 // accepted
  let high = bytes.length // rejected
  while (high - low > 1) {
    const mid = (low + high) >>> 1
    if (rejects(mid)) high = mid
    else low = mid
  }
  const start = characterStart(bytes, high - 1)
  const shown = [...bytes.subarray(start, high)].map(hex).join(' ')
  return `invalid ${start === high - 1 ? 'byte' : 'bytes'} ${shown} at ${where(bytes, start)}`
}

/** The last character boundary at or before `end` (a GB18030 character is at most 4 bytes). */
function characterStart(bytes: Uint8Array, end: number): number {
  for (let start = end; start > end - 4 && start > 0; start--) {
    if (strictDecode('gb18030', bytes.subarray(0, start)) !== undefined) return start
  }
  return Math.max(0, end - 3)
}
