import { describe, expect, it } from 'vitest'
import { pendingAmountStart } from './amounts.ts'
import { PriceGuard } from './price-guard.ts'

const x5 = { price: 899, currency: 'CNY' }
const known = [{ value: 899, currency: 'CNY' }, { value: 59, currency: 'CNY' }]

/** Feeds the chunks one by one; returns what the visitor would see after each, and in total. */
function stream(guard: PriceGuard, chunks: string[]): { shown: string[]; text: string } {
  const shown = chunks.map((c) => guard.push(c))
  shown.push(guard.end())
  return { shown, text: shown.join('') }
}

describe('PriceGuard with a product in focus', () => {
  it('never shows an invented amount split over chunks, and replaces it with the catalog price', () => {
    const guard = new PriceGuard({ known, focus: x5 })
    const { shown, text } = stream(guard, ['X5 现在只要', '¥1', '29', '9', '，很划算。'])
    expect(text).toBe('X5 现在只要¥899，很划算。')
    expect(shown.join('|')).not.toMatch(/1299|¥1\b|129/)
    expect(guard.corrected).toBe(1)
  })

  it('leaves catalog amounts untouched and does not count them', () => {
    const guard = new PriceGuard({ known, focus: x5 })
    expect(stream(guard, ['X5 售价 ¥8', '99，表带 59', '元。']).text).toBe('X5 售价 ¥899，表带 59元。')
    expect(guard.corrected).toBe(0)
  })

  it.each([
    ['￥1,299', '￥899'],
    ['1299元', '899元'],
    ['1299块', '899块'],
    ['RMB 1299', 'RMB 899'],
    ['¥1299.00', '¥899.00'],
    ['$59', '¥899'], // a dollar amount for a yuan product: the catalog's own format
    ['59 dollars', '¥899'],
  ])('rewrites %s as %s', (written, fixed) => {
    const guard = new PriceGuard({ known, focus: x5 })
    expect(stream(guard, [`价格是${written}。`]).text).toBe(`价格是${fixed}。`)
    expect(guard.corrected).toBe(1)
  })

  it('passes numbers that are not money, and discounts', () => {
    const guard = new PriceGuard({ known, focus: { price: 3299, currency: 'CNY' } })
    const text = 'Z7 有 8GB+256GB，5000mAh 电池，67W 快充，重 198g，现在八折，20% off。'
    expect(stream(guard, [text.slice(0, 9), text.slice(9, 20), text.slice(20)]).text).toBe(text)
    expect(guard.corrected).toBe(0)
  })

  it('streams ordinary text at once, holding back only what may become an amount', () => {
    const guard = new PriceGuard({ known, focus: x5 })
    expect(guard.push('X5 支持视频通话，')).toBe('X5 支持视频通话，')
    expect(guard.push('售价 ¥')).toBe('售价 ')
    expect(guard.push('899。')).toBe('¥899。')
  })
})

describe('PriceGuard without a product in focus', () => {
  it('drops the sentence with an unknown amount and keeps the others', () => {
    const guard = new PriceGuard({ known })
    const { text } = stream(guard, ['这两款都不错。', '其中一款只要 ¥', '1 元！', 'X5 售价 ¥899。'])
    expect(text).toBe('这两款都不错。X5 售价 ¥899。')
    expect(guard.corrected).toBe(1)
  })
})

describe('pendingAmountStart', () => {
  it('holds a currency sign, digits, or a word that may be a currency, but not a model code', () => {
    expect(pendingAmountStart('价格 ¥12')).toBe(3)
    expect(pendingAmountStart('about RM')).toBe(6)
    expect(pendingAmountStart('售价 1299')).toBe(3)
    expect(pendingAmountStart('我推荐 Z7')).toBe(6)
    expect(pendingAmountStart('four')).toBe(4)
  })
})

describe('PriceGuard: amounts not written in ASCII', () => {
  const focus = { id: 'x5', name: 'X5 儿童智能手表', aliases: [], price: 899, currency: 'CNY' }
  it.each([
    [['X5 现在只要九', '十九元。'], 'X5 现在只要899元。'],
    [['X5 现在只要', '９９元。'], 'X5 现在只要899元。'],
    [['X5 现在只要1', '千元。'], 'X5 现在只要899元。'],
    [['X5 只要两千', '块钱！'], 'X5 只要899块钱！'],
  ])('reads %j', (pieces, fixed) => {
    const guard = new PriceGuard({ known, focus })
    const { shown, text } = stream(guard, pieces)
    expect(text).toBe(fixed)
    expect(shown.join('|')).not.toMatch(/九十九|９９|1千|两千/)
    expect(guard.corrected).toBe(1)
  })

  it('checks Chinese amounts without a focus product too, and passes known ones and non-money', () => {
    const guard = new PriceGuard({ known })
    expect(stream(guard, ['表带五十九元。', '另一款九十九元。', '送三块表带，八百九十九元。']).text).toBe('表带五十九元。送三块表带，八百九十九元。')
    expect(guard.corrected).toBe(1)
  })
})

describe('PriceGuard: only the focus product\'s own sentences get its price', () => {
  const focus = { id: 'x5', name: 'X5 儿童智能手表', aliases: [], price: 899, currency: 'CNY' }
  it('drops an unknown amount in a sentence about another product', () => {
    const guard = new PriceGuard({ known: [...known, { value: 1299, currency: 'CNY' }], focus })
    const { text } = stream(guard, ['X5 售价 ¥899。', 'Y', '1 售价 ¥1299，Z9 售价 ¥', '5。', '欢迎选购。'])
    expect(text).toBe('X5 售价 ¥899。欢迎选购。')
    expect(guard.corrected).toBe(1)
  })

  it('drops an earlier price instead of making it the catalog one', () => {
    const guard = new PriceGuard({ known, focus })
    const { text } = stream(guard, ['X5 原价 1', '299 元，现在 899 元。', '很划算。'])
    expect(text).not.toContain('1299')
    expect(text).not.toMatch(/原价 899/)
    expect(text).toContain('很划算。')
    expect(guard.corrected).toBe(1)
  })

  it('notices another product after the amount, and uses a namesOther test when given', () => {
    const guard = new PriceGuard({ known, focus, namesOther: (t) => t.includes('面霜') })
    expect(stream(guard, ['只要 ¥99 就能买到', '面霜。', '你好。']).text).toBe('只要 。你好。')
    expect(guard.corrected).toBe(1)
  })
})
