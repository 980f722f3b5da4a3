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
  opener: Record<HandoffReason, string>
  online: string
  offline: string
  suggestions: { online: string[]; offline: string[] }
  sep: string
}> = {
  'zh-CN': {
    opener: {
      asked: '好的，这就为您转接人工客服。',
      angry: '非常抱歉，让您不愉快了。我马上请人工客服来处理。',
      unresolved: '抱歉，这个问题我没能帮您解决。我请人工客服来帮您。',
      negative: '抱歉，给您添麻烦了。我请人工客服来跟进。',
    },
    online: '人工客服马上接入，请稍候，不要关闭窗口。',
    offline: '现在不在人工服务时间（{hours}）。您的问题已经记下，客服上班后会第一时间联系您。',
    suggestions: { online: ['好的，我等一下', '我先说说遇到的问题'], offline: ['好的', '我先把问题说清楚'] },
    sep: '',
  },
  en: {
    opener: {
      asked: "Sure, I'm passing you to a person now.",
      angry: "I'm really sorry about this. I'm getting a person to sort it out now.",
      unresolved: "Sorry I couldn't answer that. I'm passing you to a person who can.",
      negative: "Sorry for the trouble. I'm asking a person to follow up.",
    },
    online: 'A colleague will join this chat shortly. Please keep this window open.',
    offline: 'Our team is away right now (hours: {hours}). Your message is saved and a colleague will contact you as soon as we open.',
    suggestions: { online: ["OK, I'll wait", 'Let me describe the problem'], offline: ['OK', 'Let me describe the problem first'] },
    sep: ' ',
  },
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
  const template = online ? (next.online ? localized(next.online, lang) : t.online) : next.offline ? localized(next.offline, lang) : t.offline
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
    text: `${t.opener[reason]}${t.sep}${card.next}`,
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
    if (rules.asked && asksForPerson(ctx.question, phrases)) return handoffReply(ctx, 'asked', now())
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
