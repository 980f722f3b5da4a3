// WeChat's message crypto, the WXBizMsgCrypt scheme shared by Official Account safe mode and WeCom
// callbacks: SHA-1 signatures over the sorted parts, and AES-256-CBC under the EncodingAESKey with
// the plaintext laid out as 16 random bytes, a 4-byte big-endian length, the message, then the
// receiver's id (appId or corpId). Web Crypto only, so it runs the same on Node and Workers.
// Error messages never carry the ciphertext or the plaintext: they end up in operator logs.

export type WechatCryptoReason = 'bad_key' | 'bad_payload' | 'bad_padding' | 'wrong_app'

export class WechatCryptoError extends Error {
  override name = 'WechatCryptoError'
  constructor(
    readonly reason: WechatCryptoReason,
    message: string,
  ) {
    super(message)
  }
}

const encoder = new TextEncoder()
const AES_BLOCK = 16
/** WeChat pads with PKCS#7 to a multiple of 32 bytes, not AES's 16: pad lengths run 1..32. */
const WECHAT_BLOCK = 32
/** random(16) + msg_len(4) */
const HEADER = 20

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('')
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> | undefined {
  let binary: string
  try {
    binary = atob(text)
  } catch {
    return undefined
  }
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  // In slices: spreading a whole long reply into String.fromCharCode could overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}

/** SHA-1 hex of the parts sorted and joined: the server check signs (token, timestamp, nonce), safe mode's msg_signature adds Encrypt. */
export async function wechatSignature(...parts: string[]): Promise<string> {
  // Code-unit order, the same as the byte order of WeChat's SDKs for the ASCII these parts are.
  const joined = [...parts].sort().join('')
  return hex(await crypto.subtle.digest('SHA-1', encoder.encode(joined)))
}

/** Does `expected` (the query's signature) sign `parts`? Compares without stopping at the first difference. */
export async function signatureMatches(expected: string | undefined | null, parts: string[]): Promise<boolean> {
  const actual = await wechatSignature(...parts)
  if (typeof expected !== 'string' || expected.length !== actual.length) return false
  const given = expected.toLowerCase()
  let diff = 0
  for (let i = 0; i < actual.length; i++) diff |= actual.charCodeAt(i) ^ given.charCodeAt(i)
  return diff === 0
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!
  return diff === 0
}

export class WechatCipher {
  private constructor(
    private readonly key: CryptoKey,
    private readonly iv: Uint8Array<ArrayBuffer>,
    private readonly receiver: Uint8Array<ArrayBuffer>,
  ) {}

  /** `encodingAesKey`: the 43 characters from the console; `appId`: the Official Account's AppID or WeCom's receiveid (corpId, suiteId…). */
  static async create(encodingAesKey: string, appId: string): Promise<WechatCipher> {
    const raw = /^[A-Za-z0-9+/]{43}$/.test(encodingAesKey) ? fromBase64(`${encodingAesKey}=`) : undefined
    if (!raw || raw.length !== 32) throw new WechatCryptoError('bad_key', 'EncodingAESKey must be the 43 base64 characters shown in the WeChat console')
    const key = await crypto.subtle.importKey('raw', raw, 'AES-CBC', false, ['encrypt', 'decrypt'])
    return new WechatCipher(key, raw.slice(0, AES_BLOCK), new Uint8Array(encoder.encode(appId)))
  }

  /** The message inside a base64 `Encrypt` (or WeCom's `echostr`); throws WechatCryptoError if it is not sealed for this app. */
  async decrypt(encryptBase64: string): Promise<string> {
    const data = fromBase64(encryptBase64.trim())
    if (!data || data.length < WECHAT_BLOCK || data.length % AES_BLOCK !== 0) {
      throw new WechatCryptoError('bad_payload', 'Encrypt is not base64 of whole AES blocks')
    }
    const padded = await this.decryptBlocks(data)
    const pad = padded[padded.length - 1]!
    let badPad = pad < 1 || pad > WECHAT_BLOCK ? 1 : 0
    for (let i = Math.max(0, padded.length - pad); i < padded.length; i++) badPad |= padded[i]! ^ pad
    if (badPad) throw new WechatCryptoError('bad_padding', 'Encrypt does not decrypt to WeChat padding (wrong key or tampered)')
    const plain = padded.subarray(0, padded.length - pad)
    if (plain.length < HEADER) throw new WechatCryptoError('bad_payload', 'Encrypt is too short for its header')
    const length = new DataView(plain.buffer, plain.byteOffset, plain.length).getUint32(AES_BLOCK)
    if (length > plain.length - HEADER) throw new WechatCryptoError('bad_payload', 'Encrypt declares a message longer than itself')
    if (!sameBytes(plain.subarray(HEADER + length), this.receiver)) {
      throw new WechatCryptoError('wrong_app', 'Encrypt is sealed for another appId / receiveid')
    }
    try {
      return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(plain.subarray(HEADER, HEADER + length))
    } catch {
      throw new WechatCryptoError('bad_payload', 'Encrypt holds a message that is not UTF-8')
    }
  }

  /**
   * Raw CBC decryption, WeChat's padding left in place. Web Crypto insists on PKCS#7 to 16-byte blocks,
   * which a WeChat pad of 17..32 bytes is not; so one more block is appended, E = AES(last ⊕ 0x10×16),
   * which decrypts to a whole 16-byte PKCS#7 pad that Web Crypto strips, leaving every byte of ours.
   * E is the first block of AES-CBC encrypting 0x10×16 with the last ciphertext block as the IV.
   */
  private async decryptBlocks(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const last = data.slice(data.length - AES_BLOCK)
    const fullPad = new Uint8Array(AES_BLOCK).fill(AES_BLOCK)
    const extra = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: last }, this.key, fullPad), 0, AES_BLOCK)
    const extended = new Uint8Array(data.length + AES_BLOCK)
    extended.set(data)
    extended.set(extra, data.length)
    return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-CBC', iv: this.iv }, this.key, extended))
  }

  /** Seals `message` for WeChat: base64 `Encrypt`. `random16` is for tests; the default is fresh random bytes. */
  async encrypt(message: string, random16: Uint8Array = crypto.getRandomValues(new Uint8Array(AES_BLOCK))): Promise<string> {
    if (random16.length !== AES_BLOCK) throw new RangeError('random16 must be 16 bytes')
    const body = encoder.encode(message)
    const length = HEADER + body.length + this.receiver.length
    const pad = WECHAT_BLOCK - (length % WECHAT_BLOCK)
    const plain = new Uint8Array(length + pad)
    plain.set(random16)
    new DataView(plain.buffer).setUint32(AES_BLOCK, body.length)
    plain.set(body, HEADER)
    plain.set(this.receiver, HEADER + body.length)
    plain.fill(pad, length)
    const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-CBC', iv: this.iv }, this.key, plain))
    // Web Crypto appends a block of its own padding; ours already fills whole blocks, and CBC's earlier
    // blocks do not depend on later ones, so dropping that block leaves exactly WeChat's ciphertext.
    return toBase64(sealed.subarray(0, plain.length))
  }
}

/** The four fields of a safe-mode passive reply's `<xml>` (compose with buildWechatXml). */
export interface SealedReply {
  Encrypt: string
  MsgSignature: string
  TimeStamp: number
  Nonce: string
}

export interface SealReplyInput {
  cipher: WechatCipher
  token: string
  /** The reply's plaintext XML. */
  message: string
  /** Seconds since the epoch (WeChat's SDKs reuse the request's). */
  timestamp: number | string
  nonce: string
  /** Tests only. */
  random16?: Uint8Array
}

export async function sealReply({ cipher, token, message, timestamp, nonce, random16 }: SealReplyInput): Promise<SealedReply> {
  const stamp = String(timestamp)
  if (!/^\d{1,12}$/.test(stamp)) throw new RangeError('timestamp must be whole seconds')
  const encrypted = await cipher.encrypt(message, random16)
  return { Encrypt: encrypted, MsgSignature: await wechatSignature(token, stamp, nonce, encrypted), TimeStamp: Number(stamp), Nonce: nonce }
}
