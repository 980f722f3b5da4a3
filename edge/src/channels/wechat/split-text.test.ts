import { describe, expect, it } from 'vitest'
import { splitForWechat } from './split-text.ts'

const bytes = (text: string) => new TextEncoder().encode(text).length

/** Every piece fits, none is empty or padded, none ends in a high surrogate, and nothing but whitespace is lost. */
function expectSound(text: string, pieces: string[], maxBytes: number): void {
  for (const piece of pieces) {
    expect(bytes(piece)).toBeLessThanOrEqual(maxBytes)
    expect(piece).not.toBe('')
    expect(piece).toBe(piece.trim())
    expect(piece).not.toMatch(/[\uD800-\uDBFF]$/)
    expect(piece).not.toMatch(/^[\uDC00-\uDFFF]/)
    expect(new TextDecoder().decode(new TextEncoder().encode(piece))).toBe(piece)
  }
  expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''))
}

describe('splitForWechat', () => {
  it('keeps a short reply whole, trimmed, and gives nothing for blank text', () => {
    expect(splitForWechat('  你好！  ')).toEqual(['你好！'])
    expect(splitForWechat('')).toEqual([])
    expect(splitForWechat(' \n\t ')).toEqual([])
  })

  it('keeps a reply of exactly the limit whole', () => {
    const text = '中'.repeat(666) + 'ab' // 1998 + 2 bytes
    expect(splitForWechat(text)).toEqual([text])
    expect(splitForWechat(text + 'c')).toHaveLength(2)
  })

  it('splits Chinese text into pieces of at most 2,048 bytes, at sentence ends', () => {
    const sentence = '这款儿童手表支持定位、通话和防水功能，续航约三天。'
    const text = sentence.repeat(100)
    const pieces = splitForWechat(text, 2048)
    expectSound(text, pieces, 2048)
    expect(pieces.length).toBeGreaterThan(1)
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('。')).toBe(true)
  })

  it('prefers a paragraph break to a line break to a sentence end', () => {
    const paragraph = '第一段。' + '很长的内容。'.repeat(60)
    const text = `${paragraph}\n\n${'第二段第一行。'.repeat(40)}\n${'第二段第二行。'.repeat(40)}`
    const pieces = splitForWechat(text, 1500)
    expectSound(text, pieces, 1500)
    expect(pieces[0]).toBe(paragraph)
    expect(pieces[1]!.startsWith('第二段第一行')).toBe(true)
    // The second paragraph, too long for one message, is cut at its line break.
    expect(pieces[1]!.endsWith('第二段第一行。')).toBe(true)
  })

  it('does not take a break so early that it leaves a tiny message', () => {
    const text = '好的。\n\n' + '详细说明'.repeat(300)
    const pieces = splitForWechat(text, 2000)
    expectSound(text, pieces, 2000)
    expect(bytes(pieces[0]!)).toBeGreaterThan(1000)
  })

  it('ends English sentences only before a space, so numbers and links stay whole', () => {
    const text = 'Price is 3.5 dollars, see www.example.com for details! '.repeat(60)
    const pieces = splitForWechat(text, 500)
    expectSound(text, pieces, 500)
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('details!')).toBe(true)
  })

  it('keeps closing quotes with their sentence', () => {
    const text = '他说：“这个很好用。”'.repeat(100)
    const pieces = splitForWechat(text, 600)
    expectSound(text, pieces, 600)
    for (const piece of pieces.slice(0, -1)) expect(piece.endsWith('。”')).toBe(true)
  })

  it('cuts text with no break anywhere at a character boundary, never inside a surrogate pair', () => {
    for (const max of [4, 5, 6, 7, 2000, 2047, 2048]) {
      const text = '😀'.repeat(max < 100 ? 100 : 1500) // up to 6,000 bytes of 4-byte characters
      const pieces = splitForWechat(text, max)
      expectSound(text, pieces, max)
      for (const piece of pieces) expect(piece.length % 2).toBe(0)
    }
    for (const max of [4, 9, 10, 11, 2048]) {
      const mixed = 'a中😀é'.repeat(max < 100 ? 100 : 700)
      expectSound(mixed, splitForWechat(mixed, max), max)
    }
  })

  it('fills each piece: a run with no break gets cut at the limit', () => {
    const text = '中'.repeat(1000) // 3,000 bytes
    expect(splitForWechat(text, 2048).map(bytes)).toEqual([2046, 954])
  })

  it('does not part an emoji from its joiner, variation selector or skin tone when it can help it', () => {
    const family = '👨\u200D👩\u200D👧' // 3 × 4 bytes + 2 × 3 bytes = 18 bytes
    const text = family.repeat(200)
    for (const piece of splitForWechat(text, 100)) {
      expect(piece.startsWith('👨')).toBe(true)
      expect(piece.endsWith('👧')).toBe(true)
    }
    const thumbs = '👍🏽'.repeat(100) // 8 bytes each
    for (const piece of splitForWechat(thumbs, 50)) expect(piece).toMatch(/^(👍🏽)+$/)
    const heart = '❤️'.repeat(100) // 6 bytes each
    for (const piece of splitForWechat(heart, 40)) expect(piece).toMatch(/^(❤️)+$/)
  })

  it('does not start a piece with closing punctuation when it can help it', () => {
    const text = '一二三四五六七八九十。'.repeat(50)
    const pieces = splitForWechat(text, 16) // 5 characters a piece at most: no sentence end ever fits whole
    expectSound(text, pieces, 16)
    for (const piece of pieces) expect(piece).not.toMatch(/^[。，]/)
  })

  it('counts a lone surrogate as the 3 bytes it is sent as', () => {
    const text = '\uD800'.repeat(10)
    const pieces = splitForWechat(text, 6)
    expect(pieces).toHaveLength(5)
    for (const piece of pieces) expect(bytes(piece)).toBeLessThanOrEqual(6)
  })

  it('refuses a limit too small for one character', () => {
    expect(() => splitForWechat('x', 3)).toThrow(RangeError)
    expect(() => splitForWechat('x', 2.5)).toThrow(RangeError)
  })
})
