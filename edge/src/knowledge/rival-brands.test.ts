import { describe, expect, it } from 'vitest'
import type { Product } from '../../../shared/catalog.ts'
import type { Card } from '../../../shared/protocol.ts'
import { answerText, askChat, demoCatalog, demoConfig, eventData, testApp } from '../testing.ts'
import { Catalog } from './catalog.ts'
import { planProducts, planTurn, type TurnPlan } from './plan.ts'
import { Vocabulary } from './synonyms.ts'
import { namedRivalBrand } from './unknown.ts'

const vocabulary = Vocabulary.of(demoConfig)

function plan(question: string, catalog = demoCatalog, page = {}): TurnPlan {
  return planTurn({ messages: [{ role: 'user', content: question }], page, lang: 'zh-CN' }, catalog, vocabulary)
}

/** The demo catalog with the rival K9 filed under a real brand name. */
function withBrandedRival(brand: string): Catalog {
  const products = structuredClone(demoCatalog.all) as Product[]
  products.find((p) => p.id === 'rival-k9')!.brand = brand
  return new Catalog(products)
}

describe('named rival brands', () => {
  it.each(['X5和小天才哪个好', 'Z7比华为好在哪', 'Which is better, the Z7 or an iPhone?'])('plans "%s" as the honest other-brands comparison', (q) => {
    const p = plan(q)
    expect(p.kind).toBe('compare')
    if (p.kind !== 'compare') return
    expect(p.otherBrands).toBe(true)
    expect(p.table.products.map((x) => x.id)).toEqual([q.includes('X5') ? 'x5' : 'z7'])
  })

  it('compares the product in focus when the question sets it against a brand ("和华为比呢")', () => {
    const p = plan('和华为比呢', demoCatalog, { productId: 'z7' })
    expect(p.kind === 'compare' && p.otherBrands).toBe(true)
    expect(planProducts(p).map((x) => x.id)).toEqual(['z7'])
  })

  it('leaves questions that only mention a brand as they were', () => {
    expect(plan('华为手表多少钱', demoCatalog, { productId: 'x5' }).kind).toBe('unknown')
    expect(plan('小米手环哪个颜色好看', demoCatalog, { productId: 'x5' }).kind).toBe('unknown')
    expect(namedRivalBrand('X5和K9哪个好', demoCatalog)).toBeUndefined()
    // Our own brand is never a rival; the generic "其他品牌" of the K9 record names nobody.
    expect(namedRivalBrand('慧童和其他品牌比', demoCatalog)).toBeUndefined()
  })

  it('compares with the competitor records the catalog keeps for that brand', () => {
    const catalog = withBrandedRival('小天才')
    expect(namedRivalBrand('X5和小天才哪个好', catalog)?.records.map((p) => p.id)).toEqual(['rival-k9'])
    const p = plan('X5和小天才哪个好', catalog)
    expect(p.kind === 'compare' && !p.otherBrands).toBe(true)
    expect(planProducts(p).map((x) => x.id)).toEqual(['x5', 'rival-k9'])
  })

  it('answers offline that there are no facts about the brand, with our product\'s facts (zh and en)', async () => {
    const app = testApp()
    const zh = await askChat(app, 'X5和小天才哪个好')
    expect(answerText(zh)).toContain('没有其他品牌')
    expect(answerText(zh)).toContain('¥899')
    expect(answerText(zh)).not.toContain('没有直接提到')
    const cards = eventData(zh, 'card') as Card[]
    expect(cards.flatMap((c) => (c.type === 'product' ? [c.product.id] : c.type === 'compare' ? c.products.map((x) => x.id) : []))).toEqual(['x5'])
    const en = await askChat(app, 'Is the Z7 better than Huawei?', { lang: 'en' })
    expect(answerText(en)).toMatch(/no data about other brands/)
  })
})
