import { describe, expect, it } from 'vitest'
import { buildSystemPrompt } from './prompt.ts'
import { demoCatalog, demoConfig } from './testing.ts'

const products = (...ids: string[]) => ids.map((id) => demoCatalog.get(id)!)

describe('buildSystemPrompt', () => {
  it('speaks as the persona, in the visitor language, with the grounding rule', () => {
    const prompt = buildSystemPrompt({ config: demoConfig, lang: 'en', snippets: [] })
    expect(prompt).toContain('You are Hui, the customer-service assistant of Huike Shop.')
    expect(prompt).toContain('Always answer in English.')
    expect(prompt).toMatch(/Prices, stock, coupons, discounts and links come ONLY from the product facts/)
    expect(prompt).toContain('(no product matched this question)')
  })

  it('lists each product as compact facts: price with currency, stock, attributes, FAQ', () => {
    const prompt = buildSystemPrompt({ config: demoConfig, lang: 'zh-CN', snippets: products('x5', 'z7-lite', 'rival-k9') })
    expect(prompt).toContain('[x5] X5 儿童智能手表 | price: ¥899 (CNY) | stock: 120')
    expect(prompt).toContain('颜色: 粉色 / 蓝色')
    expect(prompt).toContain('FAQ: 能打电话吗 → 支持4G高清视频通话')
    expect(prompt).toContain('[z7-lite] Z7 Lite 智能手机 | price: ¥1999 (CNY) | stock: OUT OF STOCK')
    expect(prompt).toMatch(/\[rival-k9\].*COMPETITOR'S PRODUCT: for comparisons only/)
  })
})
