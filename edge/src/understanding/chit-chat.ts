// Small talk, recognised without the catalog: "在吗", a greeting, "你是机器人吗",
// and requests that have nothing to do with shopping ("讲个笑话", "what's the weather like?").
// A plain acknowledgement ("好的", "嗯", "OK", "谢谢") gets a short one back and no product.
// A whole message only: "你好，X5 多少钱" is a product question.

export type ChitChat = 'presence' | 'greeting' | 'identity' | 'offtopic' | 'ack'

const END = String.raw`[\s?？!！。.~～,，…]*$`
/** "在吗", "有人吗", "are you there?" (optionally after a greeting). */
const PRESENCE = new RegExp(
  String.raw`^(?:(?:你好|您好|哈喽|嗨|hi|hello|hey)[\s,，!！~～]*)?(?:(?:请问)?(?:客服)?(?:还)?(?:在吗|在么|在嘛|在不在|在不|有人吗|有人在吗|有没有人|人呢)|(?:is\s+)?any(?:one|body)\s+(?:there|here|around)|are\s+you\s+(?:still\s+)?there)${END}`,
  'i',
)
const GREETING = new RegExp(String.raw`^(?:你好|您好|哈喽|嗨|hi|hello|hey|good\s+(?:morning|afternoon|evening))(?:\s+there)?(?:呀|啊)?${END}`, 'i')
/** "好的", "嗯嗯", "OK", "谢谢", "thanks": nothing asked, nothing to answer but a short acknowledgement. */
const ACK = new RegExp(
  String.raw`^(?:(?:好的?|好吧|好嘞|好滴|行|可以|嗯+|恩+|哦+|噢+|喔+|收到|知道了|明白了?|了解了?|懂了|ok(?:ay)?|okie|k|sure|got\s+it|i\s+see|alright|all\s+right|fine|cool|great|noted)[\s,，]*)*(?:(?:谢谢|多谢|感谢|谢啦|谢了|辛苦了|thanks?(?:\s+(?:a\s+lot|so\s+much|very\s+much))?|thank\s+you(?:\s+(?:so|very)\s+much)?|thx|ty|cheers)(?:你|您)?(?:啦|了|哈|呀|啊)?)?(?:啦|了|哈|呀|啊|哦|吧)?${END}`,
  'i',
)

/**
 * Asking what the assistant is. ("真人", "不要机器人" ask for a person: the handoff rules take those
 * first.) "扫地机器人吗" or "RV-9是机器人吗" asks about a robot the shop sells, not about the assistant.
 */
const IDENTITY =
  /你是(?:不是)?(?:个|一个)?(?:机器人|人工智能|ai|bot|程序)|(?:^|请问|这边|对面)\s*(?:是|是不是)(?:机器人|ai)(?:吗|么|嘛)?[\s?？!！。.~～]*$|^机器人(?:吗|么|嘛)[\s?？!！。.~～]*$|你是谁|你是什么|\bare\s+you\s+(?:a\s+|an\s+)?(?:bot|robot|ai|machine|real|human|person)\b|\bwho\s+are\s+you\b|\bwhat\s+are\s+you\b/i
/** Not about shopping at all. */
const OFF_TOPIC =
  /笑话|段子|天气(?:怎么样|如何|好吗|预报)|唱(?:首|个)?歌|讲(?:个)?故事|陪我聊|聊聊天|闲聊|现在几点|你几岁|你叫什么|吃(?:了)?饭了?吗|\bjokes?\b|\bweather\b|\bsing\b|\bstory\b|\bchat\s+with\s+me\b|\bwhat\s+time\s+is\s+it\b|\bhow\s+old\s+are\s+you\b/i

export function chitChat(question: string): ChitChat | undefined {
  const q = question.trim()
  if (PRESENCE.test(q)) return 'presence'
  if (GREETING.test(q)) return 'greeting'
  if (q && ACK.test(q) && /[\p{L}]/u.test(q)) return 'ack'
  if (IDENTITY.test(q)) return 'identity'
  if (OFF_TOPIC.test(q)) return 'offtopic'
  return undefined
}
