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
  try {
    return { fields: parse(await o.cipher.decrypt(outer.Encrypt), o), encrypted: true }
  } catch (err) {
    if (!(err instanceof WechatCryptoError)) throw err
    o.log(`huike: wechat message not decrypted (${err.reason})`)
    throw new ApiError(400, 'invalid_request', 'The WeChat message could not be decrypted: check HUIKE_WECHAT_AES_KEY and HUIKE_WECHAT_APPID')
  }
}

function parse(xml: string, o: InboundOptions): Record<string, string> {
  try {
    return parseWechatXml(xml)
  } catch (err) {
    if (!(err instanceof WechatXmlError)) throw err
    o.log(`huike: wechat message refused (${err.reason})`)
    throw new ApiError(400, 'invalid_request', `Not a WeChat message: ${err.message}`)
  }
}
