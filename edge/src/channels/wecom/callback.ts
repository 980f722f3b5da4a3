// What WeCom sends to the callback URL, opened (WXBizMsgCrypt with receiveid = corpId, the scheme
// wechat/crypto.ts implements): the GET URL check's echostr and the POSTed envelope
// <xml><ToUserName/><Encrypt/><AgentID/></xml>. msg_signature is checked before anything is decrypted,
// so a forged request costs one SHA-1 and stores nothing. Decrypt failures are logged by reason only.
// Docs: developer.work.weixin.qq.com/document/path/94670 (the kf_msg_or_event callback).
import { ApiError } from '../../errors.ts'
import { signatureMatches, type WechatCipher } from '../wechat/crypto.ts'
import { decryptOr400, parseOr400 } from '../wechat/inbound.ts'

/** The query WeCom signs its callbacks with; echostr only on the GET URL check. */
export interface WecomQuery {
  msg_signature?: string
  timestamp?: string
  nonce?: string
  echostr?: string
}

export interface CallbackKeys {
  /** HUIKE_WECOM_TOKEN. */
  token: string
  /** Over HUIKE_WECOM_AES_KEY and the corpId. */
  cipher: WechatCipher
  log: (message: string) => void
}

/** The kf_msg_or_event callback: there are messages to read with sync_msg. */
export interface KfCallback {
  /** For sync_msg: 10 minutes valid, and without it sync_msg is strictly rate-limited. */
  token: string
  /** The customer-service account with news; older callbacks may leave it out. */
  openKfId?: string
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'Bad WeCom signature')

/**
 * A base64 value read from the query: a '+' WeCom did not percent-encode has been read as a space by
 * the form decoding of the query string, and base64 has no spaces, so each one was a '+'.
 */
const base64Param = (value: string) => value.replaceAll(' ', '+')

async function checkSignature(keys: CallbackKeys, q: WecomQuery, sealed: string): Promise<void> {
  if (!q.timestamp || !q.nonce || !(await signatureMatches(q.msg_signature, [keys.token, q.timestamp, q.nonce, sealed]))) throw unauthorized()
}

const open = (keys: CallbackKeys, sealed: string) =>
  decryptOr400(keys.cipher, sealed, { what: 'wecom callback', hint: 'The WeCom callback could not be decrypted: check HUIKE_WECOM_AES_KEY and HUIKE_WECOM_CORP_ID', log: keys.log })

/** GET: the URL check. The plaintext of echostr is the answer WeCom expects. */
export async function verifyUrl(keys: CallbackKeys, q: WecomQuery): Promise<string> {
  const echostr = base64Param(q.echostr ?? '')
  if (!echostr) throw unauthorized()
  await checkSignature(keys, q, echostr)
  return open(keys, echostr)
}

/** POST: the event inside the envelope; undefined for events other than kf_msg_or_event (the same URL may get them). */
export async function openCallback(keys: CallbackKeys, q: WecomQuery, body: string): Promise<KfCallback | undefined> {
  if (!q.msg_signature || !q.timestamp || !q.nonce) throw unauthorized()
  const sealed = parse(keys, body).Encrypt
  if (!sealed) throw unauthorized()
  await checkSignature(keys, q, sealed)
  const event = parse(keys, await open(keys, sealed))
  if (event.MsgType !== 'event' || event.Event !== 'kf_msg_or_event' || !event.Token) return undefined
  return { token: event.Token, ...(event.OpenKfId && { openKfId: event.OpenKfId }) }
}

const parse = (keys: CallbackKeys, xml: string) => parseOr400(xml, { what: 'wecom callback', hint: 'Not a WeCom callback', log: keys.log })
