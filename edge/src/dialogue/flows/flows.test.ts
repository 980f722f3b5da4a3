// Guided-selling flows over HTTP, the way the widget talks to the edge: the messages accumulate with
// the edge's answers, every `profile` patch is merged into the profile sent with the next request.
import { describe, expect, it } from 'vitest'
import type { Card, ChatEvent, ChatMessage, VisitorProfile } from '../../../../shared/protocol.ts'
import { prepareTurn } from '../../chat-turn.ts'
import { answerText, askChat, converse, demoCatalog, demoConfig, eventData, testApp } from '../../testing.ts'
import { ChatRequestSchema } from '../../../../shared/protocol.ts'
import { planTurn } from '../../knowledge/plan.ts'
import { Vocabulary } from '../../knowledge/synonyms.ts'
import type { DialogueContext } from '../types.ts'
import { flowHandler } from './handler.ts'
import { fingerprint, type FlowState } from './state.ts'

const app = testApp()

interface Answer {
  text: string
  topic?: string
  cards: Card[]
  products: string[]
  replies: string[]
  patch?: VisitorProfile
  flow?: FlowState
}

/** A visitor with a widget: same ids every turn, history and profile kept. */
function visitor(o: { lang?: 'zh-CN' | 'en'; profile?: VisitorProfile; sessionId?: string; visitorId?: string } = {}) {
  const messages: ChatMessage[] = []
  let profile: VisitorProfile = { ...o.profile }
  const ids = { visitorId: o.visitorId ?? 'v_flow', sessionId: o.sessionId ?? 's_flow' }
  return {
    get profile() {
      return profile
    },
    async say(text: string): Promise<Answer> {
      messages.push({ role: 'user', content: text })
      const events: ChatEvent[] = await askChat(app, messages, { ...ids, profile, lang: o.lang ?? 'zh-CN' })
      const answer = answerText(events)
      messages.push({ role: 'assistant', content: answer })
      const patch = eventData(events, 'profile')[0]?.patch
      if (patch) profile = { ...profile, ...patch }
      const cards = eventData(events, 'card')
      const topic = eventData(events, 'meta')[0]?.topic
      return {
        text: answer,
        ...(topic && { topic }),
        cards,
        products: cards.flatMap((c) => (c.type === 'product' ? [c.product.id] : [])),
        replies: eventData(events, 'suggest')[0]?.replies ?? [],
        ...(patch && { patch }),
        ...(patch?.flow !== undefined && { flow: patch.flow as FlowState }),
      }
    },
  }
}

describe('filling slots', () => {
  it('leaves a specific request without a start word to the product knowledge', async () => {
    const a = await visitor().say('送女朋友的手表，两千以内')
    expect(a.topic).toBeUndefined()
    expect(a.products).toEqual(['watch-lady', 'watch-sport'])
  })

  it('fills several slots from one message and recommends at once', async () => {
    const a = await visitor().say('给女朋友买，两千左右，简约一点')
    expect(a.topic).toBe('flow:gift-watch')
    expect(a.flow?.slots).toEqual({ budget: { around: 2000, min: 1600, max: 2400 }, recipient: '女士', style: '简约' })
    expect(a.products).toEqual(['watch-lady'])
    expect(a.text).toContain('¥1890')
  })

  it('asks the missing slot with quick replies, one at a time, then recommends', async () => {
    const v = visitor()
    const first = await v.say('我想送个礼物')
    expect(first.topic).toBe('flow:gift-watch')
    expect(first.text).toContain('预算大概多少？')
    expect(first.replies.slice(0, 3)).toEqual(['两千左右', '1500以内', '3000以内'])
    expect(first.cards).toEqual([])
    const second = await v.say('两千左右')
    expect(second.text).toContain('是送给谁的呢？')
    expect(second.replies).toContain('女朋友/老婆')
    expect(second.flow).toMatchObject({ step: 'recipient', slots: { budget: { around: 2000 } } })
    const third = await v.say('女朋友/老婆')
    expect(third.text).toContain('喜欢什么风格？')
    // The styles some remaining product has come first.
    expect(third.replies[0]).toBe('简约')
    const last = await v.say('简约')
    expect(last.flow?.step).toBe('done')
    expect(last.products).toEqual(['watch-lady'])
  })

  it('recommends only products that meet every answer, each card with a reason', async () => {
    const v = visitor()
    await v.say('帮我挑一份礼物')
    await v.say('3000以内')
    // Style is still open: the recommendation waits for it.
    expect((await v.say('爸爸')).products).toEqual([])
    const done = await v.say('商务风的')
    expect(done.topic).toBe('flow:gift-watch')
    expect(done.products).toEqual(['watch-classic'])
    for (const card of done.cards) {
      if (card.type !== 'product') continue
      const p = demoCatalog.get(card.product.id)!
      expect(p.price).toBeLessThanOrEqual(3000)
      expect(p.attributes['适用人群']).toBe('男士')
      expect(card.product.note).toMatch(/适用人群：男士.*风格：简约商务/)
    }
  })

  it('answers a specific request at once and offers to narrow it down', async () => {
    const a = await visitor().say('想送女朋友一个礼物，两千以内')
    expect(a.topic).toBe('flow:gift-watch')
    expect(a.products.sort()).toEqual(['watch-lady', 'watch-sport'])
    expect(a.products.every((id) => demoCatalog.get(id)!.price <= 2000)).toBe(true)
    expect(a.text).toContain('喜欢什么风格？')
    expect(a.flow?.step).toBe('style')
  })

  it('reads an age and several must-have features for a kids\' watch', async () => {
    const v = visitor()
    expect((await v.say('儿童手表推荐')).text).toContain('孩子今年几岁？')
    expect((await v.say('8岁')).flow?.slots).toEqual({ age: 8 })
    const a = await v.say('定位和防水')
    expect(a.flow?.slots.features).toEqual(['定位', '防水'])
    expect(a.products.sort()).toEqual(['x5', 'y1'])
  })

  it('takes every feature of a list answer ("定位和通话", "要定位、视频通话和防水")', async () => {
    const v = visitor({ sessionId: 's_flow_list' })
    await v.say('帮我挑儿童手表')
    await v.say('8岁')
    const a = await v.say('定位和通话')
    expect(a.flow?.slots.features).toEqual(['定位', '视频通话'])
    expect(a.products).toEqual(['x5'])
    const w = visitor({ sessionId: 's_flow_list3' })
    await w.say('帮我挑儿童手表')
    await w.say('8岁')
    const b = await w.say('要定位、视频通话和防水')
    expect(b.flow?.slots.features).toEqual(['定位', '视频通话', '防水'])
    expect(b.text).toContain('定位、视频通话、防水')
  })

  it('runs in English', async () => {
    const v = visitor({ lang: 'en' })
    expect((await v.say("I'm looking for a gift")).text).toContain("What's your budget?")
    expect((await v.say('under 2000')).text).toContain('Who is it for?')
    await v.say('for my girlfriend')
    const a = await v.say('minimalist')
    expect(a.text).toContain('Based on what you told me')
    expect(a.products).toEqual(['watch-lady'])
  })
})

describe('starting a flow', () => {
  it('starts the skincare flow on a request for skincare advice, not just on its literal keywords', async () => {
    for (const text of ['有什么护肤品推荐', '我想买护肤品', '帮我挑护肤品']) {
      const a = await visitor({ sessionId: `s_start_${text}` }).say(text)
      expect(a.flow?.id, text).toBe('skincare')
      expect(a.text, text).toContain('您是什么肤质？')
      expect(a.products, text).toEqual([])
    }
    const en = await visitor({ lang: 'en', sessionId: 's_start_en' }).say('Can you recommend some skincare?')
    expect(en.flow?.id).toBe('skincare')
  })

  it('leaves a skincare product question to the product knowledge', async () => {
    const price = await visitor({ sessionId: 's_start_price' }).say('护肤品多少钱')
    expect(price.flow).toBeUndefined()
    expect(price.products.length).toBeGreaterThan(0)
    // "油皮用什么洁面" names the product it wants: it gets that product at once.
    const oily = await visitor({ sessionId: 's_start_oily' }).say('油皮用什么洁面')
    expect(oily.products).toEqual(['oil-cleanser'])
  })
})

describe('confirming, skipping and changing', () => {
  it('confirms a bare amount before relying on it', async () => {
    const v = visitor()
    const a = await v.say('给女朋友买，两千，简约一点')
    expect(a.text).toContain('预算是¥2000左右，对吗？')
    expect(a.replies.slice(0, 2)).toEqual(['是的', '改一下'])
    expect(a.flow).toMatchObject({ step: 'confirm', pending: { budget: { around: 2000 } } })
    expect(a.flow?.slots.budget).toBeUndefined()
    expect(a.cards).toEqual([])
    const yes = await v.say('是的')
    expect(yes.flow?.slots.budget).toEqual({ around: 2000, min: 1600, max: 2400 })
    expect(yes.products).toEqual(['watch-lady'])
  })

  it('asks again when the visitor says the guess is wrong', async () => {
    const v = visitor()
    await v.say('给女朋友买，两千，简约一点')
    const no = await v.say('改一下')
    expect(no.text).toContain('预算大概多少？')
    expect(no.flow?.pending).toBeUndefined()
  })

  it('confirms an option matched only fuzzily', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    await v.say('两千左右')
    await v.say('女朋友')
    const a = await v.say('简洁')
    expect(a.text).toContain('风格是简约，对吗？')
    expect(a.flow?.pending).toEqual({ style: '简约' })
  })

  it('skips a slot ("跳过", "都可以") and recommends without it', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    const skipped = await v.say('跳过')
    expect(skipped.text).toContain('预算不限')
    expect(skipped.flow).toMatchObject({ step: 'recipient', skipped: ['budget'] })
    await v.say('女朋友')
    const a = await v.say('都可以')
    expect(a.flow?.skipped).toEqual(['budget', 'style'])
    expect(a.products.sort()).toEqual(['watch-lady', 'watch-sport'])
  })

  it('changes an answer mid-flow ("预算改成三千", "换成送男朋友")', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    await v.say('两千以内')
    const budget = await v.say('预算改成三千')
    expect(budget.text).toContain('改为预算¥3000以内')
    expect(budget.flow?.slots.budget).toEqual({ max: 3000 })
    expect(budget.text).toContain('是送给谁的呢？')
    await v.say('女朋友')
    const recipient = await v.say('换成送男朋友')
    expect(recipient.flow?.slots.recipient).toBe('男士')
    expect(recipient.text).toContain('改为送礼对象男士')
  })

  it('re-recommends when an answer changes after the recommendation', async () => {
    const v = visitor()
    const first = await v.say('给女朋友买，两千左右，简约一点')
    expect(first.products).toEqual(['watch-lady'])
    const a = await v.say('换成送男朋友')
    expect(a.flow?.slots.recipient).toBe('男士')
    // No man's watch costs about ¥2000: said honestly, with the closest one.
    expect(a.text).toContain('没有完全符合')
    expect(a.products).toEqual(['watch-classic'])
  })

  it('says so honestly when no product fits, and shows the nearest', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    await v.say('500以内')
    const a = await v.say('男朋友')
    expect(a.text).toMatch(/没有完全符合.*最接近的是/s)
    expect(a.products).toEqual(['watch-sport'])
  })
})

/** A turn after `before` (visitor messages, each answered), the flow state in the profile. */
function context(before: string[], question: string, flow?: Partial<FlowState>, o: { sessionId?: string; profile?: VisitorProfile } = {}): DialogueContext {
  const sessionId = o.sessionId ?? 's_ctx'
  const messages = [...before.flatMap((content) => [{ role: 'user' as const, content }, { role: 'assistant' as const, content: '好的。' }]), { role: 'user' as const, content: question }]
  const state = flow && { id: 'gift-watch', slots: {}, step: 'budget', sessionId, q: fingerprint(before.at(-1) ?? ''), ...flow }
  const request = ChatRequestSchema.parse({ visitorId: 'v_ctx', sessionId, messages, profile: { ...o.profile, ...(state && { flow: state }) } })
  const vocabulary = Vocabulary.of(demoConfig)
  const productPlan = planTurn({ messages: request.messages, page: request.page, lang: request.lang }, demoCatalog, vocabulary)
  return { request, question, lang: request.lang, intent: 'presales', sentiment: 'neutral', catalog: demoCatalog, config: demoConfig, vocabulary, productPlan }
}

describe('the flow handler', () => {
  it('offers the options and "跳过" as quick replies for the missing slot', () => {
    const reply = flowHandler(context(['我想送个礼物'], '两千左右', { step: 'budget' }))!
    expect(reply.suggestions).toEqual(['女朋友/老婆', '男朋友/老公', '孩子', '跳过'])
    // Without replies in the config, an enum slot offers its options, those some product has first.
    const style = flowHandler(context(['女朋友'], '两千左右', { step: 'budget', slots: { recipient: '女士' } }))!
    expect(style.suggestions).toEqual(['简约', '精致', '商务', '运动', '跳过'])
  })

  it('shows the other products on "还有别的吗", then says there are no more', () => {
    // Skincare: four products, so a recommendation of three leaves one. (A gift with every question
    // skipped has only the three adults' watches: children's watches are for a child.)
    const first = flowHandler(context(['都可以'], '随便', { id: 'skincare', step: 'budget', skipped: ['skinType', 'concern'] }))!
    expect(first.cards).toHaveLength(3)
    expect(first.suggestions).toContain('还有别的吗？')
    const shown = (first.profile!.flow as FlowState).shown!
    const more = flowHandler(context(['都可以', '随便'], '还有别的吗？', first.profile!.flow as FlowState))!
    const others = more.products.map((p) => p.id)
    expect(others.length).toBeGreaterThan(0)
    expect(others.some((id) => shown.includes(id))).toBe(false)
    const none = flowHandler(context(['都可以', '随便', '还有别的吗？'], '还有别的吗？', more.profile!.flow as FlowState))!
    expect(none.text).toContain('没有别的了')
    expect(none.cards).toEqual([])
  })

  it('starts over on "重新挑选"', () => {
    const reply = flowHandler(context(['简约'], '重新挑选', { step: 'done', slots: { budget: { max: 2000 }, recipient: '女士', style: '简约' }, shown: ['watch-lady'] }))!
    expect(reply.text).toBe('好的，我们重新来。预算大概多少？')
    expect((reply.profile!.flow as FlowState).slots).toEqual({})
  })

  it('lets small talk and questions it cannot answer go to the usual answer', () => {
    expect(flowHandler(context(['我想送个礼物'], '谢谢', { step: 'budget' }))).toBeUndefined()
    expect(flowHandler(context(['我想送个礼物'], '你们几点发货？', { step: 'budget' }))).toBeUndefined()
    // A short answer it cannot read is asked again.
    expect(flowHandler(context(['我想送个礼物'], '嗯', { step: 'budget' }))!.text).toBe('抱歉，没太明白。预算大概多少？')
  })

  it('confirms a budget remembered from an earlier visit instead of asking it again', () => {
    const reply = flowHandler(context([], '我想送个礼物', undefined, { profile: { budget: 2000, budgetRange: { around: 2000, min: 1600, max: 2400 } } }))!
    expect(reply.text).toContain('上次您说过预算是¥2000左右，这次还按这个来吗？')
    expect(reply.suggestions).toEqual(['是的', '改一下'])
  })
})

describe('flow state in the profile', () => {
  it('is carried between turns by the shared converse() helper, like the widget, unless told not to', async () => {
    const merged = await converse(app, ['帮我挑儿童手表', '8岁', '定位和通话'], { lang: 'zh-CN', profile: { skinType: '干性' } })
    expect(merged.profile.skinType).toBe('干性')
    expect((merged.profile.flow as FlowState).slots).toEqual({ age: 8, features: ['定位', '视频通话'] })
    expect(merged.cards.map((c) => (c.type === 'product' ? c.product.id : c.type))).toEqual(['x5'])
    // Without merging, every turn starts from the same profile: the flow never hears its answers.
    const fresh = await converse(app, ['帮我挑儿童手表', '8岁'], { lang: 'zh-CN' }, { mergeProfile: false })
    expect(fresh.profile).toEqual({})
    expect(fresh.text).not.toContain('记下了：孩子年龄8岁')
  })

  it('patches the profile with the slots, and the next request carries on from it', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    const a = await v.say('两千左右')
    expect(a.patch).toMatchObject({ budget: 2000, budgetRange: { around: 2000 }, flow: { id: 'gift-watch', step: 'recipient', sessionId: 's_flow' } })
    // A fresh conversation with the same profile and session: the widget's history was cleared, say.
    const again = visitor({ profile: v.profile })
    const b = await again.say('女朋友')
    expect(b.topic).toBe('flow:gift-watch')
    expect(b.flow?.slots).toMatchObject({ budget: { around: 2000 }, recipient: '女士' })
  })

  it('does not carry on a flow of an earlier visit, but offers what it remembered', async () => {
    const earlier = visitor({ sessionId: 's_first' })
    await earlier.say('油皮怎么护肤')
    expect(earlier.profile.skinType).toBe('油性')
    const later = visitor({ sessionId: 's_second', profile: earlier.profile })
    expect((await later.say('控油')).topic).toBeUndefined()
    const v = visitor({ sessionId: 's_third', profile: earlier.profile })
    const a = await v.say('帮我挑护肤品')
    expect(a.text).toContain('上次您说过肤质是油性，这次还按这个来吗？')
    expect(a.flow).toMatchObject({ step: 'confirm', recalled: true, pending: { skinType: '油性' } })
    const yes = await v.say('是的')
    expect(yes.text).toContain('最想解决什么问题？')
    expect(yes.flow?.slots.skinType).toBe('油性')
  })

  it('leaves the flow for a product question and comes back to it', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    await v.say('两千左右')
    const aside = await v.say('Aurora 女表防水吗')
    expect(aside.topic).toBeUndefined()
    expect(aside.text).toContain('30米')
    expect(aside.flow).toBeUndefined() // paused, not lost: the profile still holds it
    expect((v.profile.flow as FlowState).step).toBe('recipient')
    const back = await v.say('女朋友')
    expect(back.topic).toBe('flow:gift-watch')
    expect(back.text).toContain('接着刚才的送礼选表')
    expect(back.flow?.slots).toMatchObject({ budget: { around: 2000 }, recipient: '女士' })
  })

  it('leaves for a product the flow does not sell, and resumes on "继续"', async () => {
    const v = visitor()
    await v.say('我想送个礼物')
    const aside = await v.say('有降噪耳机吗')
    expect(aside.topic).toBeUndefined()
    const back = await v.say('继续')
    expect(back.topic).toBe('flow:gift-watch')
    expect(back.text).toContain('预算大概多少？')
  })

  it('puts the flow state and known slots into the LLM brief', () => {
    const flow: FlowState = { id: 'gift-watch', slots: { budget: { around: 2000, min: 1600, max: 2400 } }, step: 'recipient', sessionId: 's_llm', q: 'x' }
    const request = {
      visitorId: 'v_llm',
      sessionId: 's_llm',
      messages: [
        { role: 'user' as const, content: '我想送个礼物' },
        { role: 'assistant' as const, content: '预算大概多少？' },
        { role: 'user' as const, content: '女朋友' },
      ],
      profile: { flow },
      page: {},
      lang: 'zh-CN' as const,
    }
    const turn = prepareTurn(request, demoCatalog, demoConfig)
    expect(turn.plan.kind).toBe('dialogue')
    expect(turn.input.system).toContain('Guided-selling flow "gift-watch"')
    expect(turn.input.system).toMatch(/Known: 预算¥2000左右; 送给女士\./)
    expect(turn.input.system).toContain('ask exactly this one question')
  })
})
