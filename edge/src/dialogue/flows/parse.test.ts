import { describe, expect, it } from 'vitest'
import type { FlowConfig } from '../../../../shared/config.ts'
import { demoConfig } from '../../testing.ts'
import { CONFIDENT, cuesOf, entryHit, keywordHit, listPieces, readSlots, slotNamed, type ReadOptions } from './parse.ts'
import { rangeOf } from './match.ts'

const flow = (id: string): FlowConfig => demoConfig.flows.find((f) => f.id === id)!
const gift = flow('gift-watch')
const kids = flow('kids-watch')
const skincare = flow('skincare')

function read(text: string, f: FlowConfig = gift, o: Partial<ReadOptions> = {}) {
  const fills = readSlots(text, f, { before: {}, change: false, ...o })
  return Object.fromEntries(fills.map((x) => [x.slot.id, { value: x.value, sure: x.confidence >= CONFIDENT }]))
}

describe('money slots', () => {
  it.each([
    ['500以内', { max: 500 }],
    ['两千左右', { around: 2000, min: 1600, max: 2400 }],
    ['1k-2k', { min: 1000, max: 2000 }],
    ['under $300', { max: 300 }],
    ['不超过三千', { max: 3000 }],
    ['预算3000', { max: 3000 }],
    ['around 1500', { around: 1500, min: 1200, max: 1800 }],
  ])('reads "%s" as a sure budget', (text, budget) => {
    expect(read(text).budget).toEqual({ value: budget, sure: true })
  })

  it('takes a bare amount as "about that much", unsure', () => {
    expect(read('两千').budget).toEqual({ value: { around: 2000, min: 1600, max: 2400 }, sure: false })
    expect(read('给女朋友买，2000，简约一点').budget?.sure).toBe(false)
  })

  it('reads a named budget change as sure, keeping the kind of budget given before', () => {
    expect(read('预算改成三千', gift, { change: true, before: { budget: { max: 2000 } } }).budget).toEqual({ value: { max: 3000 }, sure: true })
    expect(read('改成三千吧', gift, { change: true, before: { budget: { around: 2000, min: 1600, max: 2400 } } }).budget).toEqual({
      value: { around: 3000, min: 2400, max: 3600 },
      sure: true,
    })
  })

  it('does not read model names, ages or specs as money', () => {
    expect(read('X5 和 IP68 的那款').budget).toBeUndefined()
    expect(read('孩子8岁', kids).budget).toBeUndefined()
    expect(read('4G视频通话', kids).budget).toBeUndefined()
  })
})

describe('enum slots', () => {
  it('fills several slots from one message by their synonyms', () => {
    expect(read('给女朋友买，两千左右，简约一点')).toEqual({
      recipient: { value: '女士', sure: true },
      style: { value: '简约', sure: true },
      budget: { value: { around: 2000, min: 1600, max: 2400 }, sure: true },
    })
    expect(read('for my dad, something sporty').recipient).toEqual({ value: '男士', sure: true })
  })

  it('takes the last of conflicting answers and ignores a ruled-out one', () => {
    expect(read('女朋友，哦不，送老爸').recipient?.value).toBe('男士')
    expect(read('不要运动的，要简约').style?.value).toBe('简约')
  })

  it('matches a near miss only as the answer to its question, and unsure', () => {
    expect(read('简洁', gift, { asked: 'style' }).style).toEqual({ value: '简约', sure: false })
    expect(read('minimalistic', gift, { asked: 'style' }).style?.sure).toBe(false)
    expect(read('girlfreind', gift, { asked: 'recipient' }).recipient).toEqual({ value: '女士', sure: false })
    expect(read('简洁', gift, { asked: 'budget' }).style).toBeUndefined()
    // "朋友" is as near to 女朋友 as to 男朋友: no answer rather than a coin toss.
    expect(read('朋友', gift, { asked: 'recipient' }).recipient).toBeUndefined()
  })

  it('collects several answers for a slot that takes several', () => {
    expect(read('定位和防水，最好能视频', kids).features?.value).toEqual(['定位', '防水', '视频通话'])
  })

  it('fills every named option of a slot of several, whatever joins them', () => {
    const asked = { asked: 'features' }
    expect(read('定位和通话', kids, asked).features).toEqual({ value: ['定位', '视频通话'], sure: true })
    expect(read('定位和通话', kids).features).toEqual({ value: ['定位', '视频通话'], sure: true })
    expect(read('要定位、视频通话和防水', kids, asked).features).toEqual({ value: ['定位', '视频通话', '防水'], sure: true })
    expect(read('定位以及防水', kids, asked).features?.value).toEqual(['定位', '防水'])
    expect(read('定位还有上课模式', kids, asked).features?.value).toEqual(['定位', '学习'])
    expect(read('定位,防水', kids, asked).features?.value).toEqual(['定位', '防水'])
    expect(read('GPS, video calls and waterproof', kids, asked).features?.value).toEqual(['定位', '视频通话', '防水'])
    expect(read('能打电话，还要能游泳', kids, asked).features?.value).toEqual(['视频通话', '防水'])
  })

  it('adds a near miss in a list of answers as a guess, to be confirmed', () => {
    expect(read('定位还有视屏', kids, { asked: 'features' }).features).toEqual({ value: ['定位', '视频通话'], sure: false })
    expect(read('定位，不要视屏', kids, { asked: 'features' }).features).toEqual({ value: ['定位'], sure: true })
    expect(read('定位还有视屏', kids).features).toEqual({ value: ['定位'], sure: true })
  })

  it('splits a list answer on 和、，以及 还有 and', () => {
    expect(listPieces('定位和通话').map((p) => p.text)).toEqual(['定位', '通话'])
    expect(listPieces('定位、视频以及防水，还有 学习').map((p) => p.text)).toEqual(['定位', '视频', '防水', '学习'])
    expect(listPieces('gps and video, waterproof').map((p) => p.text)).toEqual(['gps', 'video', 'waterproof'])
    const text = '定位 和 视屏'
    expect(listPieces(text).map((p) => text.slice(p.start, p.end))).toEqual(['定位', '视屏'])
  })
})

describe('number slots', () => {
  it('reads an age with its unit anywhere, a bare number only as the answer', () => {
    expect(read('孩子今年7岁了', kids).age).toEqual({ value: 7, sure: true })
    expect(read('he is 10 years old', kids).age).toEqual({ value: 10, sure: true })
    expect(read('八岁', kids).age?.value).toBe(8)
    expect(read('6', kids, { asked: 'age' }).age).toEqual({ value: 6, sure: true })
    expect(read('6', kids).age).toBeUndefined()
    expect(read('40岁', kids).age).toBeUndefined() // outside min/max
  })

  it('reads the ranges products declare', () => {
    expect(rangeOf('4-12岁')).toEqual([4, 12])
    expect(rangeOf('3岁以上')).toEqual([3, Number.POSITIVE_INFINITY])
    expect(rangeOf('12岁以下')).toEqual([Number.NEGATIVE_INFINITY, 12])
  })
})

describe('conversation cues', () => {
  it('tells skip, yes, no, change, start over and carry on apart', () => {
    expect(cuesOf('跳过').skip).toBe(true)
    expect(cuesOf('都可以吧').skip).toBe(true)
    expect(cuesOf('随便').skip).toBe(true)
    expect(cuesOf("doesn't matter").skip).toBe(true)
    expect(cuesOf('是的').yes).toBe(true)
    expect(cuesOf('对，没错').yes).toBe(true)
    expect(cuesOf('改一下').no).toBe(true)
    expect(cuesOf('换成送男朋友').change).toBe(true)
    expect(cuesOf('重新挑选').restart).toBe(true)
    expect(cuesOf('继续').resume).toBe(true)
    expect(cuesOf('X5 防水吗').question).toBe(true)
    expect(cuesOf('女朋友').question).toBe(false)
  })

  it('finds the slot a visitor wants to change without a new answer', () => {
    expect(slotNamed('换个预算', gift)?.id).toBe('budget')
    expect(slotNamed('风格改一下', gift)?.id).toBe('style')
  })

  it('starts on its keywords, "a+b" keyword pairs and its quick reply', () => {
    expect(keywordHit('我想送个礼物', gift)).toBe(true)
    expect(keywordHit('looking for a present', gift)).toBe(true)
    expect(keywordHit('presentation', gift)).toBe(false)
    expect(keywordHit('给孩子买手表，哪款好', kids)).toBe(true)
    expect(keywordHit('推荐一款500以内的儿童手表', kids)).toBe(false)
    expect(keywordHit('儿童手表多少钱', kids)).toBe(false)
    expect(entryHit('帮我挑一份礼物', gift)).toBe(true)
    expect(entryHit('Help me choose a gift', gift)).toBe(true)
  })

  it('starts the skincare flow on a request to recommend or buy skincare, not on a product question', () => {
    for (const text of ['有什么护肤品推荐', '我想买护肤品', '帮我挑护肤品', '买点护肤品', '护肤品哪款好', 'can you recommend some skincare?', 'I want to buy skin care']) {
      expect(keywordHit(text, skincare) || entryHit(text, skincare), text).toBe(true)
    }
    expect(keywordHit('护肤品有什么推荐吗', skincare)).toBe(true)
    // "推荐护肤品" asks to see the products: the product knowledge lists them (chat-knowledge.test.ts).
    for (const text of ['推荐护肤品', '护肤品多少钱', '100元以下的护肤品', '护肤品怎么退货', 'skincare prices']) {
      expect(keywordHit(text, skincare), text).toBe(false)
    }
  })
})

describe('a budget in another currency', () => {
  it('is not read as a budget in the shop\'s currency (no exchange rates)', async () => {
    const { demoConfig } = await import('../../testing.ts')
    const gift = demoConfig.flows.find((f) => f.id === 'gift-watch')!
    const read = (text: string, currency?: string) => readSlots(text, gift, { asked: 'budget', before: {}, change: false, currency }).filter((f) => f.slot.type === 'money')
    expect(read('around $300', 'CNY')).toEqual([])
    expect(read('300美元以内', 'CNY')).toEqual([])
    expect(read('300元以内', 'CNY')).toHaveLength(1)
    expect(read('around $300', 'USD')).toHaveLength(1)
  })
})
