// Who a product is for, and whether it suits the person a visitor shops for ("送老婆" → 女士). The
// definition lives here once; the catalog facets (facets.ts) keep it per product as a few bits, so a
// recommendation over tens of thousands of products checks a byte instead of reading attributes.
import type { Product } from '../../../shared/catalog.ts'
import { attributeValues } from './facts.ts'

export type Audience = '女士' | '男士' | '儿童'

export const UNISEX = ['通用', '男女通用', 'unisex']

/** Who a product is for, from its 适用人群 / 适用年龄 attributes and tags; empty when it doesn't say. */
export function audienceOf(p: Product): string[] {
  // Called for products outside any catalog's facets: no allocation when it says nothing.
  const listed = p.attributes['适用人群']
  const declared = listed === undefined ? [] : attributeValues(listed)
  if ('适用年龄' in p.attributes) declared.push('儿童')
  for (const tag of p.tags) if (tag === '女士' || tag === '男士' || tag === '儿童') declared.push(tag)
  return declared.length > 1 ? [...new Set(declared)] : declared
}

/**
 * Adults' products often don't say who they are for; children's always do, so 儿童 must be explicit.
 * "通用" (unisex) suits both men and women, not children.
 */
export function audienceSuits(audience: readonly string[], recipient: Audience): boolean {
  if (audience.includes(recipient)) return true
  if (recipient === '儿童') return false
  return audience.length === 0 || audience.some((a) => UNISEX.includes(a))
}

/** `audienceOf` as bits: made for women, men, children; unisex; says anything at all. */
export const AUDIENCE_BIT: Record<Audience, number> = { 女士: 1, 男士: 2, 儿童: 4 }
const UNISEX_BIT = 8
const DECLARED_BIT = 16

export function audienceBits(p: Product): number {
  const audience = audienceOf(p)
  if (!audience.length) return 0
  let bits = DECLARED_BIT
  for (const a of audience) {
    if (a === '女士' || a === '男士' || a === '儿童') bits |= AUDIENCE_BIT[a]
    else if (UNISEX.includes(a)) bits |= UNISEX_BIT
  }
  return bits
}

/** `audienceSuits` from the bits. */
export function bitsSuit(bits: number, recipient: Audience): boolean {
  if (bits & AUDIENCE_BIT[recipient]) return true
  if (recipient === '儿童') return false
  return (bits & DECLARED_BIT) === 0 || (bits & UNISEX_BIT) !== 0
}
