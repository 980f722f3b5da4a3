import { describe, expect, it } from 'vitest'
import demoRecords from '../../../demo/catalog.json'
import { type ProductInput, ProductSchema } from '../../../shared/catalog.ts'
import { Catalog } from '../knowledge/catalog.ts'
import { pendingAmountStart } from './amounts.ts'
import { PriceGuard, type PriceGuardOptions } from './price-guard.ts'

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

// A shop of another trade: outdoor gear. The jacket costs what the demo's X5 does (899).
const gear = (fields: Partial<ProductInput> & Pick<ProductInput, 'id' | 'name' | 'price'>) => ProductSchema.parse(fields)
const outdoor = new Catalog([
  gear({ id: 'yd2', name: '云顶2帐篷', aliases: ['云顶2'], price: 1299, category: '帐篷', tags: ['帐篷', '双人'] }),
  gear({ id: 'pack40', name: '行者40L背包', aliases: ['行者40L'], price: 599, category: '背包', tags: ['背包', '徒步'] }),
  gear({ id: 'k5', name: '焰火K5卡式炉', aliases: ['K5', '焰火K5'], price: 199, category: '炉具', tags: ['炉具', '卡式炉'] }),
  gear({ id: 'jacket', name: '风行冲锋衣', aliases: ['风行'], price: 899, category: '冲锋衣', tags: ['冲锋衣', '防水'] }),
  gear({ id: 'gas', name: '高山气罐', price: 35, category: '燃料', tags: ['气罐'] }),
])
const demo = new Catalog(demoRecords.map((r) => ProductSchema.parse(r)))

/** A guard as the chat builds it: the products given to the model are `known`; `focus` the one the answer is about. */
function guardOf(catalog: Catalog, focus: string | undefined, given: string[], extra: Partial<PriceGuardOptions> = {}): () => PriceGuard {
  const known = given.map((id) => ({ value: catalog.get(id)!.price, currency: catalog.get(id)!.currency }))
  return () => new PriceGuard({ known, focus: focus ? catalog.get(focus) : undefined, catalog, ...extra })
}

/** The model's text in pieces of 1, 2, 3, 1, 2, 3… characters, as a slow stream brings it. */
function smallPieces(text: string): string[] {
  const out: string[] = []
  for (let i = 0, n = 1; i < text.length; i += n, n = (n % 3) + 1) out.push(text.slice(i, i + n))
  return out
}

/** What the visitor sees of `text`, checked to be the same in one chunk and in small pieces. */
function guarded(make: () => PriceGuard, text: string): { text: string; corrected: number } {
  const whole = make()
  const once = stream(whole, [text]).text
  const piecewise = make()
  expect(stream(piecewise, smallPieces(text)).text, 'streamed in small pieces').toBe(once)
  expect(piecewise.corrected).toBe(whole.corrected)
  return { text: once, corrected: whole.corrected }
}

describe('PriceGuard: a price belongs to the product its sentence names (another trade: outdoor gear)', () => {
  const aboutTent = guardOf(outdoor, 'yd2', ['yd2'])
  const aboutJacket = guardOf(outdoor, 'jacket', ['jacket', 'pack40', 'k5'])

  it('passes a product’s own price, given to the model or only named', () => {
    expect(guarded(aboutTent, '云顶2帐篷售价1299元，双人三季。')).toEqual({ text: '云顶2帐篷售价1299元，双人三季。', corrected: 0 })
    expect(guarded(aboutJacket, '风行冲锋衣 ¥899。搭配云顶2帐篷（¥1299）也不错。')).toEqual({ text: '风行冲锋衣 ¥899。搭配云顶2帐篷（¥1299）也不错。', corrected: 0 })
  })

  it('gives a wrong amount for a named product that product’s price, not the focus product’s', () => {
    expect(guarded(aboutJacket, '行者40L背包只要 ¥1299，很能装。')).toEqual({ text: '行者40L背包只要 ¥599，很能装。', corrected: 1 })
    expect(guarded(aboutTent, '云顶2帐篷现在只要九百九十九元！')).toEqual({ text: '云顶2帐篷现在只要1299元！', corrected: 1 })
  })

  it('corrects a true price of another product (A’s price on B) to B’s', () => {
    // 599 is the backpack's price, given to the model: it still is not the stove's.
    expect(guarded(aboutJacket, '焰火K5卡式炉售价 599 元。')).toEqual({ text: '焰火K5卡式炉售价 199 元。', corrected: 1 })
    expect(guarded(guardOf(demo, 'z7-lite', ['z7', 'z7-lite']), 'Z7 Lite 售价 ¥3299。').text).toBe('Z7 Lite 售价 ¥1999。')
  })

  it('gives the issue’s case the tent’s price: never 899, the focus jacket’s, on the tent', () => {
    const aboutJacketOnly = guardOf(outdoor, 'jacket', ['jacket'])
    expect(guarded(aboutJacketOnly, '好的，云顶2帐篷售价1099元。')).toEqual({ text: '好的，云顶2帐篷售价1299元。', corrected: 1 })
    expect(guarded(aboutJacketOnly, '好的，云顶2帐篷售价899元。')).toEqual({ text: '好的，云顶2帐篷售价1299元。', corrected: 1 })
  })

  it('puts no price into a sentence about a product the shop doesn’t sell', () => {
    const aboutJacketOnly = guardOf(outdoor, 'jacket', ['jacket'])
    // A model code we don't have: the sentence goes from it on.
    expect(guarded(aboutJacketOnly, '好的，X9 帐篷售价 ¥1299。风行冲锋衣售价 ¥899。')).toEqual({ text: '好的。风行冲锋衣售价 ¥899。', corrected: 1 })
    // A Chinese model name we don't have, another brand: its price phrase goes, even the focus price.
    for (const text of ['雪峰3帐篷售价 ¥999。', '雪峰3帐篷售价 ¥899。', '小米手环只要 ¥899。']) {
      const shown = guarded(aboutJacketOnly, `${text}风行冲锋衣售价 ¥899。`)
      expect(shown.text).not.toMatch(/¥999|¥899.*风行/u)
      expect(shown.text).toMatch(/。风行冲锋衣售价 ¥899。$/u)
      expect(shown.corrected).toBe(1)
    }
  })

  it('with the demo catalog, the issue’s exact words never get the X5’s 899', () => {
    const aboutX5 = guardOf(demo, 'x5', ['x5'])
    for (const text of ['好的，云顶2帐篷售价1299元。X5 售价 ¥899。', '好的，云顶2帐篷售价899元。X5 售价 ¥899。']) {
      expect(guarded(aboutX5, text)).toEqual({ text: '好的，云顶2帐篷。X5 售价 ¥899。', corrected: 1 })
    }
  })

  it('lets two named products keep their own prices, and drops an amount that is neither’s', () => {
    const both = guardOf(outdoor, 'yd2', ['yd2', 'k5'])
    expect(guarded(both, '云顶2帐篷 ¥1299，焰火K5卡式炉 ¥199。')).toEqual({ text: '云顶2帐篷 ¥1299，焰火K5卡式炉 ¥199。', corrected: 0 })
    const shown = guarded(both, '云顶2帐篷 ¥1299，焰火K5卡式炉 ¥299。还有问题吗？')
    expect(shown.text).toMatch(/^云顶2帐篷 ¥1299，焰火K5卡式炉。还有问题吗？$/u)
    expect(shown.corrected).toBe(1)
  })

  it('reads 它/这款 as the focus product, and a clause with its own subject as not the named product’s', () => {
    const aboutJacket = guardOf(outdoor, 'jacket', ['jacket', 'gas'])
    expect(guarded(aboutJacket, '它只要 ¥999，很防水。').text).toBe('它只要 ¥899，很防水。')
    expect(guarded(aboutJacket, '这款冲锋衣只要 ¥999。').text).toBe('这款冲锋衣只要 ¥899。')
    // "它" beside another product: whose price is unclear, so a price that is not the stove's goes.
    expect(guarded(aboutJacket, '焰火K5卡式炉很好用，它只要 ¥899。').text).not.toContain('899')
    // The gas canister's true price stays; a made-up one for a pole we don't sell is not made the jacket's.
    expect(guarded(aboutJacket, '风行冲锋衣售价 ¥899，气罐 35元。')).toEqual({ text: '风行冲锋衣售价 ¥899，气罐 35元。', corrected: 0 })
    expect(guarded(aboutJacket, '风行冲锋衣售价 ¥899，登山杖 99元。').text).not.toMatch(/登山杖 \S*\d/u)
  })

  it('drops an earlier price of a named product rather than making it today’s', () => {
    const shown = guarded(guardOf(outdoor, 'jacket', ['jacket']), '云顶2帐篷原价 1599 元，现在 1299 元。好的。')
    expect(shown.text).not.toMatch(/1599|原价 1299/u)
    expect(shown.text).toMatch(/好的。$/u)
  })

  it('lets offer and budget amounts (`always`) through in any sentence', () => {
    const withOffer = guardOf(outdoor, 'jacket', ['jacket'], { always: [{ value: 50, currency: 'CNY' }] })
    expect(guarded(withOffer, '风行冲锋衣立减 50 元，到手 ¥899。')).toEqual({ text: '风行冲锋衣立减 50 元，到手 ¥899。', corrected: 0 })
  })

  it('without a product in focus, drops a wrong sentence and keeps the right ones (also after a focus-mode guard ran)', () => {
    // A focus-mode guard leaves the shared sentence-end pattern's lastIndex past where the next text's first sentence ends.
    stream(new PriceGuard({ known, focus: x5 }), ['X5 很好，适合上学的孩子每天戴着，家长也放心。'])
    const noFocus = guardOf(outdoor, undefined, ['jacket', 'yd2'])
    expect(guarded(noFocus, '云顶2帐篷售价 ¥1099。风行冲锋衣售价 ¥899。')).toEqual({ text: '风行冲锋衣售价 ¥899。', corrected: 1 })
    expect(guarded(noFocus, '云顶2帐篷售价 ¥899。').text).toBe('')
  })

  it('streams a named product’s own price at once; holds another amount with the rest of its sentence', () => {
    const guard = aboutTent()
    expect(guard.push('云顶2帐篷售价 ¥1299')).toBe('云顶2帐篷售价 ')
    expect(guard.push('，很轻')).toBe('¥1299，很轻')
    // A comma waits for what follows it (it goes if that clause goes), nothing else.
    expect(guard.push('，')).toBe('')
    expect(guard.push('适合徒步。')).toBe('，适合徒步。')
    expect(guard.push('价格是 ¥999')).toBe('价格是 ')
    expect(guard.push('，很划算')).toBe('')
    expect(guard.push('。')).toBe('¥1299，很划算。')
    expect(guard.corrected).toBe(1)
  })
})
