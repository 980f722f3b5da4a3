// Social fission both ways: a friend arriving through a share link is welcomed (rules.test.ts), and
// the referrer is rewarded once per new friend, counted from the event store's referral_visit events.
import { afterEach, describe, expect, it } from 'vitest'
import { GreetResponseSchema, type VisitorProfile } from '../../../shared/protocol.ts'
import { MEMORY, openFileStore } from '../store/libsql.ts'
import type { SqlEventStore } from '../store/sql-store.ts'
import { postJson, testApp } from '../testing.ts'

const NOW = Date.UTC(2026, 10, 23, 12)
let store: SqlEventStore
afterEach(() => store?.close())

const arrived = (friend: string, ref: string, ts = NOW - 3_600_000) =>
  store.append([{ type: 'referral_visit', visitorId: friend, sessionId: `s_${friend}`, ts, props: { ref } }])

async function greetAs(visitorId: string, profile: VisitorProfile = {}) {
  const res = await postJson(testApp({ store, now: () => NOW }), '/v1/greet', JSON.stringify({ visitorId, profile }))
  return GreetResponseSchema.parse(await res.json())
}

describe("the referrer's reward", () => {
  it('a visitor whose link brought a friend is thanked with the configured coupon, once per new friend', async () => {
    store = await openFileStore(MEMORY)
    expect((await greetAs('v_sharer')).proactive?.ruleId).not.toBe('referral-reward') // nobody came yet
    await arrived('v_friend1', 'v_sharer')
    await arrived('v_friend1', 'v_sharer') // the same friend twice is one referral
    await arrived('v_other', 'v_someone_else')
    const thanked = await greetAs('v_sharer')
    expect(thanked.proactive).toMatchObject({ trigger: 'referral', ruleId: 'referral-reward', offerId: 'thanks-30' })
    expect(thanked.proactive!.text).toBe('您分享的链接带来了1位新朋友，送您一张分享感谢券：立减30元，券码 THANKS30。')
    expect(thanked.cards[0]).toMatchObject({ type: 'coupon', code: 'THANKS30' })
    expect(thanked.profile?.referralsRewarded).toBe(1)

    // Rewarded: the next day, no second reward for the same friend; a new friend earns one.
    const after = { ...thanked.profile, marketing: { shown: {} } }
    expect((await greetAs('v_sharer', after)).proactive?.ruleId).not.toBe('referral-reward')
    await arrived('v_friend2', 'v_sharer')
    expect((await greetAs('v_sharer', after)).proactive?.text).toContain('带来了1位新朋友')
  })

  it('a link opened by its own owner is no referral', async () => {
    store = await openFileStore(MEMORY)
    await arrived('v_sharer', 'v_sharer')
    expect((await greetAs('v_sharer')).proactive?.ruleId).not.toBe('referral-reward')
  })
})
