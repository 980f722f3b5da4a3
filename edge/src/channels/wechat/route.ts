// WeChat Official Account (CONTRACT §7) at /v1/channels/wechat:
//   GET  — WeChat's server check: echostr back when the signature is right, else 401.
//   POST — a message in WeChat's XML (plain, compatible or safe mode), answered by the same turn as
//          the widget's (channel-turn.ts), the visitor known by their openid.
// WeChat waits 5 seconds for the passive reply. The answer goes there when it is ready in time;
// otherwise the reply is "success" and the answer follows through the customer-service message API
// (needs HUIKE_WECHAT_APPID + HUIKE_WECHAT_SECRET). A message WeChat retries (same MsgId) is answered
// once. Pieces beyond the first (WeChat's 2,048-byte limit) go through the API too.
import { Hono, type Context } from 'hono'
import type { SiteConfig } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import { inBackground } from '../../background.ts'
import { replyLanguage } from '../../understanding/language.ts'
import type { ChannelAnswer, ChannelTurns } from '../channel-turn.ts'
import { CHANNEL_TEXTS, isEraseCommand } from '../channel-texts.ts'
import { renderAnswerText } from '../render-text.ts'
import type { WechatApi } from './api.ts'
import type { WechatCipher } from './crypto.ts'
import { checkSignature, openMessage, type SignedQuery } from './inbound.ts'
import { NO_REPLY, passiveReply, textReply, transferReply, type ReplyContext } from './reply.ts'
import { splitForWechat } from './split-text.ts'

export interface WechatChannelOptions {
  /** HUIKE_WECHAT_TOKEN. */
  token: string
  /** HUIKE_WECHAT_AES_KEY with HUIKE_WECHAT_APPID: safe mode. */
  cipher?: WechatCipher
  /** The customer-service message API (HUIKE_WECHAT_APPID + HUIKE_WECHAT_SECRET): late answers, long ones, a person's replies. */
  api?: WechatApi
  config: () => SiteConfig
  /** A handoff goes to WeChat's own customer-service system (no huike inbox on this edge). */
  transferHandoffs: boolean
  /** How long the passive reply waits for the answer; WeChat gives up after 5 s. */
  replyWithinMs?: number
  now?: () => number
  log: (message: string) => void
}

export const DEFAULT_REPLY_WITHIN_MS = 4000
const WAITED = Symbol('waited')

export function wechatRoute(turns: ChannelTurns, o: WechatChannelOptions): Hono {
  const route = new Hono()
  const now = o.now ?? Date.now

  route.get('/', async (c) => {
    await checkSignature(o.token, c.req.query() as SignedQuery)
    return c.text(c.req.query('echostr') ?? '')
  })

  route.post('/', async (c) => {
    const query = c.req.query() as SignedQuery
    const { fields, encrypted } = await openMessage(await c.req.text(), query, { token: o.token, cipher: o.cipher, log: o.log })
    const openid = fields.FromUserName
    if (!openid) return c.text(NO_REPLY)
    const ctx: ReplyContext = { fields, encrypted, token: o.token, cipher: o.cipher, nonce: query.nonce ?? '', now: now() }
    const reply = async (text: string) => c.text(await passiveReply(textReply(text), ctx), 200, { 'content-type': 'application/xml; charset=utf-8' })
    const background = (task: Promise<unknown>) => inBackground(c, task)

    const messageId = fields.MsgId ?? `${openid}:${fields.CreateTime ?? ''}:${fields.Event ?? fields.MsgType ?? ''}`
    if (!(await turns.visitors.claimMessage('wechat', messageId))) return c.text(NO_REPLY)
    const text = fields.MsgType === 'text' ? fields.Content ?? '' : fields.MsgType === 'voice' ? fields.Recognition ?? '' : ''
    const lang: Lang = replyLanguage('zh-CN', text)
    if (turns.limited('wechat', openid) !== undefined) return reply(CHANNEL_TEXTS[lang].tooFast)

    await joinUnionId(turns, openid, o)
    const pending = answerFor(turns, fields, text, lang, background)
    if (!pending) return fields.MsgType === 'event' ? c.text(NO_REPLY) : reply(CHANNEL_TEXTS[lang].notText)
    const deadline = delay(o.replyWithinMs ?? DEFAULT_REPLY_WITHIN_MS)
    const answer = await Promise.race([pending, deadline.reached]).finally(deadline.cancel)
    if (answer === WAITED) {
      // Too late for the passive reply: "success" now, "typing…" shown to the visitor meanwhile, the
      // answer through the message API once it is ready.
      const typing = o.api?.sendTyping(openid, 'Typing').catch((err: unknown) => o.log(`huike: wechat typing not shown: ${message(err)}`))
      background(pending.then(async (late) => {
        await typing // the answer must not arrive before its own "typing…"
        await sendAll(openid, late, lang, o)
      }).catch((err: unknown) => o.log(`huike: wechat answer not sent: ${message(err)}`)))
      return c.text(NO_REPLY)
    }
    return respond(c, openid, answer, lang, ctx, o, background)
  })
  return route
}

/** The turn a message asks for: an answer, the opener of a (re)subscription, an erasure; undefined: nothing to answer. */
function answerFor(turns: ChannelTurns, fields: Record<string, string>, text: string, lang: Lang, background: (task: Promise<unknown>) => void): Promise<ChannelAnswer> | undefined {
  const userId = fields.FromUserName!
  if (fields.MsgType === 'event') {
    const event = (fields.Event ?? '').toLowerCase()
    // A QR code with a scene (带参数二维码) opens like an SEM landing page: the scene is the keyword.
    if (event === 'subscribe' || event === 'scan') return turns.greet({ channel: 'wechat', userId, scene: (fields.EventKey ?? '').replace(/^qrscene_/, '') || undefined, lang })
    return undefined
  }
  if (!text.trim()) return undefined
  if (isEraseCommand(text)) return turns.erase('wechat', userId).then(() => ({ text: CHANNEL_TEXTS[lang].erased, cards: [], suggestions: [] }))
  return turns.answer({ channel: 'wechat', userId, text, lang }, background)
}

/**
 * A first message from an openid: when the account is bound to the Open Platform, the user's unionid
 * may have been linked to a shop customer (POST /v1/channels/api/links with channel "wechat"): this
 * openid then joins that customer's profile and conversation. One API call per new user.
 */
async function joinUnionId(turns: ChannelTurns, openid: string, o: WechatChannelOptions): Promise<void> {
  if (!o.api || (await turns.visitors.known('wechat', openid))) return
  const unionid = await o.api.unionId(openid).catch((err: unknown) => void o.log(`huike: wechat unionid not read: ${message(err)}`))
  if (unionid) await turns.visitors.follow('wechat', openid, unionid)
}

/** The passive reply for an answer ready in time; pieces beyond the first follow through the API. */
async function respond(c: Context, openid: string, answer: ChannelAnswer, lang: Lang, ctx: ReplyContext, o: WechatChannelOptions, background: (task: Promise<unknown>) => void): Promise<Response> {
  const xml = (body: Parameters<typeof passiveReply>[0]) => passiveReply(body, ctx).then((x) => c.text(x, 200, { 'content-type': 'application/xml; charset=utf-8' }))
  if (answer.silent) return c.text(NO_REPLY) // a person holds the conversation: their words go to them
  if (answer.handoff && o.transferHandoffs && o.api) {
    // The handoff's words through the API, the conversation to WeChat's customer-service system.
    background(sendAll(openid, answer, lang, o).catch((err: unknown) => o.log(`huike: wechat handoff text not sent: ${message(err)}`)))
    return xml(transferReply())
  }
  const [first, ...rest] = pieces(answer, lang, o)
  if (!first) return c.text(NO_REPLY)
  if (rest.length) {
    if (o.api) background(sendPieces(openid, rest, o.api).catch((err: unknown) => o.log(`huike: wechat answer continuation not sent: ${message(err)}`)))
    else o.log('huike: a wechat answer was cut at 2,048 bytes: set HUIKE_WECHAT_APPID and HUIKE_WECHAT_SECRET so long answers continue')
  }
  return xml(textReply(first))
}

function pieces(answer: ChannelAnswer, lang: Lang, o: WechatChannelOptions): string[] {
  return splitForWechat(renderAnswerText(answer, { lang, baseUrl: o.config().shop?.baseUrl }))
}

async function sendAll(openid: string, answer: ChannelAnswer, lang: Lang, o: WechatChannelOptions): Promise<void> {
  if (answer.silent) return
  if (!o.api) throw new Error('the answer missed the 5-second passive reply and no message API is configured (HUIKE_WECHAT_APPID, HUIKE_WECHAT_SECRET)')
  await sendPieces(openid, pieces(answer, lang, o), o.api)
}

async function sendPieces(openid: string, texts: readonly string[], api: WechatApi): Promise<void> {
  for (const text of texts) await api.sendText(openid, text) // in order: one after another
}

function delay(ms: number): { reached: Promise<typeof WAITED>; cancel: () => void } {
  let timer: ReturnType<typeof setTimeout> | undefined
  const reached = new Promise<typeof WAITED>((resolve) => (timer = setTimeout(() => resolve(WAITED), ms)))
  return { reached, cancel: () => timer !== undefined && clearTimeout(timer) }
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))
