// WeChat customer service (微信客服, through WeCom's API) at /v1/channels/wecom:
//   GET  — WeCom's URL check: msg_signature over echostr, then its plaintext back; else 401.
//   POST — the encrypted kf_msg_or_event callback. It carries no message, only a token to read them:
//          the callback is answered at once (WeCom retries one not answered within 5 s), and the
//          messages are read with sync_msg (sync.ts) and answered through send_msg (respond.ts) after.
// The visitor is known by "<open_kfid>/<external_userid>" (sender.ts), which is also how the live
// relay's sender finds them: wecomSender(api).
import { Hono } from 'hono'
import type { SiteConfig } from '../../../../shared/config.ts'
import { inBackground } from '../../background.ts'
import type { Background, ChannelTurns } from '../channel-turn.ts'
import type { WechatCipher } from '../wechat/crypto.ts'
import type { WecomApi, WecomKfMessage } from './api.ts'
import { openCallback, verifyUrl, type CallbackKeys, type KfCallback, type WecomQuery } from './callback.ts'
import { isAnswerable, kfResponder, sessionOf } from './respond.ts'
import { wecomUserId } from './sender.ts'
import { keyedQueue, kfReader } from './sync.ts'

export { wecomSender } from './sender.ts'

export interface WecomChannelOptions {
  /** HUIKE_WECOM_TOKEN: signs the callbacks. */
  token: string
  /** WechatCipher.create(HUIKE_WECOM_AES_KEY, HUIKE_WECOM_CORP_ID): WeCom's receiveid is the corpId. */
  cipher: WechatCipher
  api: WecomApi
  config: () => SiteConfig
  log: (message: string) => void
  now?: () => number
  /** The huike inbox is on: a handoff stays in huike; off: it goes to WeCom's own servicers (state 2). */
  live: boolean
  /** Given each callback's work after the answer (tests await it; it never rejects). */
  onBackground?: (work: Promise<void>) => void
}

const ANSWERED = '' // WeCom reads any 200 as received; an empty body is its documented "nothing to reply"

export function wecomRoute(turns: ChannelTurns, o: WecomChannelOptions): Hono {
  const route = new Hono()
  const now = o.now ?? Date.now
  const keys: CallbackKeys = { token: o.token, cipher: o.cipher, log: o.log }
  const read = kfReader({ api: o.api, visitors: turns.visitors, wanted: (m) => isAnswerable(m, now()) })
  const respond = kfResponder({ turns, api: o.api, config: o.config, live: o.live, now, log: o.log })
  // One customer's messages one after another, so each turn sees the conversation the last one stored.
  const perCustomer = keyedQueue()

  async function answerNews(callback: KfCallback, background: Background): Promise<void> {
    let messages: WecomKfMessage[]
    try {
      messages = await read(callback)
    } catch (err) {
      return o.log(`huike: wecom messages not read: ${message(err)}`)
    }
    const byCustomer = new Map<string, WecomKfMessage[]>()
    for (const m of messages) {
      const session = sessionOf(m)
      if (session) byCustomer.set(wecomUserId(session), [...(byCustomer.get(wecomUserId(session)) ?? []), m])
    }
    // Customers side by side: a slow answer for one does not delay the others.
    await Promise.all(
      [...byCustomer].map(([customer, theirs]) =>
        perCustomer(customer, async () => {
          for (const m of theirs) await respond(m, background).catch((err: unknown) => o.log(`huike: wecom message ${m.msgid} not answered: ${message(err)}`))
        }),
      ),
    )
  }

  route.get('/', async (c) => c.text(await verifyUrl(keys, c.req.query() as WecomQuery)))

  route.post('/', async (c) => {
    const callback = await openCallback(keys, c.req.query() as WecomQuery, await c.req.text())
    if (!callback) return c.text(ANSWERED)
    const background: Background = (task) => inBackground(c, task)
    const work = answerNews(callback, background)
    background(work)
    o.onBackground?.(work)
    return c.text(ANSWERED)
  })
  return route
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err))
