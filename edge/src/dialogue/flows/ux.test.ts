// Found in a walkthrough of the demo: a skincare flow that repeated itself or kept an earlier
// product type, a gift flow with every question skipped, and how answers are said back.
import { describe, expect, it } from 'vitest'
import { converse, testApp } from '../../testing.ts'

const app = testApp()
const onCleanserPage = { page: { url: 'https://shop.example/p/oil-cleanser.html', productId: 'oil-cleanser' } }
const productsOf = (r: { meta: { products: string[] } }) => r.meta.products

describe('the skincare flow moves on with the visitor', () => {
  it('re-plans on a new concern instead of repeating the first recommendation word for word', async () => {
    const first = await converse(app, ['油皮用什么洁面？'], onCleanserPage)
    expect(first.text).toContain('肤质油性，洁面')
    const second = await converse(app, ['油皮用什么洁面？', '油皮夏天T区总出油怎么办？'], onCleanserPage)
    expect(second.meta.topic).toBe('flow:skincare')
    expect(second.text).not.toBe(first.text)
    expect(second.text).toContain('护肤需求控油')
    expect(second.text).not.toContain('洁面）') // the cleanser asked for before no longer narrows it
    expect(productsOf(second)).toEqual(expect.arrayContaining(['oil-toner', 'oil-gel']))
  })

  it('answers a new product type with that type, not the page\'s cleanser', async () => {
    const r = await converse(app, ['油皮用什么洁面？', '油皮夏天T区总出油怎么办？', '油痘肌适合什么水乳？'], onCleanserPage)
    expect(r.meta.topic).toBe('flow:skincare')
    expect(productsOf(r)).toContain('oil-toner')
    expect(productsOf(r)).not.toContain('oil-cleanser')
  })

  it('replaces the product type of the question before (landing on the skincare campaign)', async () => {
    const landing = { profile: { landing: { keyword: '油皮', campaign: 'skincare', at: Date.now() } } }
    const first = await converse(app, ['油皮用什么爽肤水？'], landing)
    expect(productsOf(first)).toEqual(['oil-toner'])
    const r = await converse(app, ['油皮用什么爽肤水？', '油皮用什么保湿？'], landing)
    expect(r.text).not.toContain('没有完全符合')
    expect(r.text).not.toContain('爽肤水）')
    expect(productsOf(r)).toContain('oil-gel')
    expect((r.profile.flow as { extra?: string[] }).extra ?? []).not.toContain('爽肤水')
  })

  it('adds a further wish that is not a new question', async () => {
    const r = await converse(app, ['油皮用什么洁面？', '油皮用什么爽肤水？'])
    expect((r.profile.flow as { extra?: string[] }).extra).toEqual(['爽肤水'])
    expect(productsOf(r)).toEqual(['oil-toner'])
  })

  it('leaves a question that changes no answer after a recommendation to the usual answer', async () => {
    const r = await converse(app, ['油皮用什么洁面？', '油皮用什么洁面？'], onCleanserPage)
    expect(r.meta.topic).toBeUndefined()
  })
})

describe('the gift flow with every question skipped', () => {
  it('recommends adults\' watches without empty brackets', async () => {
    const r = await converse(app, ['帮我挑一份礼物', '跳过', '跳过', '跳过'])
    expect(r.text).toMatch(/^好的，风格不限。为您推荐 3 款：/)
    expect(r.text).not.toContain('（）')
    expect(productsOf(r)).toEqual(expect.arrayContaining(['watch-classic', 'watch-lady', 'watch-sport']))
    expect(productsOf(r).some((id) => ['x5', 'y1'].includes(id))).toBe(false)
  })

  it('still offers children\'s watches for a child', async () => {
    const r = await converse(app, ['帮我挑一份礼物', '跳过', '孩子'])
    expect(productsOf(r)).toContain('x5')
  })

  it('in English, without empty brackets', async () => {
    const r = await converse(app, ['Help me choose a gift', 'skip', 'skip', 'skip'], { lang: 'en' })
    expect(r.text).toMatch(/Here are 3 products you might like:/)
    expect(r.text).not.toContain('()')
  })
})

describe('answers said back', () => {
  it('says who a gift is for as "送给女士" / "for her"', async () => {
    expect((await converse(app, ['给女朋友买礼物'])).text).toContain('记下了：送给女士。')
    expect((await converse(app, ['A gift for my wife'], { lang: 'en' })).text).toContain('Noted — for her.')
  })

  it('reads an English product type back in lower case', async () => {
    const r = await converse(app, ['Cleanser for oily skin?'], { lang: 'en' })
    expect(r.text).toContain('(skin type: oily; cleanser)')
  })
})
