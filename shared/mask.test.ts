import { describe, expect, it } from 'vitest'
import { isLuhnValid, isValidResidentId, maskDeep, maskPII } from './mask.ts'

const VALID_ID = '11010519491231002X'
const ORDER_18 = '202311150123456780' // neither ID-checksum nor Luhn valid
const CARD_16 = '6228480012345671'
const CARD_19 = '6222021234567890128'

describe('maskPII', () => {
  it('masks mainland mobile numbers however they are written', () => {
    expect(maskPII('电话 13812345678')).toBe('电话 138****5678')
    expect(maskPII('电话 138 1234 5678 谢谢')).toBe('电话 138****5678 谢谢')
    expect(maskPII('call 138-1234-5678')).toBe('call 138****5678')
    expect(maskPII('+86 139 1234 5678')).toBe('139****5678')
    expect(maskPII('008613912345678')).toBe('139****5678')
  })

  it('masks landlines but not a date or a price', () => {
    expect(maskPII('座机 010-12345678')).toBe('座机 010-****5678')
    expect(maskPII('(0755)1234567')).toBe('0755-****4567')
    expect(maskPII('2025-03-02 买的，899 元')).toBe('2025-03-02 买的，899 元')
  })

  it('masks e-mail addresses, keeping the first letter and the domain', () => {
    expect(maskPII('邮箱 zhang.san@example.com。')).toBe('邮箱 z***@example.com。')
    expect(maskPII('write to a.b+c@mail.example.co.uk')).toBe('write to a***@mail.example.co.uk')
  })

  it('masks an 18-digit resident ID only when its checksum is valid', () => {
    expect(isValidResidentId(VALID_ID)).toBe(true)
    expect(isValidResidentId(ORDER_18)).toBe(false)
    expect(maskPII(`身份证 ${VALID_ID}`)).toBe('身份证 110***********002X')
    expect(maskPII(`身份证 ${VALID_ID.toLowerCase()}`)).toBe('身份证 110***********002X')
    expect(maskPII(`身份证 110105 19491231 002X`)).toBe('身份证 110***********002X')
    expect(maskPII(`单 ${ORDER_18} 到了吗`)).toBe(`单 ${ORDER_18} 到了吗`)
  })

  it('masks Luhn-valid card numbers of 16–19 digits, grouped or not', () => {
    expect(isLuhnValid(CARD_16)).toBe(true)
    expect(isLuhnValid('6228480012345672')).toBe(false)
    expect(maskPII(`卡号 ${CARD_16}`)).toBe('卡号 6228********5671')
    expect(maskPII('卡号 6228 4800 1234 5671')).toBe('卡号 6228********5671')
    expect(maskPII(`card ${CARD_19}`)).toBe('card 6222***********0128')
    expect(maskPII('卡号 6228480012345672')).toBe('卡号 6228480012345672')
  })

  it('leaves numbers after an order keyword alone, even when they look like a phone or card', () => {
    expect(maskPII('订单号 13812345678')).toBe('订单号 13812345678')
    expect(maskPII(`order #${CARD_16}`)).toBe(`order #${CARD_16}`)
    expect(maskPII('订单号：202311150123，手机 13812345678')).toBe('订单号：202311150123，手机 138****5678')
  })

  it('masks street addresses it can recognise, keeping the street or estate name', () => {
    expect(maskPII('送到北京市朝阳区建国路88号')).toBe('送到北京市朝阳区建国路***')
    expect(maskPII('地址：阳光花园小区3栋2单元501室，谢谢')).toBe('地址：阳光花园小区***，谢谢')
    expect(maskPII('浦东新区世纪大道100号环球金融中心')).toBe('浦东新区世纪大道***环球金融中心')
    expect(maskPII('3号楼2单元1201室')).toBe('***')
    expect(maskPII('ship to 12 Main Street, Springfield')).toBe('ship to *** Main Street, Springfield')
  })

  it('leaves ordinary shopping talk untouched', () => {
    for (const text of ['X5 儿童手表多少钱？', 'Z7 有 8GB+256GB 吗', '3月5号买的', '续航3天，IP68 防水', 'order 123456 bought 2025-03-02', '我要3个']) {
      expect(maskPII(text)).toBe(text)
    }
  })

  it('masks every string inside a value', () => {
    expect(maskDeep({ a: ['13812345678', 3], b: { c: 'x@y.com' }, d: null })).toEqual({ a: ['138****5678', 3], b: { c: 'x***@y.com' }, d: null })
  })

  it('is fast: well under 50 µs for a typical message', () => {
    const messages = [
      '你好，我上个月买的X5手表屏幕裂了，订单号 202311150123，电话 138 1234 5678，地址北京市朝阳区建国路88号',
      'X5 儿童手表多少钱？有粉色吗？',
      'Hi, my email is jane.doe@example.com and my phone is +86 139-1234-5678. Order 123456, bought 2025-03-02.',
      '不好用，我要退货，太失望了',
    ]
    for (let i = 0; i < 2000; i++) for (const m of messages) maskPII(m) // warm up
    const rounds = 5000
    const start = performance.now()
    for (let i = 0; i < rounds; i++) for (const m of messages) maskPII(m)
    const perMessageUs = ((performance.now() - start) * 1000) / (rounds * messages.length)
    console.log(`maskPII: ${perMessageUs.toFixed(2)} µs per message`)
    expect(perMessageUs).toBeLessThan(50)
  })
})
