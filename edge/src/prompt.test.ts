import { describe, expect, it } from 'vitest'
import { planTurn } from './knowledge/plan.ts'
import { Vocabulary } from './knowledge/synonyms.ts'
import { buildSystemPrompt, planNote } from './prompt.ts'
import { demoCatalog, demoConfig } from './testing.ts'

const products = (...ids: string[]) => ids.map((id) => demoCatalog.get(id)!)

describe('buildSystemPrompt', () => {
  it('speaks as the persona, in the visitor language, with the grounding rule', () => {
    const prompt = buildSystemPrompt({ config: demoConfig, lang: 'en', snippets: [] })
    expect(prompt).toContain('You are Hui, the customer-service assistant of Huike Shop.')
    expect(prompt).toContain('Answer in English, unless the visitor writes in another language')
    expect(prompt).toMatch(/Prices, stock, coupons, discounts and links come ONLY from the product facts/)
    expect(prompt).toContain('(no product matched this question)')
  })

  it('lists each product as compact facts: price with currency, stock, attributes, FAQ', () => {
    const prompt = buildSystemPrompt({ config: demoConfig, lang: 'zh-CN', snippets: products('x5', 'z7-lite', 'rival-k9'), question: 'X5 能打电话吗' })
    expect(prompt).toContain('[x5] X5 儿童智能手表 | price: ¥899 (CNY) | stock: 120')
    expect(prompt).toContain('颜色: 粉色 / 蓝色')
    expect(prompt).toContain('FAQ: 能打电话吗 → 支持4G高清视频通话')
    expect(prompt).toContain('[z7-lite] Z7 Lite 智能手机 | price: ¥1999 (CNY) | stock: OUT OF STOCK')
    expect(prompt).toMatch(/\[rival-k9\].*COMPETITOR'S PRODUCT: for comparisons only/)
  })

  it('keeps the facts compact: no description when attributes say it, only the FAQ entries the question matches', () => {
    const prompt = buildSystemPrompt({ config: demoConfig, lang: 'zh-CN', snippets: products('x5'), question: 'X5 多少钱' })
    expect(prompt).not.toContain('description:')
    expect(prompt).not.toContain('FAQ:')
  })

  it('tells the model what the edge understood: a recommendation with no match must be admitted', () => {
    const messages = [{ role: 'user' as const, content: '推荐一款300以内的儿童手表' }]
    const plan = planTurn({ messages, page: {}, lang: 'zh-CN' }, demoCatalog, Vocabulary.of(demoConfig))
    expect(planNote(plan, 'zh-CN')).toBe('The visitor wants a recommendation (儿童手表、¥300以内) but NO product meets all of it: say so honestly. The closest, which do not meet everything, are: y1.')
    const unknown = planTurn({ messages: [{ role: 'user', content: 'X9 多少钱' }], page: {}, lang: 'zh-CN' }, demoCatalog, Vocabulary.of(demoConfig))
    expect(planNote(unknown, 'zh-CN')).toMatch(/^The visitor asked about "X9", which this shop does not sell .* never guess its price/)
  })
})

describe('buildSystemPrompt: concise mode for an unhappy visitor', () => {
  it('adds the Tone rule when the sentiment is negative or angry', () => {
    for (const sentiment of ['negative', 'angry'] as const) {
      const prompt = buildSystemPrompt({ config: demoConfig, lang: 'zh-CN', snippets: products('x5'), sentiment })
      expect(prompt).toContain('Tone: the visitor is unhappy. Use concise mode:')
      expect(prompt).toMatch(/Apologise once/)
      expect(prompt).toMatch(/Short, plain sentences/)
      expect(prompt).toMatch(/next concrete step/)
      expect(prompt).toMatch(/No product recommendations, promotions, coupons or upsell/)
      // The rules come before the facts, so the model reads the tone first.
      expect(prompt.indexOf('Tone:')).toBeLessThan(prompt.indexOf('Product facts:'))
    }
  })

  it('has no Tone rule for a neutral or positive visitor, or when the sentiment is not given', () => {
    for (const sentiment of ['neutral', 'positive', undefined] as const) {
      expect(buildSystemPrompt({ config: demoConfig, lang: 'en', snippets: [], ...(sentiment && { sentiment }) })).not.toContain('Tone:')
    }
  })
})

describe('a budget in another currency', () => {
  it('tells the model it was not applied and must not be converted', () => {
    const plan = planTurn({ messages: [{ role: 'user', content: 'recommend a phone under $2500' }], page: {}, lang: 'en' }, demoCatalog, Vocabulary.of(demoConfig))
    expect(planNote(plan, 'en')).toContain('Their budget is in USD, but prices are in CNY: it was NOT applied; do not convert it')
  })
})
