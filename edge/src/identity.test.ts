// Verified identity as a shop's developer wires it and as someone in DevTools tries to cheat it: only
// identify's hash (HMAC-SHA256 of the id with HUIKE_IDENTITY_SECRET) makes a customer's traits count.
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Card } from '../../shared/protocol.ts'
import configJson from '../../demo/config.json'
import { identityHash, trustedProfile } from './identity.ts'
import { noticePayload } from './notify/notice.ts'
import { parseSiteConfig } from './site-config.ts'
import { askChat, eventData, postJson, testApp } from './testing.ts'

const SECRET = 'shop-identity-secret'
// A VIP-only coupon (a code nothing else shows) under any product answer, above every other reply rule.
const vipOffer = { id: 'vip-100', type: 'coupon', title: 'VIP 专享券', code: 'VIP100', discount: { type: 'amount', value: 100 } }
const config = parseSiteConfig(
  { ...configJson, offers: [...configJson.offers, vipOffer], rules: [{ id: 'vip-only', priority: 999, slot: 'reply', when: { segment: ['vip'] }, then: { offer: 'vip-100', text: 'VIP 专享：{code}' } }, ...configJson.rules] },
  'config.json',
)
const app = testApp({ config, identitySecret: SECRET })
const coupons = async (profile: Record<string, unknown>) =>
  eventData(await askChat(app, 'X5 多少钱', { profile }), 'card').filter((c: Card) => c.type === 'coupon').map((c) => (c as { code: string }).code)
const hashOf = (id: string) => createHmac('sha256', SECRET).update(id).digest('hex')

describe('verified identity', () => {
  it('computes the hash the shop\'s server computes (Node\'s crypto as the reference)', async () => {
    expect(await identityHash(SECRET, 'cust-42')).toBe(hashOf('cust-42'))
    expect(await identityHash(SECRET, '顾客-7')).toBe(hashOf('顾客-7'))
  })

  it('a verified VIP gets the VIP offer', async () => {
    expect(await coupons({ customer: { id: 'cust-42', segment: 'vip' }, identityHash: hashOf('cust-42') })).toContain('VIP100')
  })

  it('a forged segment gets nothing: no hash, a wrong one, another customer\'s, or a bare profile.segment', async () => {
    expect(await coupons({ customer: { id: 'cust-42', segment: 'vip' } })).not.toContain('VIP100')
    expect(await coupons({ customer: { id: 'cust-42', segment: 'vip' }, identityHash: 'f'.repeat(64) })).not.toContain('VIP100')
    expect(await coupons({ customer: { id: 'cust-43', segment: 'vip' }, identityHash: hashOf('cust-42') })).not.toContain('VIP100')
    expect(await coupons({ segment: 'vip' })).not.toContain('VIP100')
  })

  it('without HUIKE_IDENTITY_SECRET, traits are hints only', async () => {
    const open = testApp({ config })
    const events = await askChat(open, 'X5 多少钱', { profile: { customer: { id: 'cust-42', segment: 'vip' }, identityHash: hashOf('cust-42') } })
    expect(eventData(events, 'card').some((c) => c.type === 'coupon' && c.code === 'VIP100')).toBe(false)
  })

  it('the greeting reads the same verified profile', async () => {
    const greetingRule = { id: 'vip-hello', priority: 999, slot: 'greeting', when: { segment: ['vip'] }, then: { offer: 'vip-100', proactive: 'landing', text: 'VIP 您好：{code}' } }
    const greeter = testApp({ config: parseSiteConfig({ ...configJson, offers: [...configJson.offers, vipOffer], rules: [greetingRule, ...configJson.rules] }, 'config.json'), identitySecret: SECRET })
    const greet = async (profile: Record<string, unknown>) =>
      (await (await postJson(greeter, '/v1/greet', JSON.stringify({ visitorId: 'v_g', profile }))).json()) as { proactive: { text: string } | null }
    expect((await greet({ customer: { id: 'c1', segment: 'vip' }, identityHash: hashOf('c1') })).proactive?.text).toContain('VIP100')
    expect((await greet({ customer: { id: 'c1', segment: 'vip' } })).proactive?.text ?? '').not.toContain('VIP100')
  })

  it('tells the shop\'s webhook who the verified customer is, their free text masked; nothing for a claim', async () => {
    const request = (profile: Record<string, unknown>) => ({ visitorId: 'v1', sessionId: 's1', lang: 'zh-CN' as const, page: {}, messages: [{ role: 'user' as const, content: '我要人工' }], profile })
    const notice = { type: 'handoff' as const, data: { reason: 'asked' } }
    const verified = await trustedProfile({ customer: { id: 'c1', tier: 'gold', phone: '13812345678' }, identityHash: hashOf('c1') }, SECRET)
    const payload = noticePayload({ notice, topic: 'handoff:asked', request: request(verified), reply: '好的', config })
    expect(payload.customer).toEqual({ id: 'c1', tier: 'gold', phone: '138****5678' })
    const claimed = await trustedProfile({ customer: { id: 'c1', tier: 'gold' } }, SECRET)
    expect(noticePayload({ notice, topic: 'handoff:asked', request: request(claimed), reply: '好的', config }).customer).toBeUndefined()
  })

  it('keeps only a verified customer in what the edge reads, with the proof itself dropped', async () => {
    const verified = await trustedProfile({ customer: { id: 'c1', name: '王女士' }, identityHash: hashOf('c1'), visits: 2 }, SECRET)
    expect(verified).toEqual({ customer: { id: 'c1', name: '王女士' }, visits: 2 })
    expect(await trustedProfile({ customer: { id: 'c1', name: '王女士' }, segment: 'vip', visits: 2 }, SECRET)).toEqual({ visits: 2 })
  })
})
