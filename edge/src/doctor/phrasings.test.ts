import { describe, expect, it } from 'vitest'
import { ProductSchema } from '../../../shared/catalog.ts'
import { codesIn, fill, kindOf, modelCodes, rephrase } from './phrasings.ts'
import { probesFor } from './questions.ts'
import { PET_PRODUCTS } from './testing.ts'

const products = PET_PRODUCTS.map((p) => ProductSchema.parse(p))
const feeder = products.find((p) => p.id === 'feeder-f3')!

describe('kinds of fact', () => {
  it('reads the key first, then the value', () => {
    expect(kindOf('净重', '1.8kg').id).toBe('weight')
    expect(kindOf('Net weight', '2.3 kg').id).toBe('weight')
    expect(kindOf('包装', '350g').id).toBe('weight') // by value
    expect(kindOf('容量', '120g').id).toBe('capacity') // the key wins over a weight-like value
    expect(kindOf('烘干温度', '35-45℃').id).toBe('temperature')
    expect(kindOf('功率', '1000W').id).toBe('power')
    expect(kindOf('适用面积', '20-36㎡').id).toBe('area')
    expect(kindOf('尺寸', '60×50×58cm').id).toBe('size')
    expect(kindOf('滤芯寿命', '6-12个月').id).toBe('duration')
    expect(kindOf('定时', '1-12小时').id).toBe('duration') // by value
    expect(kindOf('适用人数', '2-4人').id).toBe('people')
    expect(kindOf('保修', '整机1年').id).toBe('warranty')
    expect(kindOf('颜色', ['奶白', '雾蓝']).id).toBe('colour')
  })

  it('asks a yes or no of a boolean or a 是/否/支持 value, whatever the key', () => {
    expect(kindOf('自动喂食', true).id).toBe('yes-no')
    expect(kindOf('APP控制', '支持').id).toBe('yes-no')
    expect(kindOf('遥控', '无').id).toBe('yes-no')
  })

  it('does not take a spec or a rate inside other words for a measure', () => {
    expect(kindOf('通话', '4G视频通话').id).toBe('generic') // not 4 grams
    expect(kindOf('CADR', '300m³/h').id).toBe('generic') // not 300 metres
    expect(kindOf('蒸汽量', '28g/min').id).toBe('generic') // a rate, not a weight
    expect(kindOf('定位', '九重定位，误差小于5米').id).toBe('generic')
  })
})

describe('questions per product × attribute', () => {
  const probes = probesFor(feeder, 0, 'F3')
  const about = (key: string) => probes.filter((p) => p.target.type === 'attribute' && p.target.key === key)

  it('asks a weight the way visitors ask it: 多重 / 有多沉 / 重量 / how heavy', () => {
    const weight = about('净重')
    expect(weight.map((p) => p.way)).toEqual(['name', 'code', 'pronoun', 'english'])
    for (const p of weight.filter((p) => p.lang === 'zh-CN')) expect(p.question).toMatch(/多重|有多沉|重量|几斤/)
    expect(weight.find((p) => p.way === 'name')!.question).toContain('萌爪 F3 智能喂食器')
    expect(weight.find((p) => p.way === 'code')!.question).toMatch(/^F3/)
    expect(weight.find((p) => p.way === 'pronoun')).toMatchObject({ intro: '介绍一下萌爪 F3 智能喂食器', question: expect.stringMatching(/^它/) })
    expect(weight.find((p) => p.way === 'english')!.question).toMatch(/heavy|weigh/i)
  })

  it('asks a boolean as a yes/no question', () => {
    const yesNo = about('自动喂食')
    expect(yesNo.length).toBeGreaterThan(0)
    for (const p of yesNo) expect(p.question).toMatch(/吗|能不能/)
    expect(yesNo[0]!.target).toMatchObject({ kind: 'yes-no', expected: { type: 'polarity', yes: true } })
    // An English visitor is not asked for a Chinese key.
    expect(yesNo.some((p) => p.lang === 'en')).toBe(false)
  })

  it('asks at most four questions per attribute, and none by model code without one', () => {
    const counts = new Map<string, number>()
    for (const p of probes) if (p.target.type === 'attribute') counts.set(p.target.key, (counts.get(p.target.key) ?? 0) + 1)
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(4)
    expect(probesFor(feeder, 0).some((p) => p.way === 'code')).toBe(false)
  })

  it('asks each FAQ entry as written, on the product page, and rephrased', () => {
    const faq = probes.filter((p) => p.target.type === 'faq' && p.target.q === '断电了还能喂吗')
    expect(faq.find((p) => p.way === 'faq')).toMatchObject({ question: '断电了还能喂吗', onPage: true })
    const rephrased = faq.filter((p) => p.way !== 'faq').map((p) => p.question)
    expect(rephrased.length).toBeGreaterThanOrEqual(1)
    expect(rephrased.join(' ')).toMatch(/能不能喂|可以喂吗/)
    expect(rephrased.every((q) => q !== '断电了还能喂吗')).toBe(true)
  })
})

describe('rephrasing FAQ questions', () => {
  it('turns 可以X吗, 能X吗, 是X吗, A还是B and the rest into other words', () => {
    expect(rephrase('可以机洗吗')).toEqual(['能不能机洗？', '能机洗吗？'])
    expect(rephrase('能不能机洗？')).toEqual(['可以机洗吗？', '能机洗吗？'])
    expect(rephrase('断电了还能喂吗')).toEqual(['断电了还能不能喂？', '断电了还可以喂吗？'])
    expect(rephrase('是食品级材料吗')).toEqual(['是不是食品级材料？', '是食品级材料不？'])
    expect(rephrase('自动还是手动')).toEqual(['是自动吗？', '是手动吗？'])
    expect(rephrase('滤芯多久换一次')).toEqual(['请问滤芯多久换一次？', '想问下，滤芯多久换一次？'])
    expect(rephrase('Can I wash it?')[0]).toBe('Is it possible to wash it?')
  })

  it('does not read 功能 as 能', () => {
    expect(rephrase('有定时功能吗')).toEqual(['有没有定时功能？', '有定时功能不？'])
  })
})

describe('model codes', () => {
  it('takes Latin letters with digits, not specs', () => {
    expect(codesIn('清岚 AP-300 空气净化器')).toEqual(['AP-300'])
    expect(codesIn('F-300 原装复合滤芯（AP-300适用）')).toEqual(['F-300', 'AP-300'])
    expect(codesIn('4G 儿童手表 120Hz 8GB')).toEqual([])
    expect(codesIn('AP-mini 桌面净化器')).toEqual([])
  })

  it('skips a code that several products share', () => {
    const codes = modelCodes(
      [
        { id: 'x5', name: 'X5 儿童智能手表' },
        { id: 'strap', name: 'X5 替换表带' },
        { id: 'f300', name: 'F-300 滤芯（AP-300适用）' },
        { id: 'ap300', name: '清岚 AP-300 空气净化器' },
      ].map((p) => ProductSchema.parse({ ...p, price: 1 })),
    )
    expect(Object.fromEntries(codes)).toEqual({ f300: 'F-300' })
  })
})

it('fills a template, and refuses a Chinese key in an English question', () => {
  expect(fill('{s}的{k}是多少？', '它', '档位', 'zh-CN')).toBe('它的档位是多少？')
  expect(fill('What is the {k} of {s}?', 'PH-2', '档位', 'en')).toBeUndefined()
  expect(fill('What is the {k} of {s}?', 'PH-2', 'Panel size', 'en')).toBe('What is the Panel size of PH-2?')
})
