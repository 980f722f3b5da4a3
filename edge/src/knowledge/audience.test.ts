import { describe, expect, it } from 'vitest'
import type { Product } from '../../../shared/catalog.ts'
import { candidates } from '../dialogue/flows/match.ts'
import { demoCatalog } from '../testing.ts'
import { audienceBits, audienceOf, audienceSuits, bitsSuit, type Audience } from './audience.ts'
import { Catalog } from './catalog.ts'
import { satisfies, suitsRecipient } from './constraints.ts'
import { wordsPattern } from './synonyms.ts'

const RECIPIENTS: Audience[] = ['女士', '男士', '儿童']

function product(id: string, attributes: Product['attributes'], tags: string[] = [], price = 100): Product {
  return { id, name: `P ${id}`, price, currency: 'CNY', category: '腕表', tags, aliases: [], attributes, faq: [] } as unknown as Product
}

const samples = [
  product('silent', {}),
  product('her', { 适用人群: '女士' }),
  product('him', { 适用人群: ['男士'] }),
  product('both', { 适用人群: ['女士', '男士'] }),
  product('unisex', { 适用人群: '男女通用' }),
  product('teen', { 适用人群: '青少年' }),
  product('kid-age', { 适用年龄: '4-12岁' }),
  product('kid-tag', {}, ['儿童']),
  product('her-tag', {}, ['女士'], 3000),
]

describe('audience facet', () => {
  it('answers as the definition does, for every product and recipient', () => {
    const catalog = new Catalog(samples.map((p) => structuredClone(p)))
    for (const p of [...catalog.all, ...demoCatalog.all]) {
      for (const r of RECIPIENTS) {
        const expected = audienceSuits(audienceOf(p), r)
        expect(bitsSuit(audienceBits(p), r), `${p.id} ${r}`).toBe(expected)
        expect(suitsRecipient(p, r), `${p.id} ${r}`).toBe(expected)
      }
    }
    // A product outside any catalog is checked from its attributes.
    const loose = product('loose', { 适用人群: '通用' })
    expect(suitsRecipient(loose, '女士')).toBe(true)
    expect(suitsRecipient(loose, '儿童')).toBe(false)
  })

  it('narrows the facets\' docs and the flow candidates exactly like the product-by-product check', () => {
    const catalog = new Catalog(samples.map((p) => structuredClone(p)))
    const watch = { words: ['腕表'], pattern: wordsPattern(['腕表']) }
    for (const recipient of RECIPIENTS) {
      for (const budget of [undefined, { max: 1000 }]) {
        const c = { terms: [{ entry: watch, asked: '腕表' }], recipient, ...(budget && { budget }) }
        const walked = catalog.all.filter((p) => satisfies(p, c)).map((p) => p.id)
        expect(candidates(catalog, c).map((p) => p.id), `${recipient} ${JSON.stringify(budget)}`).toEqual(walked)
        const docs = catalog.facets.docsMeeting([watch], budget, recipient)!
        expect([...docs].map((d) => catalog.all[d]!.id)).toEqual(walked)
      }
    }
    expect(candidates(catalog, { terms: [{ entry: watch, asked: '腕表' }], recipient: '女士' }).map((p) => p.id)).toEqual(['silent', 'her', 'both', 'unisex', 'her-tag'])
  })
})
