// What the visitor's words say about handing off: asking for a person, saying the answer missed,
// repeating the question, or just saying hello/thanks (which is neither an answer nor a miss).
import type { ChatMessage } from '../../../shared/protocol.ts'

/** 转人工, 人工客服, "talk to a human", "agent"… Site phrases are added from config.handoff.phrases. */
const ASKS_FOR_PERSON =
  /转人工|人工客服|人工服务|人工坐席|(?:找|要|接|叫|换|转接?)(?:个)?人工|^\s*人工\s*[!！。.]*\s*$|(?:找|叫|联系|要|转)(?:一下|个)?(?:你们)?(?:的)?客服|真人|活人|不要机器人|别用机器人|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|your\s+|some\s+|real\s+|actual\s+)*(?:human|person|agent|someone|somebody|representative|people)\b|\b(?:human|live)\s+(?:agent|support|person|being|help)\b|\breal\s+(?:person|human)\b|\bagent\b|\brepresentative\b|\boperator\b/i

/** "没用", "不是这个", "答非所问", "that's not what I asked". */
const DISSATISFIED =
  /没用(?!过)|没有用|没啥用|不是这个|答非所问|不是我(?:要|想)?问的|我问的不是|你没(?:听|看)?懂|听不懂(?:吗|人话)|没回答|不对啊|说的不对|牛头不对马嘴|\bnot\s+what\s+i\s+(?:asked|meant|wanted|want)\b|\bdid\s*n[o']?t\s+(?:answer|help)\b|\bdoes\s*n[o']?t\s+help\b|\bnot\s+helpful\b|\buseless\b|\bwrong\s+answer\b|\byou\s+(?:do\s*n[o']?t|did\s*n[o']?t)\s+understand\b|\bthat'?s\s+not\s+it\b/i

/** Greetings, thanks and acknowledgements: no question to answer, so no round won or lost. */
const SMALL_TALK =
  /^(?:你好|您好|hi|hello|hey|哈喽|嗨|在吗|在不在|谢谢(?:你|您|啦|了)?|多谢|感谢|好的?|ok(?:ay)?|嗯+|哦+|噢|行|可以|明白了?|知道了|收到|thanks?(?:\s+you)?|thx|got\s+it|bye|再见|拜拜|没事了|没有了|不用了)[\s!！。.~～,，👍🙏]*$/i

/**
 * Inside a question about a product only these count: "X5 的定位要找客服开通吗" asks how a feature is
 * switched on, "这是真人试戴图吗" asks about a photo, "What cleaning agent does it use?" about an
 * ingredient; "转人工" or "talk to a human" is a request wherever it appears.
 */
const CLEARLY_ASKS_FOR_PERSON =
  /转人工|人工客服|人工服务|人工坐席|(?:找|要|接|叫|换|转接?)(?:个)?人工|^\s*人工\s*[!！。.]*\s*$|真人客服|(?:^|[,，。!！\s])(?:我要|我想|帮我|给我)?(?:找|叫|转|换)(?:个)?(?:真人|客服)(?:吧|来|好了)?\s*(?:[,，。!！]|$)|不要机器人|别用机器人|\b(?:talk|speak|chat)\s+(?:to|with)\s+(?:a\s+|an\s+|your\s+|some\s+|real\s+|actual\s+)*(?:human|person|agent|someone|somebody|representative|people)\b|\b(?:human|live)\s+(?:agent|support|person|being|help)\b|\breal\s+(?:person|human)\b/i

/** `productQuestion`: the message is a calm question about a product (product-question.ts). */
export function asksForPerson(text: string, extraPhrases: readonly string[] = [], productQuestion = false): boolean {
  if ((productQuestion ? CLEARLY_ASKS_FOR_PERSON : ASKS_FOR_PERSON).test(text)) return true
  const lower = text.toLowerCase()
  return extraPhrases.some((p) => lower.includes(p.toLowerCase()))
}

export function saysUnhelpful(text: string): boolean {
  return DISSATISFIED.test(text)
}

export function isSmallTalk(text: string): boolean {
  return SMALL_TALK.test(text.trim())
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[\s\p{P}\p{S}]+/gu, '')
}

function bigrams(text: string): Set<string> {
  const out = new Set<string>()
  for (let i = 0; i < text.length - 1; i++) out.add(text.slice(i, i + 2))
  return out
}

/** The newest user message asks (nearly) the same as the one before it. */
export function repeatsQuestion(messages: readonly ChatMessage[]): boolean {
  const users = messages.filter((m) => m.role === 'user')
  if (users.length < 2) return false
  const a = normalize(users.at(-1)!.content)
  const b = normalize(users.at(-2)!.content)
  if (a.length < 2 || b.length < 2) return false
  if (a === b) return true
  const x = bigrams(a)
  const y = bigrams(b)
  let shared = 0
  for (const g of x) if (y.has(g)) shared++
  return (2 * shared) / (x.size + y.size) >= 0.8
}
