// Passive replies: the XML WeChat reads from the response to its POST, within 5 seconds. A text, a
// transfer to WeChat's own customer-service system, or "success" (nothing to say now). In safe mode
// the reply is sealed (encrypted and signed) like the message it answers.
import { sealReply, type WechatCipher } from './crypto.ts'
import { buildWechatXml, type XmlObject } from './xml.ts'

/** WeChat's "received, no reply": an empty body or the word success. */
export const NO_REPLY = 'success'

export interface ReplyContext {
  /** The message answered: the reply goes from its ToUserName to its FromUserName. */
  fields: Record<string, string>
  encrypted: boolean
  token: string
  cipher?: WechatCipher
  nonce: string
  now: number
}

export const textReply = (text: string): XmlObject => ({ MsgType: 'text', Content: text })
export const transferReply = (): XmlObject => ({ MsgType: 'transfer_customer_service' })

export async function passiveReply(body: XmlObject, c: ReplyContext): Promise<string> {
  const timestamp = Math.floor(c.now / 1000)
  const xml = buildWechatXml({ ToUserName: c.fields.FromUserName ?? '', FromUserName: c.fields.ToUserName ?? '', CreateTime: timestamp, ...body })
  if (!c.encrypted || !c.cipher) return xml
  const sealed = await sealReply({ cipher: c.cipher, token: c.token, message: xml, timestamp, nonce: c.nonce })
  return buildWechatXml({ ...sealed })
}
