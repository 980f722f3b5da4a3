// Concise mode and small talk in the offline responder, through the real chat route (issue 5:
// negative or angry → short sentences, an apology, the next concrete step, no promotion, no upsell).
import { describe, expect, it } from 'vitest'
import type { ChatMessage, VisitorProfile } from '../../../shared/protocol.ts'
import { answerText, askChat, eventData, testApp } from '../testing.ts'
import { chitChat } from '../understanding/chit-chat.ts'

const app = testApp()

/** The widget's way: its own answers in the history, every profile patch merged into the next request. */
async function talk(turns: string[], extra: Record<string, unknown> = {}) {
  const messages: ChatMessage[] = []
  let profile: VisitorProfile = {}
  const replies: { text: string; meta: ReturnType<typeof eventData<'meta'>>[number]; cards: ReturnType<typeof eventData<'card'>> }[] = []
  for (const turn of turns) {
    messages.push({ role: 'user', content: turn })
    const events = await askChat(app, messages, { profile, ...extra })
    for (const { patch } of eventData(events, 'profile')) profile = { ...profile, ...patch }
    const text = answerText(events)
    replies.push({ text, meta: eventData(events, 'meta')[0]!, cards: eventData(events, 'card') })
    messages.push({ role: 'assistant', content: text })
  }
  return { replies, last: replies.at(-1)!, profile }
}

/** A product blurb or a price: what concise mode must not add unasked. */
const BLURB = /售价|¥\d|九重定位|OLED|您可以看看/

describe('offline concise mode for negative and angry visitors', () => {
  it('answers a complaint about the service with an apology and the next step, no products', async () => {
    const { last } = await talk(['客服回复太慢了，很不满意'])
    expect(last.meta.sentiment).toMatch(/negative|angry/)
    expect(last.text).toMatch(/^非常抱歉/)
    expect(last.text).toContain('转人工')
    expect(last.text).not.toMatch(BLURB)
  })

  it('does not append a blurb of the product in focus to "没用" or a complaint', async () => {
    for (const complaint of ['没用', '客服回复太慢了，很不满意', '这也太差了吧']) {
      const { last } = await talk(['X5多少钱', complaint])
      expect(last.text, complaint).toMatch(/^非常抱歉/)
      expect(last.text, complaint).toMatch(/具体哪里没解决好|转人工/)
      expect(last.text, complaint).not.toMatch(BLURB)
    }
  })

  it('still answers what an unhappy visitor asked, after the apology, without extras', async () => {
    const { last } = await talk(['X5有什么颜色', '烦死了，到底有没有粉色'])
    expect(last.meta.sentiment).toBe('negative')
    expect(last.text).toMatch(/^非常抱歉.*有的，X5 儿童智能手表有粉色/)
    expect(last.text).not.toMatch(/售价/)
  })

  it('names no alternatives when an unhappy visitor asks for a product we do not sell', async () => {
    const { last } = await talk(['你们这都没有 X9 吗？差评'])
    if (last.meta.topic?.startsWith('handoff')) return // an angry reading hands off instead: also fine
    expect(last.text).toMatch(/^非常抱歉/)
    expect(last.text).toContain('本店没有“X9”')
    expect(last.text.match(/抱歉/g)).toHaveLength(1) // apologise once
    expect(last.text).not.toMatch(/您可以看看/)
  })

  it('works in English', async () => {
    const { last } = await talk(['How much is the X5?', 'this is useless, very disappointed'], { lang: 'en' })
    if (last.meta.topic?.startsWith('handoff')) return
    expect(last.text).toMatch(/^I'm very sorry/)
    expect(last.text).toMatch(/talk to a human/)
    expect(last.text).not.toMatch(/¥899|don't mention/)
  })

  it('keeps a calm turn as it was: the overview of the product asked about', async () => {
    const { last } = await talk(['介绍一下Z7'])
    expect(last.meta.sentiment).toBe('neutral')
    expect(last.text).toContain('Z7 智能手机，售价 ¥3299')
  })
})

describe('offline small talk', () => {
  it('answers "在吗" with "在的", never a product, however often it is asked', async () => {
    const { replies } = await talk(['在吗', '在吗', '在吗'])
    expect(replies[0]!.text).toBe('在的，请问有什么可以帮您？')
    for (const r of replies) {
      expect(r.text).toMatch(/^在的/)
      expect(r.text).not.toMatch(BLURB)
      expect(r.cards).toEqual([])
    }
  })

  it('answers "你是机器人吗" honestly: an AI assistant, and how to reach a person', async () => {
    const { last, profile } = await talk(['你是机器人吗'])
    expect(last.text).toContain('AI')
    expect(last.text).toContain('转人工')
    expect(last.text).not.toContain('没找到')
    expect(last.cards).toEqual([])
    // Answered: no unresolved round is counted towards a handoff.
    expect((profile as { session?: { unresolved: number } }).session?.unresolved ?? 0).toBe(0)
  })

  it('redirects off-topic requests politely to shopping help', async () => {
    const { last } = await talk(['讲个笑话'])
    expect(last.text).toMatch(/^这个我帮不上忙/)
    expect(last.text).toContain('购物助手')
    expect(last.text).not.toContain('没找到')
    const en = await talk(['hi there', "what's the weather like today?"], { lang: 'en' })
    expect(en.last.text).toMatch(/^I can't help with that/)
    expect(en.last.text).not.toMatch(/¥\d/)
  })

  it('does not hand off after two off-topic or identity questions', async () => {
    const { replies } = await talk(['你是机器人吗', '讲个笑话', '今天天气怎么样'])
    for (const r of replies) expect(r.cards.some((c) => c.type === 'handoff')).toBe(false)
  })

  it('still admits when a product we do not sell was asked for', async () => {
    const { last } = await talk(['有卖自行车吗？'])
    expect(last.text).toContain('没找到')
  })
})

describe('chitChat', () => {
  it('tells presence checks, greetings, identity and off-topic apart from product questions', () => {
    expect(['在吗', '在吗？', '在不在', '有人吗', '你好，在吗', 'are you there?', 'anyone there'].map(chitChat)).toEqual(Array(7).fill('presence'))
    expect(['你好', '您好！', 'hello', 'hi there'].map(chitChat)).toEqual(Array(4).fill('greeting'))
    expect(['你是机器人吗', '你是AI吗', 'are you a bot?', '你是谁'].map(chitChat)).toEqual(Array(4).fill('identity'))
    expect(['讲个笑话', '今天天气怎么样', 'tell me a joke'].map(chitChat)).toEqual(Array(3).fill('offtopic'))
    for (const q of ['你好，X5多少钱', 'X5 下雨天能戴吗', '在吗，Z7有货吗', '有卖自行车吗？', 'X5 防水吗']) expect(chitChat(q), q).toBeUndefined()
  })
})

describe('concise mode apologises once', () => {
  it('drops the apology of a later sentence ("抱歉，X5 目前没有紫色")', async () => {
    const { last } = await talk(['X5有什么颜色', '烦死了，到底有没有紫色'])
    expect(last.meta.sentiment).toBe('negative')
    expect(last.text).toMatch(/^非常抱歉/)
    expect(last.text.match(/抱歉/g)).toHaveLength(1)
    expect(last.text).toContain('X5 儿童智能手表目前没有紫色')
  })
})

describe('no product cards under small talk or an upset turn that asks nothing', () => {
  const app = testApp()
  const afterGreeting = (text: string) => [
    { role: 'assistant' as const, content: '您好！想了解哪款商品？比如 X5 儿童智能手表、Z7 智能手机。' },
    { role: 'user' as const, content: text },
  ]
  const cards = async (messages: Parameters<typeof askChat>[1]) => eventData(await askChat(app, messages), 'card')

  it.each(['你是机器人吗', '今天天气怎么样', '你好'])('%s after a greeting that named products: no card', async (text) => {
    expect(await cards(afterGreeting(text))).toEqual([])
  })

  it('"没用" after a product answer: an apology, no card; an upset question that asks something keeps its card', async () => {
    const talk = [{ role: 'user' as const, content: 'X5多少钱' }, { role: 'assistant' as const, content: 'X5 儿童智能手表售价 ¥899。' }]
    expect(await cards([...talk, { role: 'user', content: '没用' }])).toEqual([])
    const upsetButAsking = await cards([...talk, { role: 'user', content: '太贵了！有没有防水的？' }])
    expect(upsetButAsking.map((c) => c.type)).toContain('product')
  })
})

describe('quick replies after a turn that shows no products', () => {
  const app = testApp()
  const replies = async (messages: Parameters<typeof askChat>[1]) => eventData(await askChat(app, messages), 'suggest')[0]?.replies ?? []

  it('an upset visitor is offered a person, not more product questions', async () => {
    expect(await replies([{ role: 'user', content: 'X5多少钱' }, { role: 'assistant', content: 'X5 儿童智能手表售价 ¥899。' }, { role: 'user', content: '太慢了，没用！' }])).toEqual(['转人工'])
  })

  it('small talk gets the site\'s greeting suggestions', async () => {
    const greeting = (await import('../testing.ts')).demoConfig.greeting.suggestions.map((s) => (typeof s === 'string' ? s : s['zh-CN']))
    expect(await replies('你是机器人吗')).toEqual(greeting.slice(0, 3))
  })
})
