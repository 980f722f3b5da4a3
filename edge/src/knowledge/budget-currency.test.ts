import { describe, expect, it } from 'vitest'
import type { Product } from '../../../shared/catalog.ts'
import { answerText, askChat, demoCatalog, eventData, testApp } from '../testing.ts'
import { currencyIn, parseBudget, parseBudgetIn } from './budget.ts'
import { catalogCurrency, parseConstraints } from './constraints.ts'
import { DEFAULT_VOCABULARY } from './synonyms.ts'

describe('the currency of a budget', () => {
  it.each([
    ['under $300', 'USD'],
    ['around 300 dollars', 'USD'],
    ['300 USD or less', 'USD'],
    ['预算300美元', 'USD'],
    ['300元以内', 'CNY'],
    ['300块左右', 'CNY'],
    ['under ¥300', 'CNY'],
    ['below 300 RMB', 'CNY'],
    ['under 300', undefined],
    ['500以内的手表', undefined],
  ])('"%s" → %s', (text, currency) => {
    expect(parseBudgetIn(text)?.currency).toBe(currency)
    expect(parseBudget(text)).toEqual(parseBudgetIn(text)?.budget)
  })

  it('reads currency words and signs', () => {
    expect(currencyIn('$300')).toBe('USD')
    expect(currencyIn('US$300')).toBe('USD')
    expect(currencyIn('300元')).toBe('CNY')
    expect(currencyIn('300')).toBeUndefined()
  })

  it('applies a budget in the catalog\'s currency and keeps one in another currency apart', () => {
    expect(catalogCurrency(demoCatalog.all)).toBe('CNY')
    const ours = parseConstraints('300元以内的耳机', demoCatalog.all, DEFAULT_VOCABULARY)
    expect(ours.budget).toEqual({ max: 300 })
    expect(ours.otherCurrency).toBeUndefined()
    const dollars = parseConstraints('earphones under $300', demoCatalog.all, DEFAULT_VOCABULARY)
    expect(dollars.budget).toBeUndefined()
    expect(dollars.otherCurrency).toEqual({ budget: { max: 300 }, currency: 'USD', catalog: 'CNY' })
    // A dollar shop takes "$300" as is.
    const usd = demoCatalog.all.map((p) => ({ ...p, currency: 'USD' }) as Product)
    expect(parseConstraints('earphones under $300', usd, DEFAULT_VOCABULARY).budget).toEqual({ max: 300 })
  })

  it('recommends without the foreign budget and says the prices are in ¥ (en and zh)', async () => {
    const app = testApp()
    const en = await askChat(app, 'any earphones under $300?', { lang: 'en' })
    const text = answerText(en)
    expect(text).toContain('A2')
    expect(text).not.toMatch(/nothing we sell matches/i)
    expect(text).toMatch(/prices are in ¥ \(CNY\)/)
    expect(text).toMatch(/budget in ¥/)
    expect(eventData(en, 'card').some((c) => c.type === 'product' && c.product.id === 'earbuds-a2')).toBe(true)
    const zh = answerText(await askChat(app, '推荐300美元左右的手机'))
    expect(zh).toContain('¥（CNY）标价')
    expect(zh).not.toContain('¥300')
    // In ¥ the budget still filters as before.
    expect(answerText(await askChat(app, '300元以内的耳机'))).toContain('没有同时满足')
  })
})
