// What WeChat POSTs, opened: the signature checked before anything else (a bad one is a 401 and
// nothing is read further), the XML parsed without entities, and in safe mode (or compatible mode,
// which sends both) the Encrypt field checked against msg_signature and decrypted. Decrypt failures
// are reported by reason only: the payload never reaches a log.
import { ApiError } from '../../errors.ts'
import { signatureMatches, WechatCryptoError, type WechatCipher } from './crypto.ts'
import { parseWechatXml, WechatXmlError } from './xml.ts'

export interface InboundOptions {
  token: string
  /** Safe mode: the cipher over HUIKE_WECHAT_AES_KEY and the app id. Unset: plain mode only. */
  cipher?: WechatCipher
  log: (message: string) => void
}

/** The query WeChat signs every request with (GET server check and POST messages). */
export interface SignedQuery {
  signature?: string
  timestamp?: string
  nonce?: string
  msg_signature?: string
}

/** A message as WeChat's fields name it: FromUserName (the openid), MsgType, Content, MsgId, Event… */
export interface InboundMessage {
  fields: Record<string, string>
  /** Whether it came encrypted: the reply then goes back encrypted too. */
  encrypted: boolean
}

const unauthorized = () => new ApiError(401, 'unauthorized', 'Bad WeChat signature')

export async function checkSignature(token: string, q: SignedQuery): Promise<void> {
  if (!q.timestamp || !q.nonce || !(await signatureMatches(q.signature, [token, q.timestamp, q.nonce]))) throw unauthorized()
}

export async function openMessage(body: string, q: SignedQuery, o: InboundOptions): Promise<InboundMessage> {
  await checkSignature(o.token, q)
  const outer = parse(body, o)
  if (outer.Encrypt === undefined) return { fields: outer, encrypted: false }
  if (!o.cipher) throw new ApiError(400, 'invalid_request', 'An encrypted WeChat message, but HUIKE_WECHAT_AES_KEY (and HUIKE_WECHAT_APPID) are not set')
  if (!(await signatureMatches(q.msg_signature, [o.token, q.timestamp!, q.nonce!, outer.Encrypt]))) throw unauthorized()
  const hint = 'The WeChat message could not be decrypted: check HUIKE_WECHAT_AES_KEY and HUIKE_WECHAT_APPID'
  return { fields: parse(await decryptOr400(o.cipher, outer.Encrypt, { what: 'wechat message', hint, log: o.log }), o), encrypted: true }
}

const parse = (xml: string, o: InboundOptions) => parseOr400(xml, { what: 'wechat message', hint: 'Not a WeChat message', log: o.log })

export interface Refusal {
  /** What was refused, in the log line: "wechat message". */
  what: string
  /** The 400's message (a parse error's reason is added to it). */
  hint: string
  log: (message: string) => void
}

/** WeChat's XML parsed, or a 400: the refusal is logged by its reason, never with the text. */
export function parseOr400(xml: string, r: Refusal): Record<string, string> {
  try {
    return parseWechatXml(xml)
  } catch (err) {
    if (!(err instanceof WechatXmlError)) throw err
    r.log(`huike: ${r.what} refused (${err.reason})`)
    throw new ApiError(400, 'invalid_request', `${r.hint}: ${err.message}`)
  }
}

/** Decrypted, or a 400: a failure is logged by its reason, never with the payload. */
export async function decryptOr400(cipher: WechatCipher, sealed: string, r: Refusal): Promise<string> {
  try {
    return await cipher.decrypt(sealed)
  } catch (err) {
    if (!(err instanceof WechatCryptoError)) throw err
    r.log(`huike: ${r.what} not decrypted (${err.reason})`)
    throw new ApiError(400, 'invalid_request', r.hint)
  }
}
