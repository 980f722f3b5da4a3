import { describe, expect, it } from 'vitest'
import { chineseNumber, parseBudget } from './budget.ts'

describe('parseBudget', () => {
  it.each([
    ['推荐一款500以内的儿童手表', { max: 500 }],
    ['500元以下的耳机', { max: 500 }],
    ['不超过两千的手表', { max: 2000 }],
    ['预算2000', { max: 2000 }],
    ['两千左右的手机', { around: 2000, min: 1600, max: 2400 }],
    ['1k-2k 的手表有哪些', { min: 1000, max: 2000 }],
    ['300到500的儿童手表', { min: 300, max: 500 }],
    ['oily skin cleanser under 100', { max: 100 }],
    ['a phone below $300', { max: 300 }],
    ['watches from 300 to 500', { min: 300, max: 500 }],
    ['一千五以上的', { min: 1500 }],
  ])('%s', (question, budget) => {
    expect(parseBudget(question)).toEqual(budget)
  })

  it('does not read model codes, memory, weights or ages as money', () => {
    for (const q of ['X5 多少钱', 'Z7 内存 8GB+256GB', '35g 重吗', '适合4-12岁', '续航3天以上', '推荐一款手表']) {
      expect(parseBudget(q)).toBeUndefined()
    }
  })
})

describe('chineseNumber', () => {
  it('reads the numerals people write budgets in', () => {
    expect([chineseNumber('两千'), chineseNumber('一千五'), chineseNumber('三百五十'), chineseNumber('两万'), chineseNumber('五百')]).toEqual([2000, 1500, 350, 20000, 500])
  })
})
