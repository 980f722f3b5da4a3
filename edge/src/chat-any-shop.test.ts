// A shop that brings its own catalog (pet supplies, keys no vocabulary knows) and only a minimal
// config: its visitors' questions are answered from its data, pronouns keep the product, a product
// question is never answered with other products, and an LLM gets the fact that answers first.
import { describe, expect, it } from 'vitest'
import pets from './knowledge/fixtures/pets.json'
import { Catalog } from './knowledge/catalog.ts'
import { validateProducts } from './knowledge/validate-products.ts'
import type { ModelInput } from './model/types.ts'
import { parseSiteConfig } from './site-config.ts'
import { converse, scriptedModel, testApp } from './testing.ts'

const catalog = new Catalog(validateProducts(pets, 'pets.json').products)
const config = parseSiteConfig({ brand: { name: '毛孩家' }, persona: { name: '小毛', style: '亲切' }, greeting: { text: '你好' } }, 'config.json')
const offline = testApp({ catalog, config })

describe('a shop with its own catalog, offline', () => {
  it('answers keys the vocabulary never saw, by the kind of fact asked', async () => {
    expect((await converse(offline, ['PF-200的滤芯能用多久'])).text).toContain('30天')
    expect((await converse(offline, ['猫爬架多高'])).text).toContain('160cm')
    expect((await converse(offline, ['猫砂盆能连手机APP吗'])).text).toMatch(/APP.*支持/)
  })

  it('keeps the product through pronouns, in Chinese and English', async () => {
    const zh = await converse(offline, ['介绍一下清泉饮水机', '它多大容量？'])
    expect(zh.text).toContain('2.5L')
    const en = await converse(offline, ['Tell me about the PetCam feeder', 'How heavy is it?'], { lang: 'en' })
    expect(en.text).toContain('420 g')
    const page = await converse(offline, ['这款噪音大吗'], { page: { productId: 'litter-box' } })
    expect(page.text).toContain('≤40dB')
  })

  it('answers a FAQ asked another way', async () => {
    expect((await converse(offline, ['宠物床能不能机洗'])).text).toContain('整只机洗')
    expect((await converse(offline, ['猫爬架是一整套还是要单买'])).text).toContain('顶层猫窝')
  })

  it('says honestly when the facts do not say, with what they do say, never other products', async () => {
    const { text, cards } = await converse(offline, ['云朵猫爬架会不会晃'])
    expect(text).toContain('没有直接提到')
    expect(text).toContain('160cm')
    expect(text).toContain('人工客服')
    expect(cards.every((c) => c.type !== 'product' || c.product.id === 'cat-tree')).toBe(true)
  })
})

describe('a shop with its own catalog, with an LLM', () => {
  it("puts the product in focus and the matched fact first in the model's input", async () => {
    let input: ModelInput | undefined
    const llm = testApp({ catalog, config, model: scriptedModel(['好的。'], (i) => (input = i)) })
    await converse(llm, ['介绍一下清泉饮水机', '它的滤芯多久换一次'])
    expect(input!.snippets.map((p) => p.id)).toEqual(['pf-200'])
    expect(input!.system).toMatch(/\[pf-200\][^\n]*\n {2}attributes: [^\n]*\n {2}FAQ: 滤芯多久换一次 → 建议每30天/)
    await converse(llm, ['Tell me about the PetCam feeder', "what's the refresh rate?"], { lang: 'en' })
    expect(input!.system).toMatch(/attributes: refresh rate: 30 fps;/)
  })
})

describe('products named the way visitors name them', () => {
  it('compares two products named loosely and carries a question to another one', async () => {
    const compare = await converse(offline, ['清泉饮水机和净界猫砂盆哪个噪音小'])
    expect(compare.cards.find((c) => c.type === 'compare')).toBeDefined()
    expect(compare.text).toContain('≤25dB')
    expect(compare.text).toContain('≤40dB')
    expect((await converse(offline, ['狗粮多少钱', '那猫爬架呢'])).text).toContain('¥459')
  })
})

describe('recommendations on a shop of another trade', () => {
  it('offers the products of the kind asked for when none meets every word', async () => {
    const { text, cards } = await converse(offline, ['推荐一个智能的猫爬架'])
    expect(text).toContain('没有同时满足')
    expect(cards.find((c) => c.type === 'product')).toMatchObject({ product: { id: 'cat-tree' } })
  })
})

describe('questions that could be misread', () => {
  it('"how much does it weigh" is the weight, "how much is it" the price', async () => {
    expect((await converse(offline, ['How much does the PetCam feeder weigh?'], { lang: 'en' })).text).toContain('420 g')
    expect((await converse(offline, ['How much is the PetCam feeder?'], { lang: 'en' })).text).toContain('¥399')
  })

  it('a pronoun stays with the product in focus, even when another name holds the same words', async () => {
    const { text } = await converse(offline, ['介绍一下暖窝宠物床', '它的填充是什么'])
    expect(text).toContain('PP棉')
    expect(text).not.toContain('清泉')
  })
})
