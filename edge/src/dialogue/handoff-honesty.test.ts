// What a handoff may promise (CONTRACT §6): a person only when a live channel is on within the hours,
// a "leave a message" form only when a webhook can carry it, otherwise the hours and the contacts.
import { describe, expect, it } from 'vitest'
import type { SiteConfig } from '../../../shared/config.ts'
import { HANDOFF_REASONS, type HandoffCard, type Lang } from '../../../shared/protocol.ts'
import { converse, demoConfig, testApp } from '../testing.ts'
import { handedOff, handoffReply } from './handoff.ts'
import { dialogueContext } from './handoff-testing.ts'
import type { DialogueContext } from './types.ts'

const ON_DUTY = new Date('2026-11-23T04:00:00Z') // Monday 12:00 in Shanghai
const OFF_DUTY = new Date('2026-11-23T14:30:00Z') // 22:30
const LANGS: Lang[] = ['zh-CN', 'en']
/** A person joining, as a certainty or a request to wait for one. */
const PROMISE = /马上|请稍候|稍等|不要关闭|已请人工客服|will join|shortly|stay here|window open|asked a person|right away/i

function withHandoff(patch: Partial<SiteConfig['handoff']>): SiteConfig {
  return { ...demoConfig, handoff: { ...demoConfig.handoff, ...patch } }
}

function reply(lang: Lang, now: Date, extra: Partial<DialogueContext> = {}, reason: (typeof HANDOFF_REASONS)[number] = 'asked') {
  const r = handoffReply({ ...dialogueContext(['转人工'], { lang }), ...extra }, reason, now)
  return { text: r.text, card: r.cards[0] as HandoffCard, reply: r }
}

describe('without a live channel nobody is promised', () => {
  for (const lang of LANGS)
    for (const [when, now] of [['in hours', ON_DUTY], ['out of hours', OFF_DUTY]] as const)
      for (const reason of HANDOFF_REASONS)
        it(`${lang}, ${when}, ${reason}: no promise in the bubble or the card, no live wait`, () => {
          for (const extra of [{}, { webhook: true }]) {
            const { text, card } = reply(lang, now, extra, reason)
            expect(text).not.toMatch(PROMISE)
            expect(card.next).not.toMatch(PROMISE)
            expect(card.live).toBeUndefined()
          }
        })

  it('outside the hours even a live channel brings nobody: the hours instead', () => {
    for (const lang of LANGS) {
      const { text, card } = reply(lang, OFF_DUTY, { live: { waitMs: 120_000 } })
      expect(card.live).toBeUndefined()
      expect(text).not.toMatch(PROMISE)
      expect(text).toContain('9:00–21:00')
    }
  })

  it('with neither a live channel nor a webhook: hours and contacts only, no form', () => {
    const { text, card } = reply('zh-CN', OFF_DUTY)
    expect(card.form).toBeUndefined()
    expect(card.contacts).toHaveLength(2)
    expect(text).toBe('好的。人工客服的服务时间是每天 9:00–21:00，现在不在服务时间内。您可以通过下方的方式联系我们。')
    const en = reply('en', ON_DUTY)
    expect(en.text).toBe("Sure. I can't bring a person into this chat. You can reach us below.")
    expect(en.card.form).toBeUndefined()
  })

  it('with no contacts either, points back to the assistant rather than at nothing', () => {
    const config = withHandoff({ contacts: [] })
    const r = handoffReply(dialogueContext(['转人工'], { config }), 'asked', ON_DUTY)
    expect(r.text).toBe('好的。这里暂时无法直接转接人工客服。有其他问题可以继续问我。')
    expect(r.text).not.toContain('下方')
  })

  it('tells the model never to promise a person, whatever it words', () => {
    expect(reply('en', ON_DUTY).reply.brief).toMatch(/never say or imply a person will join/)
    expect(reply('en', ON_DUTY, { webhook: true }).reply.brief).toMatch(/never say or imply one will/)
  })
})

describe('a live channel within the hours', () => {
  it('carries the wait and says how long it usually takes at most, and that the assistant stays', () => {
    const zh = reply('zh-CN', ON_DUTY, { live: { waitMs: 180_000 } })
    expect(zh.card.live).toEqual({ waitMs: 180_000 })
    expect(zh.card.form).toBeUndefined()
    expect(zh.text).toBe('好的。我已请人工客服加入对话，一般 3 分钟内会有人回复；等待时您也可以继续问我。')
    const en = reply('en', ON_DUTY, { live: { waitMs: 90_000 } }, 'angry')
    expect(en.text).toBe("I'm really sorry about this. I've asked a person from our team to join this chat; it usually takes up to 2 min. You can keep asking me meanwhile.")
    expect(en.card.next).toContain('up to 2 min')
    for (const r of [zh, en]) expect(`${r.text} ${r.card.next}`).not.toMatch(/马上|shortly|stay here|window open/i)
    expect(en.reply.notice?.data).toMatchObject({ live: true, form: false })
  })

  it('also says a message can be left after the wait, when a webhook can carry it', () => {
    const { card, text } = reply('zh-CN', ON_DUTY, { live: { waitMs: 180_000 }, webhook: true })
    expect(card).toMatchObject({ live: { waitMs: 180_000 }, form: true })
    expect(text).toContain('我已请人工客服加入对话')
  })

  it("uses the site's own online text, unless it promises a person at once", () => {
    const own = withHandoff({ next: { online: { 'zh-CN': '客服通常 {hours} 内几分钟回复。', en: 'Usually a few minutes.' } } })
    expect(handoffReply({ ...dialogueContext(['转人工'], { config: own }), live: { waitMs: 60_000 } }, 'asked', ON_DUTY).cards[0]).toMatchObject({ next: '客服通常 每天 9:00–21:00 内几分钟回复。' })
    // The demo's "人工客服马上接入，请稍候，不要关闭窗口。" is a certainty nobody can keep.
    expect(reply('zh-CN', ON_DUTY, { live: { waitMs: 60_000 } }).card.next).toBe('正在联系人工客服，通常不超过 1 分钟。等待时可以继续向 AI 助手提问。')
  })
})

describe('the "leave a message" form', () => {
  it('is offered only when a webhook can carry the message: the config\'s, or HUIKE_WEBHOOK_URL', () => {
    expect(reply('zh-CN', ON_DUTY).card.form).toBeUndefined()
    expect(reply('zh-CN', ON_DUTY, { webhook: true }).card.form).toBe(true)
    const offline = { 'zh-CN': '现在不在人工服务时间（{hours}）。留言后客服上班时会联系您。', en: "We're away ({hours}). Leave a message and we'll contact you when we open." }
    const config = withHandoff({ webhook: 'https://hooks.example/huike', next: { offline } })
    const viaConfig = handoffReply(dialogueContext(['转人工'], { config }), 'asked', OFF_DUTY)
    expect(viaConfig.cards[0]).toMatchObject({ form: true, online: false })
    expect(viaConfig.text).toBe('好的。人工客服的服务时间是每天 9:00–21:00，现在不在服务时间内。您可以在下方给客服留言。')
    // The site's offline text is for exactly this: nobody on duty, a message waits for the team.
    expect((viaConfig.cards[0] as HandoffCard).next).toBe('现在不在人工服务时间（每天 9:00–21:00）。留言后客服上班时会联系您。')
    expect(viaConfig.notice?.data).toMatchObject({ live: false, form: true })
  })

  it('in English within the hours says what happens to the message', () => {
    const { text, card } = reply('en', ON_DUTY, { webhook: true })
    expect(text).toBe("Sure. I can't bring a person into this chat. You can leave them a message below.")
    expect(card.next).toBe("A person can't join this chat. Leave your contact details and question; the team will get back to you during opening hours.")
  })

  it('reaches the widget through the chat route when the config names a webhook', async () => {
    // The handoff notice goes to a stub: no request leaves the test.
    const app = testApp({ config: withHandoff({ webhook: 'https://hooks.example/huike' }), webhook: { fetch: async () => new Response('ok') } })
    const { cards, text } = await converse(app, ['转人工'])
    expect(cards.find((c): c is HandoffCard => c.type === 'handoff')).toMatchObject({ form: true })
    expect(text).toContain('留言')
    expect(text).not.toMatch(PROMISE)
  })
})

describe('handedOff', () => {
  it("recognises today's texts in every mode, and earlier versions' in stored conversations", () => {
    const said = (content: string) => handedOff([{ role: 'assistant', content }])
    for (const lang of LANGS)
      for (const now of [ON_DUTY, OFF_DUTY])
        for (const extra of [{}, { webhook: true }, { live: { waitMs: 60_000 } }]) expect(said(reply(lang, now, extra).text)).toBe(true)
    expect(said('好的。这就为您转接人工客服，请稍候。')).toBe(true)
    expect(said("Our team is offline right now, so I've left your question for a person to pick up.")).toBe(true)
    expect(said('X5 儿童手表 899 元。')).toBe(false)
    expect(handedOff([{ role: 'user', content: '我已请人工客服加入对话' }])).toBe(false)
  })
})
