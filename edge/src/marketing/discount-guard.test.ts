import { describe, expect, it } from 'vitest'
import { DiscountGuard, readCodes, readDiscounts } from './discount-guard.ts'

const percent20 = { code: 'OILY8', discount: { type: 'percent' as const, value: 20 } }
const minus50 = { code: 'NOW50', discount: { type: 'amount' as const, value: 50 } }

function run(guard: DiscountGuard, pieces: string[]): string {
  return pieces.map((p) => guard.push(p)).join('') + guard.end()
}

describe('discount wording', () => {
  it('reads 折, percent off, 立减 and coupons', () => {
    expect(readDiscounts('现在八折')).toEqual([{ percentOff: 20 }])
    expect(readDiscounts('8.5折')).toEqual([{ percentOff: 15 }])
    expect(readDiscounts('七五折')).toEqual([{ percentOff: 25 }])
    expect(readDiscounts('20% off today')).toEqual([{ percentOff: 20 }])
    expect(readDiscounts('下单立减50')).toEqual([{ amountOff: 50 }])
    expect(readDiscounts('送您50元优惠券')).toEqual([{ amountOff: 50 }])
    expect(readDiscounts('¥50 off your order')).toEqual([{ amountOff: 50 }])
    expect(readDiscounts('九重定位，可折叠，2折叠屏')).toEqual([])
  })
})

describe('DiscountGuard', () => {
  it('keeps the chosen offer and drops an invented one, counting it', () => {
    const guard = new DiscountGuard(percent20)
    const text = run(guard, ['这套现在8', '折。另外全场五折', '，券码 XYZ！欢迎选购。'])
    expect(text).toBe('这套现在8折。另外全场欢迎选购。')
    expect(guard.corrected).toBe(2) // 五折 and its code
  })

  it('with no offer, any discount sentence goes', () => {
    const guard = new DiscountGuard(undefined)
    expect(run(guard, ['好的。今天立减100元！'])).toBe('好的。')
    expect(guard.corrected).toBe(1)
  })

  it('accepts 立减50 and 50元优惠券 for an amount offer', () => {
    const guard = new DiscountGuard(minus50)
    expect(run(guard, ['可领50元优惠券。限时立减50。'])).toBe('可领50元优惠券。限时立减50。')
    expect(guard.corrected).toBe(0)
  })
})

describe('coupon codes', () => {
  it('reads codes after 券码/优惠码/code, not ordinary words', () => {
    expect(readCodes('券码 NOW50，优惠码：SAVE-10，use code HELLO50, the promo code is VIP2026')).toEqual(['NOW50', 'SAVE-10', 'HELLO50', 'VIP2026'])
    expect(readCodes('扫码付款，二维码在页面下方；scan the QR code then pay; code review')).toEqual([])
  })

  it('keeps the chosen offer\'s code and drops a sentence with an invented one, even without a discount', () => {
    const guard = new DiscountGuard(minus50)
    const text = run(guard, ['用券码 NOW50 可立减50。', '老客还可以用优惠码 ', 'VIP888 再享', '好礼！有问题随时问我。'])
    // What streamed before 用 (a code may follow it) is out already; the code and the rest of its sentence go.
    expect(text).toBe('用券码 NOW50 可立减50。老客还可以！有问题随时问我。')
    expect(guard.corrected).toBe(1)
  })

  it('with no offer, any code goes', () => {
    const guard = new DiscountGuard(undefined)
    expect(run(guard, ['Sure. Use code FREESHIP at checkout. Anything else?'])).toBe('Sure. Anything else?')
    expect(guard.corrected).toBe(1)
  })
})

it('streams text that cannot be a discount at once', () => {
  const guard = new DiscountGuard(undefined)
  expect(guard.push('X5 的价格是')).toBe('X5 的价格是')
  expect(guard.push('还在说')).toBe('还在说')
})

describe('offers without numbers or code words', () => {
  it.each([
    ['Enter SAVE90 at checkout. ', 'Enter ', 'SAVE90 at checkout. '],
    ['输入 HUIKE2024 享受优惠。', '输', '入 HUIKE2024 享受优惠。'],
    ['Get 90 percent off today. ', 'Get 9', '0 percent off today. '],
    ['This is half price now. ', 'This is ha', 'lf price now. '],
    ['现在半价。', '现在半', '价。'],
    ['第二件半价。', '第二', '件半价。'],
    ['今天买一送一！', '今天买', '一送一！'],
    ['Buy one get one free! ', 'Bu', 'y one get one free! '],
  ])('drops %s, split over pieces', (_, a, b) => {
    const guard = new DiscountGuard(undefined)
    const shown = [guard.push('Hi。'), guard.push(a), guard.push(b), guard.push('还有问题吗？'), guard.end()]
    // What streamed before the wording is out; the offer and the rest of its sentence go.
    expect(shown.join('')).toMatch(/^Hi。.{0,9}还有问题吗？$/u)
    expect(shown.join('|')).not.toMatch(/SAVE90|HUIKE2024|percent|half|半价|送一|get one/i)
    expect(guard.corrected).toBe(1)
  })

  it('reads them as discounts and codes', () => {
    expect(readCodes('Enter SAVE90 at checkout, 输入 HUIKE2024 享受优惠')).toEqual(['SAVE90', 'HUIKE2024'])
    expect(readDiscounts('half price, 半价, 90 percent off')).toEqual([{ percentOff: 50 }, { percentOff: 50 }, { percentOff: 90 }])
    expect(readDiscounts('第二件半价，买一送一，buy one get one free')).toEqual([{ deal: '第二件半价' }, { deal: '买一送一' }, { deal: 'buy one get one free' }])
  })

  it('leaves product text alone', () => {
    const guard = new DiscountGuard(undefined)
    const text = '使用 USB-C 充电，支持 5G，IP68 防水。You can use IP68 protection and Type-C. Use it for 2 days. 用 X5 打电话，使用 LPDDR5 内存。'
    expect(run(guard, [text.slice(0, 13), text.slice(13, 50), text.slice(50)])).toBe(text)
    expect(guard.corrected).toBe(0)
  })

  it('a half-price offer allows 半价; a deal passes only when the offer says exactly that', () => {
    const half = { code: 'HALF1', discount: { type: 'percent' as const, value: 50 }, title: '第二件半价' }
    const guard = new DiscountGuard(half)
    expect(run(guard, ['现在半价。第二件半价。买一送一。'])).toBe('现在半价。第二件半价。')
    expect(guard.corrected).toBe(1)
  })
})

describe('promotions without numbers or codes', () => {
  it('drops invented gifts, 满减 and outside contacts for coupons; ordinary sentences pass', () => {
    const guard = new DiscountGuard(undefined)
    const text = run(guard, ['X5 支持九重定位。', '现在下单送表带。', '今天有满减活动。', '加微信 shop8888 领券。', '送给孩子很合适。'])
    expect(text).toBe('X5 支持九重定位。送给孩子很合适。')
    expect(guard.corrected).toBe(3)
  })

  it('a gift the offer itself names is allowed', () => {
    const guard = new DiscountGuard({ ...minus50, title: '下单送表带', terms: '赠品数量有限' })
    expect(run(guard, ['下单送表带，赠品数量有限。'])).toBe('下单送表带，赠品数量有限。')
  })
})
