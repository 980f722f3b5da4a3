import { describe, expect, it } from 'vitest'
import { demoCatalog } from '../testing.ts'
import { parseConstraints, recipientOf } from './constraints.ts'
import { analyzeQuestion } from './question.ts'
import { DEFAULT_VOCABULARY, Vocabulary, wordsPattern } from './synonyms.ts'

const keysAsked = (question: string, vocabulary = DEFAULT_VOCABULARY) => vocabulary.attributeHits(question).map((h) => h.entry.keys[0])

describe('the vocabulary', () => {
  it('maps visitors\' words to catalog attributes, in Chinese and English', () => {
    expect(keysAsked('X5 多重')).toEqual(['重量'])
    expect(keysAsked('how heavy is it')).toEqual(['重量'])
    expect(keysAsked('下雨天能戴吗')).toEqual(['防水指数'])
    expect(keysAsked('Z7多少钱')).toEqual(['price'])
    expect(keysAsked('内存多大')).toEqual(['内存'])
  })

  it('matches Latin words whole (plurals too), Chinese words anywhere', () => {
    const pattern = wordsPattern(['ram', 'colour', '颜色'])
    expect('program'.match(pattern)).toBeNull()
    expect('which colours?'.match(pattern)?.[0]).toBe('colours')
    expect('Z7的ram多大'.match(pattern)?.[0]).toBe('ram')
    expect('有什么颜色'.match(pattern)?.[0]).toBe('颜色')
  })

  it('lets a site add an attribute and replace a built-in entry by key', () => {
    const site = new Vocabulary({ attributes: [{ key: '机芯', also: [], synonyms: ['movement'] }, { key: '重量', also: [], synonyms: ['几斤'] }], terms: [] })
    expect(keysAsked('what movement', site)).toEqual(['机芯'])
    expect(keysAsked('几斤', site)).toEqual(['重量'])
    expect(keysAsked('多重', site)).toEqual([]) // the site's entry replaced the built-in words
    expect(site.label('机芯', 'en')).toBe('机芯')
  })

  it('picks the meaning of an ambiguous word the product has an answer for', () => {
    const weight = analyzeQuestion('多少克', demoCatalog.get('x5')!, 'zh-CN').attributes
    const size = analyzeQuestion('多少克', demoCatalog.get('oil-cleanser')!, 'zh-CN').attributes
    expect([weight[0]!.key, size[0]!.key]).toEqual(['重量', '容量'])
  })
})

describe('constraints', () => {
  it('reads who a gift is for; a daughter is a child and a kids\' watch is a category', () => {
    expect([recipientOf('送女朋友'), recipientOf('for my wife'), recipientOf('给女儿买'), recipientOf('送爸爸')]).toEqual(['女士', '女士', '儿童', '男士'])
    const c = parseConstraints('推荐儿童手表', demoCatalog.all, DEFAULT_VOCABULARY)
    expect(c.terms.map((t) => t.asked)).toEqual(['儿童手表'])
    expect(c.recipient).toBeUndefined()
  })

  it('knows categories and tags in English and from the catalog itself', () => {
    const c = parseConstraints('lightweight 5G phone', demoCatalog.all, DEFAULT_VOCABULARY)
    expect(c.terms.map((t) => t.entry.words[0])).toEqual(['轻量', '5G', '手机'])
  })
})

describe('English attribute words', () => {
  it.each([
    ['Does the X5 watch have GPS?', '定位'],
    ['Can I track my kid with it?', '定位'],
    ['Is it water-resistant?', '防水指数'],
    ['How long does the battery last?', '续航'],
    ['What are the benefits?', '功效'],
    ['What size is it?', '容量'],
  ])('%s → %s', (question, key) => {
    expect(keysAsked(question)).toContain(key)
  })
})
