// The words of after-sales turns, in Chinese and English: a return, a quality problem, a change of
// mind, a warranty question. Kept apart from the intent classifier so the rules stay explicit.
import type { ChatMessage } from '../../../../shared/protocol.ts'

export const RETURN_CUE =
  /退货|退款|退钱|退换|换货|退掉|想退|要退|能退|可以退|怎么退|申请退|七天无理由|7天无理由|\breturn(?:s|ing|ed)?\b|\brefund|\bsend\s+(?:it|this|them)\s+back\b|\bexchange\b/i

export const QUALITY_CUE =
  /破损|损坏|坏了|坏的|摔坏|质量问题|质量有问题|质量太差|漏水|进水|裂了|裂开|碎了|屏幕裂|屏裂|不开机|开不了机|开不开机|无法开机|不能开机|充不进电|充不上电|不充电|死机|黑屏|花屏|故障|瑕疵|有划痕|掉漆|失灵|不灵|用不了|不能用|没反应|\bbroken\b|\bbroke\b|\bdefective\b|\bfaulty\b|\bdamaged\b|\bcracked\b|\bleak(?:s|ing)?\b|\bwon'?t\s+(?:turn|switch|power)\s+on\b|\b(?:does|did)\s*n[o']?t\s+(?:work|turn\s+on|charge)\b|\bnot\s+working\b|\bstopped\s+working\b|\bdead\s+on\s+arrival\b|\bscratch(?:ed|es)?\b/i

export const CHANGE_OF_MIND_CUE =
  /不喜欢|不想要了|不要了|不需要了|用不上|尺码不合适|尺寸不合适|大小不合适|不合适|太大了|太小了|买错了|拍错了|下错单|选错了|颜色不喜欢|和图片不一样|不太满意|\bchanged?\s+my\s+mind\b|\bdon'?t\s+(?:like|want|need)\b|\bno\s+longer\s+(?:need|want)\b|\bwrong\s+(?:size|colou?r|item|model)\b|\b(?:does|did)\s*n[o']?t\s+fit\b|\btoo\s+(?:big|small|large|tight|loose)\b|\bordered\s+(?:the\s+)?wrong\b|\bby\s+mistake\b/i

export const WARRANTY_CUE = /保修|质保|过保|保固|在保|保内|三包|\bwarrant(?:y|ies)\b|\bguarantee\b|\bunder\s+cover\b/i

/** The visitor has the product: "我买的", "收到", "my watch". A quality word alone may be a presales worry. */
export const OWNERSHIP_CUE = /我买的|买的|买了|收到|到货|刚到|拿到|用了|我的|\bi\s+(?:bought|ordered|got|received|purchased)\b|\bmy\b|\barrived\b|\bjust\s+got\b/i

/** "会坏吗", "容易坏吗", "will it break": a question before buying, not a problem. */
export const PRESALES_WORRY = /会不会|会.{0,6}吗|容易|耐不耐|经不经|\bwill\s+it\b|\bdoes\s+it\s+break\b|\bis\s+it\s+durable\b|\bhow\s+durable\b/i

/** The newest user messages, newest first (at most `count`). */
export function recentUserTexts(messages: readonly ChatMessage[], count: number): string[] {
  const out: string[] = []
  for (let i = messages.length - 1; i >= 0 && out.length < count; i--) if (messages[i]!.role === 'user') out.push(messages[i]!.content)
  return out
}
