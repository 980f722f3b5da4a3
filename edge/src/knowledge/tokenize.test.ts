import { describe, expect, it } from 'vitest'
import { forEachToken, isHanBigram, isHanChar, normalize, tokenize } from './tokenize.ts'

describe('tokenize', () => {
  it('splits a model code from the Chinese around it', () => {
    expect(tokenize('Z7手机')).toEqual(['z7', '手机'])
    expect(tokenize('X5 儿童手表')).toEqual(['x5', '儿童', '童手', '手表'])
  })

  it('keeps a number with its unit and adds the bare number', () => {
    expect(tokenize('256GB')).toEqual(['256gb', '256'])
    expect(tokenize('256g')).toEqual(['256g', '256'])
    expect(tokenize('8GB+256GB')).toEqual(['8gb', '8', '256gb', '256'])
    expect(tokenize('6.7英寸')).toEqual(['6.7', '英寸'])
    expect(tokenize('256')).toEqual(['256'])
  })

  it('normalises full-width letters and digits', () => {
    expect(tokenize('ＸＳ')).toEqual(['xs'])
    expect(tokenize('２５６ＧＢ')).toEqual(['256gb', '256'])
    expect(normalize('Ｚ７ Lite')).toBe('z7 lite')
  })

  it('lower-cases English words and drops stopwords', () => {
    expect(tokenize('oily skin')).toEqual(['oily', 'skin'])
    expect(tokenize('Is this for Oily Skin?')).toEqual(['oily', 'skin'])
  })

  it('keeps a lone Chinese character as itself', () => {
    expect(tokenize('粉')).toEqual(['粉'])
    expect(tokenize('X5 粉')).toEqual(['x5', '粉'])
    expect(isHanChar('粉')).toBe(true)
    expect(isHanChar('x')).toBe(false)
    expect(isHanBigram('手机')).toBe(true)
    expect(isHanBigram('z7')).toBe(false)
  })

  it('ignores punctuation and counts repeats when asked for every token', () => {
    expect(tokenize('「手机」？！…')).toEqual(['手机'])
    const all: string[] = []
    forEachToken('手机 手机 Z7', (t) => all.push(t))
    expect(all).toEqual(['手机', '手机', 'z7'])
  })
})
