import { afterEach, describe, expect, it, vi } from 'vitest'
import type { SiteConfig } from '../../../shared/config.ts'
import { HandoffCardSchema, type ChatEvent, type ChatMessage, type HandoffCard } from '../../../shared/protocol.ts'
import { ConfigError, parseSiteConfig } from '../site-config.ts'
import { answerText, askChat, demoConfig, eventData, testApp } from '../testing.ts'
import { createHandoffHandler, createUnresolvedHandoffHandler, handoffReply } from './handoff.ts'
import { dialogueContext } from './handoff-testing.ts'
import { isSmallTalk, repeatsQuestion, saysUnhelpful } from './handoff-rules.ts'
import { advanceSession, sessionOf } from './handoff-session.ts'

const app = testApp()

/** Like the widget: send turns one by one, keep the replies, merge the profile patches. */
async function converse(turns: string[], o: { lang?: 'zh-CN' | 'en'; profile?: Record<string, unknown>; sessionId?: string; appUnder?: ReturnType<typeof testApp> } = {}) {
  const messages: ChatMessage[] = []
  let profile: Record<string, unknown> = o.profile ?? {}
  let events: ChatEvent[] = []
  for (const turn of turns) {
    messages.push({ role: 'user', content: turn })
    events = await askChat(o.appUnder ?? app, messages, { lang: o.lang ?? 'zh-CN', profile, ...(o.sessionId && { sessionId: o.sessionId }) })
    messages.push({ role: 'assistant', content: answerText(events) })
    for (const p of eventData(events, 'profile')) profile = { ...profile, ...p.patch }
  }
  const meta = eventData(events, 'meta')[0]!
  const handoff = eventData(events, 'card').find((c): c is HandoffCard => c.type === 'handoff')
  return { events, meta, handoff, profile, text: answerText(events) }
}

function withHandoff(patch: Partial<SiteConfig['handoff']>): SiteConfig {
  return { ...demoConfig, handoff: { ...demoConfig.handoff, ...patch } }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('handoff: the visitor asks for a person', () => {
  it.each([['转人工'], ['人工客服在吗'], ['我要找客服'], ['能让真人来回答吗'], ['帮我转接人工']])('"%s" hands off', async (text) => {
    const { meta, handoff } = await converse([text])
    expect(meta.topic).toBe('handoff:asked')
    expect(handoff?.reason).toBe('asked')
  })

  it.each([['Can I talk to a human?'], ['agent please'], ['I want to speak to a real person']])('"%s" hands off in English', async (text) => {
    const { meta, handoff, text: reply } = await converse([text], { lang: 'en' })
    expect(meta.topic).toBe('handoff:asked')
    expect(handoff?.next).not.toMatch(/\p{Script=Han}/u)
    expect(reply).not.toMatch(/\p{Script=Han}/u)
  })

  it('fills the handoff card: reason, next, hours, online, contacts; no products, no promotion', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-23T04:00:00Z')) // Monday 12:00 in Shanghai
    const { events, handoff, text } = await converse(['转人工'])
    expect(HandoffCardSchema.parse(handoff)).toEqual({
      type: 'handoff',
      reason: 'asked',
      next: '人工客服暂时无法加入这个对话。可以通过下面的方式联系我们。',
      hours: '每天 9:00–21:00',
      online: true,
      contacts: [
        { label: '客服热线 400-800-1234', href: 'tel:4008001234' },
        { label: '发邮件给我们', href: 'mailto:service@huike.example' },
      ],
    })
    // Short: the card carries what happens next, the hours and the contacts. No live channel: no promise.
    expect(text).toBe('好的。这里暂时无法直接转接人工客服。您可以通过下方的方式联系我们。')
    expect(eventData(events, 'card')).toHaveLength(1)
    expect(eventData(events, 'meta')[0]!.products).toEqual([])
    const replies = eventData(events, 'suggest')[0]!.replies
    expect(replies.some((r) => /推荐|优惠|多少钱/.test(r))).toBe(false)
  })

  it('says people are off duty outside business hours, with the hours', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-23T14:30:00Z')) // 22:30 in Shanghai
    const { handoff, text } = await converse(['转人工'])
    expect(handoff).toMatchObject({ online: false, hours: '每天 9:00–21:00' })
    expect(handoff!.next).toContain('不是人工服务时间')
    // No promise of help right now, and not the card's paragraph word for word.
    expect(text).toBe('好的。人工客服的服务时间是每天 9:00–21:00，现在不在服务时间内。您可以通过下方的方式联系我们。')
    expect(text).not.toMatch(/马上|这就|请稍候/)
    expect(text).not.toContain(handoff!.next)
    vi.setSystemTime(new Date('2026-11-23T00:59:00Z')) // 08:59
    expect((await converse(['转人工'])).handoff!.online).toBe(false)
    vi.setSystemTime(new Date('2026-11-23T01:00:00Z')) // 09:00
    expect((await converse(['转人工'])).handoff!.online).toBe(true)
  })

  it('knows the days: a shop closed on Sundays is offline then', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-22T04:00:00Z')) // Sunday noon in Shanghai
    const config = withHandoff({ hours: { days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00', timezone: 'Asia/Shanghai' } })
    const { handoff } = await converse(['转人工'], { appUnder: testApp({ config }) })
    expect(handoff).toMatchObject({ online: false, hours: '周一至周五 9:00–18:00' })
  })

  it('without business hours people are always there, and the card has no hours', async () => {
    const config = withHandoff({ hours: undefined, contacts: [] })
    const { handoff } = await converse(['转人工'], { appUnder: testApp({ config }) })
    expect(handoff).toEqual({ type: 'handoff', reason: 'asked', next: '人工客服暂时无法加入这个对话。有其他问题可以继续问我。', online: true })
  })

  it('takes extra phrases from the config, and can be switched off', async () => {
    const phrases = testApp({ config: withHandoff({ phrases: ['找小二'] }) })
    expect((await converse(['找小二'], { appUnder: phrases })).meta.topic).toBe('handoff:asked')
    const off = testApp({ config: withHandoff({ rules: { ...demoConfig.handoff.rules, asked: false } }) })
    expect((await converse(['转人工'], { appUnder: off })).handoff).toBeUndefined()
  })
})

describe('handoff: an angry visitor', () => {
  it('gets an apology in short sentences, a person, and no products', async () => {
    // Within business hours: the offline text is the site's own, not the concise apology under test.
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-23T04:00:00Z')) // Monday 12:00 in Shanghai
    const { meta, handoff, text, events } = await converse(['你们这什么垃圾服务！！！退钱！！！'])
    expect(meta.topic).toBe('handoff:angry')
    expect(handoff?.reason).toBe('angry')
    expect(text).toMatch(/^非常抱歉/)
    for (const sentence of text.split('。').filter(Boolean)) expect(sentence.length).toBeLessThan(30)
    expect(eventData(events, 'card').every((c) => c.type === 'handoff')).toBe(true)
  })

  it('is handed off by the rule whatever the message, when the sentiment is angry', () => {
    const handle = createHandoffHandler({ now: () => new Date('2026-11-23T04:00:00Z') })
    const reply = handle(dialogueContext(['我的X5屏幕坏了，我要退货'], { sentiment: 'angry', intent: 'aftersales' }))
    expect(reply?.topic).toBe('handoff:angry')
    expect(reply?.products).toEqual([])
    expect(reply?.notice).toEqual({ type: 'handoff', data: { reason: 'angry', online: true, hours: '每天 9:00–21:00', live: false, form: false, sentiment: 'angry', intent: 'aftersales' } })
    expect(reply?.brief).toMatch(/No products, no offers/)
  })

  it('is not handed off for anger when the rule is off', () => {
    const config = withHandoff({ rules: { ...demoConfig.handoff.rules, angry: false } })
    expect(createHandoffHandler()(dialogueContext(['什么破东西'], { sentiment: 'angry', config }))).toBeUndefined()
  })
})

describe('handoff: three negative turns in a session', () => {
  it('hands off on the third, counting in the profile the widget sends back', async () => {
    const two = await converse(['X5 不好用', '太失望了'])
    expect(two.handoff).toBeUndefined()
    expect(two.profile.session).toEqual({ id: 's_test', negative: 2, unresolved: expect.any(Number) })
    const three = await converse(['X5 不好用', '太失望了', '真是太差劲了'])
    expect(three.meta.topic).toBe('handoff:negative')
    expect(three.text).toMatch(/^抱歉/)
    // The person takes over: the counters start again.
    expect(three.profile.session).toEqual({ id: 's_test', negative: 0, unresolved: 0 })
  })

  it('does not hand off for one mild complaint', async () => {
    const { handoff, profile } = await converse(['有点失望，表带颜色和图片不太一样'])
    expect(handoff).toBeUndefined()
    expect(profile.session).toMatchObject({ negative: 1 })
  })

  it('starts again in a new session: counters of another sessionId are ignored and replaced', async () => {
    const stale = { session: { id: 's_old', negative: 2, unresolved: 1 } }
    const { handoff, profile } = await converse(['太失望了'], { profile: stale, sessionId: 's_new' })
    expect(handoff).toBeUndefined()
    expect(profile.session).toMatchObject({ id: 's_new', negative: 1 })
    // The same counters under the right id do hand off.
    const same = await converse(['太失望了'], { profile: { session: { id: 's_new', negative: 2, unresolved: 0 } }, sessionId: 's_new' })
    expect(same.meta.topic).toBe('handoff:negative')
  })

  it('merges the counters into the turn\'s one profile patch, just before done', async () => {
    const { events } = await converse(['X5 不好用'])
    const order = events.map((e) => e.event)
    expect(order.filter((n) => n === 'profile')).toHaveLength(1)
    expect(order.indexOf('profile')).toBe(order.length - 2)
    // A complaint that asks nothing gets no X5 card, so X5 is not added to the products asked about.
    expect(eventData(events, 'profile')[0]!.patch).toEqual({ session: { id: 's_test', negative: 1, unresolved: 0 } })
  })

  it('sends no session patch for a calm, answered turn', async () => {
    const { events } = await converse(['X5 儿童手表多少钱？'])
    expect(eventData(events, 'profile').every((p) => !('session' in p.patch))).toBe(true)
  })

  it('reads malformed counters as zero', () => {
    const ctx = dialogueContext(['你好'], { profile: { session: { id: 's_test', negative: 'lots', unresolved: -3 } } })
    expect(sessionOf(ctx.request)).toEqual({ id: 's_test', negative: 0, unresolved: 0 })
  })
})

describe('handoff: two unresolved rounds in a row', () => {
  it('does not hand off for a single product we do not sell', async () => {
    const { handoff, profile, text } = await converse(['有卖自行车吗？'])
    expect(handoff).toBeUndefined()
    expect(text).toContain('没找到')
    expect(profile.session).toEqual({ id: 's_test', negative: 0, unresolved: 1 })
  })

  it('hands off when the assistant cannot answer twice in a row', async () => {
    const { meta, handoff, text } = await converse(['有卖 iPhone 15 吗？', '那华为 Mate 60 呢？'])
    expect(meta.topic).toBe('handoff:unresolved')
    expect(handoff?.reason).toBe('unresolved')
    expect(text).toMatch(/^抱歉，这个问题我没能帮您解决/)
  })

  it('hands off when the visitor says the answers missed: 不是这个, 答非所问', async () => {
    const { meta } = await converse(['X5 儿童手表多少钱？', '不是这个', '答非所问'])
    expect(meta.topic).toBe('handoff:unresolved')
    const en = await converse(['How much is the X5?', "that's not what I asked", 'useless answer, not what I asked'], { lang: 'en' })
    expect(en.meta.topic).toBe('handoff:unresolved')
  })

  it('counts consecutive rounds only: an answered question in between starts again', async () => {
    const { handoff, profile } = await converse(['有卖自行车吗？', 'X5 儿童手表多少钱？', '有卖 iPhone 15 吗？'])
    expect(handoff).toBeUndefined()
    expect(profile.session).toMatchObject({ unresolved: 1 })
  })

  it('never counts greetings or thanks as missed', async () => {
    const { handoff } = await converse(['你好', '在吗', '谢谢'])
    expect(handoff).toBeUndefined()
  })

  it('never counts a turn an after-sales handler answered', async () => {
    const { meta, handoff } = await converse(['我要查保修', '订单号 202311150123，2025年3月2日买的'])
    expect(handoff).toBeUndefined()
    expect(meta.topic).toBe('warranty:ask') // no product yet: asked for it, not a miss
  })

  it('follows the configured count, or never when it is false', () => {
    const two = { session: { id: 's_test', negative: 0, unresolved: 1 } }
    const three = withHandoff({ rules: { ...demoConfig.handoff.rules, unresolved: 3 } })
    expect(createUnresolvedHandoffHandler()(dialogueContext(['有卖自行车吗？'], { profile: two, config: three }))).toBeUndefined()
    const never = withHandoff({ rules: { ...demoConfig.handoff.rules, unresolved: false } })
    expect(createUnresolvedHandoffHandler()(dialogueContext(['有卖自行车吗？'], { profile: two, config: never }))).toBeUndefined()
    expect(createUnresolvedHandoffHandler()(dialogueContext(['有卖自行车吗？'], { profile: two }))?.topic).toBe('handoff:unresolved')
  })
})

describe('handoff rules, words', () => {
  it('recognises requests for a person, and not product talk', () => {
    for (const t of ['转人工', '人工', '找客服', 'talk to a human', 'can I speak with someone', 'live agent']) expect(isSmallTalk(t)).toBe(false)
    expect(saysUnhelpful('没用')).toBe(true)
    expect(saysUnhelpful('我还没用过')).toBe(false)
    expect(saysUnhelpful("That's not what I asked")).toBe(true)
  })

  it('sees a repeated question', () => {
    const asked = (a: string, b: string) => repeatsQuestion([{ role: 'user', content: a }, { role: 'assistant', content: '…' }, { role: 'user', content: b }])
    expect(asked('X5 防水吗？', 'X5防水吗')).toBe(true)
    expect(asked('X5 防水吗？', 'Z7 多少钱？')).toBe(false)
  })

  it('advances the counters from the plan', () => {
    const ctx = dialogueContext(['有卖自行车吗？'], { sentiment: 'negative', profile: { session: { id: 's_test', negative: 1, unresolved: 0 } } })
    expect(advanceSession(ctx.request, ctx.sentiment, ctx.productPlan)).toEqual({ id: 's_test', negative: 2, unresolved: 1 })
  })

  it('words the English reply for each reason', () => {
    const now = new Date('2026-11-23T04:00:00Z')
    const ctx = dialogueContext(['help'], { lang: 'en' })
    expect(handoffReply(ctx, 'angry', now).text).toMatch(/^I'm really sorry/)
    expect(handoffReply(ctx, 'negative', now).cards[0]).toMatchObject({ reason: 'negative', hours: 'Every day 9:00–21:00 (Beijing time)', online: true })
  })
})

describe('handoff config', () => {
  it('fills the defaults when the section is missing', () => {
    const { handoff, ...rest } = demoConfig
    void handoff
    const config = parseSiteConfig(rest, 'site.json')
    expect(config.handoff.rules).toEqual({ asked: true, angry: true, unresolved: 2, negative: 3 })
    expect(config.handoff.contacts).toEqual([])
  })

  it('names the path of a bad time zone, time, contact or webhook', () => {
    const bad = (handoff: unknown) => () => parseSiteConfig({ ...demoConfig, handoff }, 'site.json')
    expect(bad({ hours: { days: [1], open: '9:00', close: '18:00' } })).toThrow(/handoff\.hours\.open/)
    expect(bad({ hours: { days: [1], open: '09:00', close: '18:00', timezone: 'Mars/Olympus' } })).toThrow(/handoff\.hours\.timezone/)
    expect(bad({ contacts: [{ label: 'x', href: 'javascript:alert(1)' }] })).toThrow(/handoff\.contacts(\[0\]|\.0)\.href/)
    expect(bad({ webhook: 'ftp://example.com' })).toThrow(ConfigError)
    expect(bad({ rules: { unresolved: 0 } })).toThrow(/handoff\.rules\.unresolved/)
    expect(bad({ rule: {} })).toThrow(/rule/)
  })
})
