// Human handoff (config `handoff`): the visitor asks for a person, is angry, has been negative too
// often this session, or the assistant missed twice in a row. The reply is short and apologetic
// where it should be, carries a handoff card (reason, what happens next, hours, online, contacts),
// resets the session counters and raises a `handoff` notice (delivered to the webhook after the
// stream). Two handlers: the explicit rules go first of all; "unresolved" goes last, so a turn that
// a flow or after-sales handler can answer is never counted as missed.
import { localized, type SiteConfig } from '../../../shared/config.ts'
import { HANDOFF_REASONS, type HandoffCard, type Lang } from '../../../shared/protocol.ts'
import { hoursText, isOpen } from './handoff-hours.ts'
import { asksForPerson } from './handoff-rules.ts'
import { advanceSession, resetSession, sessionOf } from './handoff-session.ts'
import type { DialogueContext, DialogueHandler, DialogueReply } from './types.ts'

export type HandoffReason = (typeof HANDOFF_REASONS)[number]

export interface HandoffOptions {
  /** The clock, for business hours; default: now. */
  now?: () => Date
}

const TEXTS: Record<Lang, {
  /** The first words, by reason: an apology where one is due, never a promise. */
  opener: Record<HandoffReason, string>
  /** What happens now, in one short sentence; the card carries the details (hours, contacts). */
  online: (reason: HandoffReason) => string
  offline: (hours: string | undefined) => string
  onlineCard: string
  offlineCard: string
  suggestions: { online: string[]; offline: string[] }
  sep: string
}> = {
  'zh-CN': {
    opener: {
      asked: '好的。',
      angry: '非常抱歉，让您不愉快了。',
      unresolved: '抱歉，这个问题我没能帮您解决。',
      negative: '抱歉，给您添麻烦了。',
    },
    online: (reason) => (reason === 'asked' ? '这就为您转接人工客服，请稍候。' : '我这就请人工客服来处理，请稍候。'),
    offline: (hours) => `现在人工客服不在线，我已把您的问题留言给他们，他们会在上班后${hours ? `（${hours}）` : ''}第一时间回复您。`,
    onlineCard: '人工客服马上接入，请稍候，不要关闭窗口。',
    offlineCard: '现在不在人工服务时间。服务时间：{hours}。您的问题已经记下，客服上班后会第一时间联系您。',
    suggestions: { online: ['好的，我等一下', '我先说说遇到的问题'], offline: ['好的', '我先把问题说清楚'] },
    sep: '',
  },
  en: {
    opener: {
      asked: 'Sure.',
      angry: "I'm really sorry about this.",
      unresolved: "Sorry I couldn't answer that.",
      negative: 'Sorry for the trouble.',
    },
    online: (reason) => (reason === 'asked' ? "I'm passing you to a colleague now; please stay here." : "I'm asking a colleague to join this chat now; please stay here."),
    offline: (hours) => `Our team is offline right now, so I've left your question for a person to pick up; they'll reply as soon as they're back${hours ? ` (we're open ${hours.replace(/^Every day\b/, 'every day').replace(/ \((.+)\)$/, ', $1')})` : ''}.`,
    onlineCard: 'A colleague will join this chat shortly. Please keep this window open.',
    offlineCard: 'Our team is away right now. Opening hours: {hours}. Your message is saved and a colleague will contact you as soon as we open.',
    suggestions: { online: ["OK, I'll wait", 'Let me describe the problem'], offline: ['OK', 'Let me describe the problem first'] },
    sep: ' ',
  },
}

/** Words only a handoff reply says: an earlier assistant message with them means the visitor was handed over. */
const HANDED_OFF = [/这就为您转接人工客服，请稍候|我这就请人工客服来处理|已把您的问题留言给他们/, /passing you to a colleague now|asking a colleague to join this chat|I've left your question for a person/]

/** Whether an earlier assistant message handed the visitor to a person (or left the team a message). */
export function handedOff(messages: readonly { role: string; content: string }[]): boolean {
  return messages.some((m) => m.role === 'assistant' && HANDED_OFF.some((re) => re.test(m.content)))
}

const BRIEF: Record<HandoffReason, string> = {
  asked: 'The visitor asked for a person. Confirm the handoff in one or two short sentences.',
  angry: 'The visitor is angry. Apologise once, sincerely, in short plain sentences. No products, no offers, no excuses.',
  unresolved: 'The assistant could not answer twice in a row. Apologise briefly and confirm a person will help. No products or offers.',
  negative: 'The visitor has been unhappy for several turns. Apologise briefly and confirm a person will follow up. No products or offers.',
}

export interface HandoffStatus {
  online: boolean
  hours?: string
}

export function handoffStatus(config: SiteConfig, lang: Lang, now: Date): HandoffStatus {
  const { hours } = config.handoff
  if (!hours) return { online: true }
  return { online: isOpen(hours, now), hours: hoursText(hours, lang) }
}

/** The handoff card: why, what happens next, the hours and other ways to reach the shop. */
export function handoffCard(config: SiteConfig, lang: Lang, reason: HandoffReason, now: Date): HandoffCard {
  const { next, contacts } = config.handoff
  const { online, hours } = handoffStatus(config, lang, now)
  const t = TEXTS[lang]
  const template = online ? (next.online ? localized(next.online, lang) : t.onlineCard) : next.offline ? localized(next.offline, lang) : t.offlineCard
  return {
    type: 'handoff',
    reason,
    next: template.replaceAll('{hours}', hours ?? ''),
    ...(hours !== undefined && { hours }),
    online,
    ...(contacts.length > 0 && { contacts: contacts.map((c) => ({ label: localized(c.label, lang), href: c.href })) }),
  }
}

export function handoffReply(ctx: DialogueContext, reason: HandoffReason, now: Date): DialogueReply {
  const card = handoffCard(ctx.config, ctx.lang, reason, now)
  const t = TEXTS[ctx.lang]
  return {
    topic: `handoff:${reason}`,
    text: `${t.opener[reason]}${t.sep}${card.online ? t.online(reason) : t.offline(card.hours)}`,
    brief: `${BRIEF[reason]} ${card.online ? 'People are on duty now.' : `People are off duty now (hours: ${card.hours}); the message is saved for them.`}`,
    products: [],
    cards: [card],
    suggestions: card.online ? t.suggestions.online : t.suggestions.offline,
    profile: { session: resetSession(ctx.request) },
    notice: { type: 'handoff', data: { reason, online: card.online, ...(card.hours !== undefined && { hours: card.hours }), sentiment: ctx.sentiment, intent: ctx.intent } },
  }
}

/** The rules decided by the visitor's own words and mood: asked, angry, too many negative turns. */
export function createHandoffHandler(options: HandoffOptions = {}): DialogueHandler {
  const now = options.now ?? (() => new Date())
  return (ctx) => {
    const { rules, phrases } = ctx.config.handoff
    if (rules.asked && asksForPerson(ctx.question, phrases, ctx.productQuestion)) return handoffReply(ctx, 'asked', now())
    if (rules.angry && ctx.sentiment === 'angry') return handoffReply(ctx, 'angry', now())
    if (rules.negative !== false) {
      const negative = sessionOf(ctx.request).negative + (ctx.sentiment === 'negative' || ctx.sentiment === 'angry' ? 1 : 0)
      if (negative >= rules.negative) return handoffReply(ctx, 'negative', now())
    }
    return undefined
  }
}

/** Registered last: the turn no other handler answers, after `rules.unresolved` misses in a row. */
export function createUnresolvedHandoffHandler(options: HandoffOptions = {}): DialogueHandler {
  const now = options.now ?? (() => new Date())
  return (ctx) => {
    const { unresolved } = ctx.config.handoff.rules
    if (unresolved === false) return undefined
    const next = advanceSession(ctx.request, ctx.sentiment, ctx.productPlan)
    return next.unresolved >= unresolved ? handoffReply(ctx, 'unresolved', now()) : undefined
  }
}

export const handoffHandler = createHandoffHandler()
export const unresolvedHandoffHandler = createUnresolvedHandoffHandler()
