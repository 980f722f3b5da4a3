import { describe, expect, it } from 'vitest'
import { Vocabulary } from './knowledge/synonyms.ts'
import { productQuestions } from './suggestions.ts'
import { demoCatalog, demoConfig } from './testing.ts'

const vocabulary = Vocabulary.of(demoConfig)

describe('product questions', () => {
  it('joins a Chinese short name to the question without a stray space ("R1口红有哪些颜色？"), a Latin one with it', () => {
    const lipstick = productQuestions(demoCatalog.get('lipstick-r1')!, 'zh-CN', vocabulary, 10)
    expect(lipstick).toContain('R1口红有哪些颜色？')
    expect(lipstick.every((q) => !/\p{Script=Han} \p{Script=Han}/u.test(q))).toBe(true)
    expect(productQuestions(demoCatalog.get('z7')!, 'zh-CN', vocabulary)[0]).toBe('Z7 多少钱？')
  })

  it('asks nothing about a rival\'s product', () => {
    expect(productQuestions(demoCatalog.get('rival-k9')!, 'zh-CN', vocabulary)).toEqual([])
  })
})
