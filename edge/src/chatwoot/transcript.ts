// How a handed-off conversation reads in Chatwoot. The public API posts every message as the
// contact's, so the assistant's and earlier agents' lines carry a label saying who wrote them; the
// visitor's own lines stay bare, as a customer's messages look in any inbox. What is known of the
// visitor goes twice: as the contact's custom attributes (filterable in Chatwoot) and as a first
// note, since the attribute panel shows only attributes the account has defined.
// Texts are posted as the caller gives them: already masked, never unmasked here.
import type { ConversationDetail, LiveMessage, VisitorContext } from '../../../shared/live.ts'

export type BridgeLang = 'zh-CN' | 'en'

const LABELS = {
  'zh-CN': {
    visitor: '访客',
    assistant: '🤖 AI 助手',
    agent: '👤 客服',
    heading: '【慧客转人工】',
    reason: '原因',
    reasons: { asked: '访客要求人工', unresolved: '助手未能解决', angry: '访客情绪激动', negative: '访客不满意', aftersales: '售后问题' },
    keyword: '搜索词',
    campaign: '活动',
    source: '来源',
    page: '页面',
    products: '看过的商品',
    answers: '已回答',
    intent: '意图',
    sentiment: '情绪',
    transcript: '—— 以下为此前的对话 ——',
  },
  en: {
    visitor: 'Visitor',
    assistant: '🤖 AI assistant',
    agent: '👤 Agent',
    heading: '[huike handoff]',
    reason: 'Reason',
    reasons: { asked: 'asked for a person', unresolved: 'the assistant could not resolve it', angry: 'visitor is upset', negative: 'visitor is unhappy', aftersales: 'after-sales case' },
    keyword: 'Search keyword',
    campaign: 'Campaign',
    source: 'Source',
    page: 'Page',
    products: 'Products viewed',
    answers: 'Answers',
    intent: 'Intent',
    sentiment: 'Sentiment',
    transcript: '— the conversation so far —',
  },
} as const

/** The contact's display name: we know no real name, only a stable tail of the visitor id. */
export function contactName(visitorId: string, lang: BridgeLang): string {
  return `${LABELS[lang].visitor} ${visitorId.replace(/^v_/, '').slice(-6)}`
}

const productList = (visitor: VisitorContext) => visitor.products.map((p) => `${p.name} (${p.id})`).join(', ')

/** Flat scalars, as Chatwoot's custom attributes hold them; empty ones left out. */
export function contactAttributes(detail: ConversationDetail): Record<string, string> {
  const v = detail.visitor
  const attributes: Record<string, string | undefined> = {
    huike_visitor_id: detail.visitorId,
    huike_lang: v.lang,
    huike_keyword: v.keyword,
    huike_campaign: v.campaign,
    huike_source: v.source,
    huike_page: v.page,
    huike_intent: v.intent,
    huike_sentiment: v.sentiment,
    huike_products: productList(v) || undefined,
  }
  return Object.fromEntries(Object.entries(attributes).filter((entry): entry is [string, string] => !!entry[1]))
}

/** On the Chatwoot conversation: lets a webhook find our conversation even if the link store forgot it. */
export function conversationAttributes(detail: ConversationDetail): Record<string, string> {
  return { huike_conversation_id: detail.id, huike_visitor_id: detail.visitorId, huike_reason: detail.reason }
}

/** The first message of the Chatwoot conversation: why it came, and what is known of the visitor. */
export function contextNote(detail: ConversationDetail, lang: BridgeLang): string {
  const t = LABELS[lang]
  const v = detail.visitor
  const answers = Object.entries(v.answers).map(([key, value]) => `${key}: ${value}`).join(', ')
  const lines: [string, string | undefined][] = [
    [t.reason, t.reasons[detail.reason]],
    [t.keyword, v.keyword],
    [t.campaign, v.campaign],
    [t.source, v.source],
    [t.page, v.page],
    [t.products, productList(v) || undefined],
    [t.answers, answers || undefined],
    [t.intent, v.intent],
    [t.sentiment, v.sentiment],
  ]
  const shown = lines.filter(([, value]) => value).map(([label, value]) => `${label}: ${value}`)
  return [t.heading, ...shown, ...(detail.messages.length ? [t.transcript] : [])].join('\n')
}

/** One message of the transcript as it is posted: the visitor's bare, anyone else's labelled. */
export function transcriptLine(message: LiveMessage, lang: BridgeLang): string {
  const t = LABELS[lang]
  if (message.role === 'user') return message.content
  const who = message.role === 'assistant' ? t.assistant : `${t.agent} ${message.agent?.name ?? ''}`.trim()
  return `${who}: ${message.content}`
}
