// Questions answered from a shop's own keys, values and FAQ, on a pet-supplies catalog the built-in
// vocabulary was never written for.
import { describe, expect, it } from 'vitest'
import type { Product } from '../../../shared/catalog.ts'
import pets from './fixtures/pets.json'
import { Catalog } from './catalog.ts'
import { looselyNamed } from './loose-names.ts'
import { matchOwnAttributes, similarFaq, withoutNames } from './own-facts.ts'
import { analyzeQuestion } from './question.ts'
import { validateProducts } from './validate-products.ts'

const catalog = new Catalog(validateProducts(pets, 'pets.json').products)
const product = (id: string): Product => catalog.get(id)!
const keys = (question: string, id: string) => matchOwnAttributes(withoutNames(question, product(id)), product(id)).map((m) => m.key)

describe('attributes no vocabulary knows', () => {
  it('finds the key by the kind of fact asked', () => {
    expect(keys('滤芯能用多久', 'pf-200')).toEqual(['滤芯寿命'])
    expect(keys('它多高', 'cat-tree')).toEqual(['高度'])
    expect(keys('噪音大不大', 'pf-200')).toEqual(['噪音'])
    expect(keys('How loud is it?', 'pf-200')).toEqual(['噪音'])
    expect(keys('how long does the battery last', 'cam-lite')).toEqual(['battery life'])
    expect(keys("what's the refresh rate", 'cam-lite')).toEqual(['refresh rate'])
  })

  it('finds the key by a value the visitor names', () => {
    expect(keys('支持北斗吗', 'gps-tag')).toEqual(['定位方式'])
  })

  it('matches nothing for a question its data does not answer', () => {
    expect(keys('会不会晃', 'cat-tree')).toEqual([])
    expect(keys('水泵能单独买吗', 'pf-200')).toEqual([])
  })

  it("does not read the product's own name as the question", () => {
    expect(withoutNames('T3定位牌多重', product('gps-tag')).trim()).toBe('多重')
    expect(analyzeQuestion('T3定位牌多重', product('gps-tag'), 'zh-CN').attributes.map((a) => a.key)).toEqual(['重量'])
  })
})

describe('FAQ asked another way', () => {
  it('folds yes/no forms and particles before comparing', () => {
    expect(similarFaq('能不能机洗', product('dog-bed'))?.q).toBe('可以机洗吗')
    expect(similarFaq('一整套还是单卖', product('cat-tree'))?.q).toBe('是一整套吗')
    expect(similarFaq('能放在阳台吗', product('litter-box'))).toBeUndefined()
    expect(similarFaq('幼猫可不可以用', product('litter-box'))?.q).toBe('幼猫能用吗')
  })
})

describe('products named loosely', () => {
  it('accepts the one product whose name the question shares clearly more of', () => {
    expect(looselyNamed(catalog, '介绍一下清泉饮水机')?.id).toBe('pf-200')
    expect(looselyNamed(catalog, '暖窝宠物床多大')?.id).toBe('dog-bed')
    expect(looselyNamed(catalog, 'Tell me about the PetCam feeder')?.id).toBe('cam-lite')
  })

  it('takes a category with one product as that product, but not another model number', () => {
    expect(looselyNamed(catalog, '狗粮保质期多久')?.id).toBe('dog-food')
    expect(looselyNamed(catalog, '净界S2猫砂盆多少钱')).toBeUndefined()
    expect(looselyNamed(catalog, '多少钱')).toBeUndefined()
  })
})

describe('the only key that shares a word', () => {
  it('answers when no other key shares one, even without a kind of fact', () => {
    expect(keys('集便仓能装几天的', 'litter-box')).toContain('集便仓')
  })
})
