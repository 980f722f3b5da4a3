// Human handoff (config `handoff`): the visitor asks for a person, is angry, has been negative too
// often this session, or the assistant missed twice in a row. The reply is short and apologetic
// where it should be, carries a handoff card (reason, what happens next, hours, online, contacts),
// and says only what can really happen (HandoffMode): a person is asked to join when a live channel is
// on within the hours; otherwise nobody is promised, and the card offers the "leave a message" form when
// a webhook can carry it, else just the hours and contacts. It resets the session counters and raises a `handoff` notice (delivered to the webhook after the
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

/**
 * What can really happen now (CONTRACT §6: without a live channel no text promises a person):
 * live: a person is being asked to join this chat (live channel on, in hours);
 * form: nobody can join, but a message left in the card's form reaches the shop (a webhook);
 * reach: nobody can join and a message has nowhere to go: the hours and contacts only.
 */
export type HandoffMode = 'live' | 'form' | 'reach'

interface Texts {
  /** The first words, by reason: an apology where one is due, never a promise. */
  opener: Record<HandoffReason, string>
  /** A person is being asked to join; `minutes`: how long it usually takes at most. */
  live: (minutes: number) => string
  liveCard: (minutes: number) => string
  /** Why nobody joins: outside the hours (with them, in the bubble), or no live channel here. */
  away: (hours: string | undefined) => string
  awayCard: string
  noLive: string
  noLiveCard: string
  /** What the visitor can do instead: short in the bubble, fuller on the card. */
  instead: Record<Exclude<HandoffMode, 'live'>, { text: string; card: string }>
  /** Without contacts a "reach" card points at nothing: the assistant is what is left. */
  keepAsking: string
  suggestions: { live: string[]; other: string[] }
  sep: string
}

const TEXTS: Record<Lang, Texts> = {
  'zh-CN': {
    opener: {
      asked: '好的。',
      angry: '非常抱歉，让您不愉快了。',
      unresolved: '抱歉，这个问题我没能帮您解决。',
      negative: '抱歉，给您添麻烦了。',
    },
    live: (m) => `我已请人工客服加入对话，一般 ${m} 分钟内会有人回复；等待时您也可以继续问我。`,
    liveCard: (m) => `正在联系人工客服，通常不超过 ${m} 分钟。等待时可以继续向 AI 助手提问。`,
    away: (hours) => (hours ? `人工客服的服务时间是${hours}，现在不在服务时间内。` : '现在人工客服不在线。'),
    awayCard: '现在不是人工服务时间。',
    noLive: '这里暂时无法直接转接人工客服。',
    noLiveCard: '人工客服暂时无法加入这个对话。',
    instead: {
      form: { text: '您可以在下方给客服留言。', card: '留下联系方式和问题，客服会在服务时间内联系您。' },
      reach: { text: '您可以通过下方的方式联系我们。', card: '可以通过下面的方式联系我们。' },
    },
    keepAsking: '有其他问题可以继续问我。',
    suggestions: { live: ['好的，我等一下', '我先说说遇到的问题'], other: ['好的', '我先把问题说清楚'] },
    sep: '',
  },
  en: {
    opener: {
      asked: 'Sure.',
      angry: "I'm really sorry about this.",
      unresolved: "Sorry I couldn't answer that.",
      negative: 'Sorry for the trouble.',
    },
    live: (m) => `I've asked a person from our team to join this chat; it usually takes up to ${m} min. You can keep asking me meanwhile.`,
    liveCard: (m) => `We're contacting a person from our team; this usually takes up to ${m} min. Meanwhile you can keep asking the assistant.`,
    away: (hours) => `No person is available right now${hours ? ` (we're open ${hours.replace(/^Every day\b/, 'every day').replace(/ \((.+)\)$/, ', $1')})` : ''}.`,
    awayCard: 'Our team is away right now.',
    noLive: "I can't bring a person into this chat.",
    noLiveCard: "A person can't join this chat.",
    instead: {
      form: { text: 'You can leave them a message below.', card: 'Leave your contact details and question; the team will get back to you during opening hours.' },
      reach: { text: 'You can reach us below.', card: 'You can reach us in these ways.' },
    },
    keepAsking: "You're welcome to keep asking me.",
    suggestions: { live: ["OK, I'll wait", 'Let me describe the problem'], other: ['OK', 'Let me describe the problem first'] },
    sep: ' ',
  },
}

/**
 * Words only a handoff reply says: an earlier assistant message with them means the visitor was handed
 * over. Today's texts first, then earlier versions' (stored conversations still carry them).
 */
const HANDED_OFF = [
  /我已请人工客服加入对话|这里暂时无法直接转接人工客服|现在不在服务时间内|现在人工客服不在线。/,
  /asked a person from our team to join this chat|can't bring a person into this chat|No person is available right now/,
  /这就为您转接人工客服，请稍候|我这就请人工客服来处理|已把您的问题留言给他们/,
  /passing you to a colleague now|asking a colleague to join this chat|I've left your question for a person/,
]

/** Whether an earlier assistant message handed the visitor to a person (or left the team a message). */
export function handedOff(messages: readonly { role: string; content: string }[]): boolean {
  return messages.some((m) => m.role === 'assistant' && HANDED_OFF.some((re) => re.test(m.content)))
}

const BRIEF: Record<HandoffReason, string> = {
  asked: 'The visitor asked for a person. Answer in one or two short sentences.',
  angry: 'The visitor is angry. Apologise once, sincerely, in short plain sentences. No products, no offers, no excuses.',
  unresolved: 'The assistant could not answer twice in a row. Apologise briefly. No products or offers.',
  negative: 'The visitor has been unhappy for several turns. Apologise briefly. No products or offers.',
}

const MODE_BRIEF: Record<HandoffMode, string> = {
  live: 'A person has been asked to join this chat; say how long it usually takes at most and that the visitor can keep asking you meanwhile. Never say when exactly they will join.',
  form: 'No person can join this chat now: never say or imply one will. The card offers a form to leave contact details and a message for the team.',
  reach: 'No person can join this chat now and no message can be left here: never say or imply a person will join or follow up. Point to the hours and contacts on the card.',
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

/** What the edge can offer beyond the config: a live channel, and a webhook other than the config's. */
export type HandoffChannels = Pick<DialogueContext, 'live' | 'webhook'>

/** Whether a left message has somewhere to go: the config's webhook, or HUIKE_WEBHOOK_URL. */
const canLeaveMessage = (config: SiteConfig, channels: HandoffChannels) => !!(channels.webhook || config.handoff.webhook)

/** Live only with a live channel within the hours; a form only when a message has somewhere to go. */
export function handoffMode(config: SiteConfig, online: boolean, channels: HandoffChannels = {}): HandoffMode {
  if (channels.live && online) return 'live'
  return canLeaveMessage(config, channels) ? 'form' : 'reach'
}

/** A person joining at once, as a certainty: no text may say it, not even the site's own. */
const PROMISES_NOW = /马上|立即|立刻|稍候|稍等|不要关闭|别关闭|shortly|right away|immediately|in a moment|window open|stay here|please wait/i

const minutesOf = (waitMs: number) => Math.max(1, Math.ceil(waitMs / 60_000))

/** The handoff card: why, what happens next, the hours and other ways to reach the shop. */
export function handoffCard(config: SiteConfig, lang: Lang, reason: HandoffReason, now: Date, channels: HandoffChannels = {}): HandoffCard {
  const { next, contacts } = config.handoff
  const { online, hours } = handoffStatus(config, lang, now)
  const mode = handoffMode(config, online, channels)
  const t = TEXTS[lang]
  // The site's own texts keep their meaning: `online` when a person can join, `offline` when a message waits
  // for the team; one that promises a person at once says more than anyone can keep, so the built-in text goes.
  const site = mode === 'live' ? next.online : mode === 'form' && !online ? next.offline : undefined
  const own = site && !PROMISES_NOW.test(localized(site, lang)) ? site : undefined
  const builtIn =
    mode === 'live'
      ? t.liveCard(minutesOf(channels.live!.waitMs))
      : `${online ? t.noLiveCard : t.awayCard}${t.sep}${mode === 'reach' && contacts.length === 0 ? t.keepAsking : t.instead[mode].card}`
  return {
    type: 'handoff',
    reason,
    next: (own ? localized(own, lang) : builtIn).replaceAll('{hours}', hours ?? ''),
    ...(hours !== undefined && { hours }),
    online,
    ...(contacts.length > 0 && { contacts: contacts.map((c) => ({ label: localized(c.label, lang), href: c.href })) }),
    ...(mode === 'live' && { live: { waitMs: channels.live!.waitMs } }),
    // With `live`, the form is for when nobody came within the wait (the widget's live flow offers it then).
    ...(canLeaveMessage(config, channels) && { form: true }),
  }
}

/** The bubble: the opener, then what really happens, shorter than the card. */
function replyText(t: Texts, reason: HandoffReason, card: HandoffCard, mode: HandoffMode): string {
  if (mode === 'live') return `${t.opener[reason]}${t.sep}${t.live(minutesOf(card.live!.waitMs))}`
  const why = card.online ? t.noLive : t.away(card.hours)
  const instead = mode === 'reach' && !card.contacts ? t.keepAsking : t.instead[mode].text
  return [t.opener[reason], why, instead].join(t.sep)
}

export function handoffReply(ctx: DialogueContext, reason: HandoffReason, now: Date): DialogueReply {
  const card = handoffCard(ctx.config, ctx.lang, reason, now, ctx)
  const mode: HandoffMode = card.live ? 'live' : card.form ? 'form' : 'reach'
  const t = TEXTS[ctx.lang]
  const hours = card.online ? 'People are on duty now.' : `People are off duty now (hours: ${card.hours}).`
  return {
    topic: `handoff:${reason}`,
    text: replyText(t, reason, card, mode),
    brief: `${BRIEF[reason]} ${hours} ${MODE_BRIEF[mode]}`,
    products: [],
    cards: [card],
    suggestions: mode === 'live' ? t.suggestions.live : t.suggestions.other,
    profile: { session: resetSession(ctx.request) },
    notice: { type: 'handoff', data: { reason, online: card.online, ...(card.hours !== undefined && { hours: card.hours }), live: mode === 'live', form: card.form === true, sentiment: ctx.sentiment, intent: ctx.intent } },
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
