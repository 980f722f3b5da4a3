// What the visitor wants (intent) and how they feel (sentiment), from their newest message.
// A deliberately tiny keyword placeholder: issue 5 replaces it with a trained classifier behind the
// same signature, so callers must not depend on how it decides.
import type { ChatMessage, Intent, Lang, Sentiment } from '../../shared/protocol.ts'

export interface TurnUnderstanding {
  intent: Intent
  sentiment: Sentiment
}

export interface TurnContext {
  /** The question names or follows up on a catalog product: then it is presales unless it says otherwise. */
  aboutProduct?: boolean
}

/** Checked in this order: an explicit request for a person beats a complaint, which beats a return. */
const INTENT_KEYWORDS: [Intent, RegExp][] = [
  ['human', /人工|客服|真人|转接|\bhuman\b|\bagent\b|real person/i],
  ['complaint', /投诉|差评|骗子|垃圾|举报|\bcomplain/i],
  ['aftersales', /退货|退款|退钱|售后|保修|质保|维修|坏了|换货|\breturn|\brefund|warranty|broken|repair/i],
  ['promotion', /优惠|折扣|打折|券|满减|活动|便宜点|\bcoupon|discount|promo|\bdeal|\bsale\b/i],
  ['presales', /多少钱|价格|价钱|售价|推荐|有没有|有.{0,8}吗|哪款|区别|对比|参数|颜色|尺寸|库存|有货|\bprice|how much|\bcost|recommend|which|\bcolou?r|in stock|compare/i],
]

const ANGRY = /垃圾|骗子|退钱|坑人|气死|滚|refund now|scam|fraud/i
const NEGATIVE = /不满意|失望|太差|没用|不好用|差劲|难用|useless|disappoint|terrible|awful|bad\b|not happy/i
const POSITIVE = /谢谢|多谢|太好了|很好|不错|喜欢|\bthanks?\b|thank you|great|awesome|perfect|love it/i

/** "THIS IS USELESS" shouts; "X5" or "IP68" does not. */
function isShouting(text: string): boolean {
  const letters = text.replace(/[^A-Za-z]/g, '')
  return letters.length >= 8 && letters === letters.toUpperCase() && /[A-Z]{3,}/.test(text)
}

export function classifySentiment(text: string): Sentiment {
  if (/[!！]{2,}/.test(text) || ANGRY.test(text) || isShouting(text)) return 'angry'
  if (NEGATIVE.test(text)) return 'negative'
  if (POSITIVE.test(text)) return 'positive'
  return 'neutral'
}

export function classifyIntent(text: string, context: TurnContext = {}): Intent {
  for (const [intent, pattern] of INTENT_KEYWORDS) if (pattern.test(text)) return intent
  return context.aboutProduct ? 'presales' : 'other'
}

/** `lang` is unused by the keyword rules (they know both languages) but is part of the seam. */
export function classifyTurn(messages: readonly ChatMessage[], _lang: Lang, context: TurnContext = {}): TurnUnderstanding {
  const text = messages.findLast((m) => m.role === 'user')?.content ?? ''
  return { intent: classifyIntent(text, context), sentiment: classifySentiment(text) }
}
