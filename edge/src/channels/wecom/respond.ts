// One claimed message, answered: a customer's text by the same turn as the widget's (channel-turn.ts),
// anything else by a polite word, "删除我的数据" by an erasure, enter_session by the opener (through
// the event's welcome_code when WeCom gives one: that works before the customer has said anything).
// The answer goes out with send_msg, in pieces of at most 2,048 bytes, in order. Nothing is sent while
// the session is queued for or held by one of the shop's WeCom servicers (states 2 and 3): the words
// are theirs to answer, and send_msg would be refused anyway. A handoff, with no huike inbox on this
// edge, puts the session in WeCom's queue (state 2) so those servicers take over.
import type { SiteConfig } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import { replyLanguage } from '../../understanding/language.ts'
import type { Background, ChannelAnswer, ChannelTurns } from '../channel-turn.ts'
import { CHANNEL_TEXTS, isEraseCommand } from '../channel-texts.ts'
import { renderAnswerText } from '../render-text.ts'
import { splitForWechat } from '../wechat/split-text.ts'
import { KF_ORIGIN, KF_SERVICE_STATE, type WecomApi, type WecomKfMessage } from './api.ts'
import { wecomUserId, type KfSession } from './sender.ts'

/**
 * Older messages are read but not answered. The first sync_msg without a cursor returns the last 3
 * days, and an answer to a question asked long ago, in a chat the customer has left, reads as spam.
 */
export const MAX_MESSAGE_AGE_MS = 60 * 60 * 1000

export interface KfResponderOptions {
  turns: ChannelTurns
  api: WecomApi
  config: () => SiteConfig
  /** The huike inbox is on: a handoff stays here and the relay carries the person's words. */
  live: boolean
  now: () => number
  log: (message: string) => void
}

const isEnterSession = (m: WecomKfMessage) => m.msgtype === 'event' && m.event?.event_type === 'enter_session'

/** Worth claiming and answering: a customer's message or their entering the chat, recent enough. */
export function isAnswerable(m: WecomKfMessage, now: number): boolean {
  if (m.origin !== KF_ORIGIN.customer && !isEnterSession(m)) return false
  return !(Number(m.send_time) > 0) || now - Number(m.send_time) * 1000 <= MAX_MESSAGE_AGE_MS
}

/** The session a message belongs to; an event names it inside `event`. */
export function sessionOf(m: WecomKfMessage): KfSession | undefined {
  const openKfId = m.open_kfid || m.event?.open_kfid
  const externalUserId = m.external_userid || m.event?.external_userid
  return openKfId && externalUserId ? { openKfId, externalUserId } : undefined
}

export function kfResponder(o: KfResponderOptions) {

  const pieces = (answer: ChannelAnswer, lang: Lang) => splitForWechat(renderAnswerText(answer, { lang, baseUrl: o.config().shop?.baseUrl, now: o.now() }))
  const send = async (session: KfSession, texts: readonly string[]) => {
    for (const text of texts) await o.api.sendText({ ...session, text }) // one after another: in order
  }

  /** The opener; its first piece through the welcome_code, which WeCom accepts once within 20 s. */
  async function greet(session: KfSession, m: WecomKfMessage): Promise<void> {
    const event = m.event!
    const answer = await o.turns.greet({ channel: 'wecom', userId: wecomUserId(session), scene: event.scene_param || event.scene || undefined, lang: 'zh-CN' })
    const texts = pieces(answer, 'zh-CN')
    if (event.welcome_code && texts.length) {
      try {
        await o.api.sendTextOnEvent({ code: event.welcome_code, text: texts[0]! })
        texts.shift()
      } catch (err) {
        // Expired (read more than 20 s after the event) or used: send_msg may still reach the customer.
        o.log(`huike: wecom welcome_code refused, greeting with send_msg: ${err instanceof Error ? err.message : String(err)}`)
      }
    }
    await send(session, texts)
  }

  async function answer(session: KfSession, m: WecomKfMessage, background: Background): Promise<void> {
    const userId = wecomUserId(session)
    const text = m.msgtype === 'text' ? (m.text?.content ?? '') : ''
    const lang = replyLanguage('zh-CN', text)
    const said = CHANNEL_TEXTS[lang]
    if (o.turns.limited('wecom', userId) !== undefined) return send(session, [said.tooFast])
    if (!text.trim()) return send(session, [said.notText])
    if (isEraseCommand(text)) {
      await o.turns.erase('wecom', userId)
      return send(session, [said.erased])
    }
    const reply = await o.turns.answer({ channel: 'wecom', userId, text, lang }, background)
    if (reply.silent) return // a person in the huike inbox holds the conversation: the words went to them
    await send(session, pieces(reply, lang))
    if (reply.handoff && !o.live) await o.api.transferState({ ...session, serviceState: KF_SERVICE_STATE.queued })
  }

  return async (m: WecomKfMessage, background: Background): Promise<void> => {
    const session = sessionOf(m)
    if (!session) return
    const { serviceState } = await o.api.serviceState(session)
    if (serviceState !== KF_SERVICE_STATE.new && serviceState !== KF_SERVICE_STATE.assistant) return
    return isEnterSession(m) ? greet(session, m) : answer(session, m, background)
  }
}
