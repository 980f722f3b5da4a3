import { describe, expect, it } from 'vitest'
import { WechatCipher, WechatCryptoError, sealReply, signatureMatches, wechatSignature } from './crypto.ts'
import { buildWechatXml, parseWechatXml } from './xml.ts'

const bytes = (text: string) => new TextEncoder().encode(text)

async function cryptoError(promise: Promise<unknown>): Promise<WechatCryptoError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(WechatCryptoError)
  return error as WechatCryptoError
}

// Tencent's WeCom callback sample, quoted verbatim: sbzhu/weworkapi_php, callback/Sample.php (the
// same values are in the C# and Java samples of WXBizMsgCrypt). The decrypted message is the one the
// sample's comment shows; the echostr's plaintext is not printed there, so only its receiveid is.
const WECOM = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
  verify: {
    msgSignature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
    timestamp: '1409659589',
    nonce: '263014780',
    echostr: 'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==',
  },
  message: {
    msgSignature: '477715d11cdb4164915debcba66cb864d751f3e6',
    timestamp: '1409659813',
    nonce: '1372623149',
    body: '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>',
    plaintext:
      '<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>',
  },
}

// Tencent's newer WeCom sample, quoted verbatim: sbzhu/weworkapi_python, callback/Sample.py. The
// decrypted message is the sample's own reply plaintext (sRespData), which it encrypts in example three.
const WECOM_PY = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  verify: {
    msgSignature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
  message: {
    msgSignature: '0c3914025cb4b4d68103f6bfc8db550f79dcf48e',
    timestamp: '1476422779',
    nonce: '1597212914',
    encrypt:
      'Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGzBhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3JWcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQHE7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYuPDGOCI8jmnKiypE+',
    plaintext:
      '<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName><CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>',
  },
}

// Official Account safe mode, with a fixed random: quoted verbatim from WxJava's test of the
// official algorithm, chanjarster/weixin-java-tools,
// weixin-java-common/src/test/java/me/chanjar/weixin/common/util/crypto/WxCryptUtilTest.java
// (the same values are in Tencent's Java sample WXBizMsgCryptTest.java for com.qq.weixin.mp.aes).
const MP = {
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  appId: 'wxb11529c136998cb6',
  randomStr: 'aaaabbbbccccdddd',
  replyMsg: '我是中文abcd123',
  afterAesEncrypt: 'jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg==',
  replyMsg2:
    '<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>',
  afterAesEncrypt2:
    'jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb',
}

// wechatpy's WeCom tests, quoted verbatim: wechatpy/wechatpy, tests/test_crypto.py (its random is mocked
// as "1234567890123456"; the expected envelope's newlines are wechatpy's template, not WeChat's).
const WECHATPY_WORK = {
  token: '123456',
  encodingAesKey: 'kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR',
  corpId: 'wx49f0ab532d5d035a',
  nonce: '461056294',
  timestamp: '1411525903',
  reply: `<xml>
<MsgType><![CDATA[text]]></MsgType>
<Content><![CDATA[test]]></Content>
<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>
<ToUserName><![CDATA[messense]]></ToUserName>
<AgentID>1</AgentID>
<CreateTime>1411525903</CreateTime>
</xml>`,
  expected: `<xml>
<Encrypt><![CDATA[9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3]]></Encrypt>
<MsgSignature><![CDATA[407518b7649e86ef23978113f92d27afa9296533]]></MsgSignature>
<TimeStamp>1411525903</TimeStamp>
<Nonce><![CDATA[461056294]]></Nonce>
</xml>`,
  echo: {
    signature: 'dd6b9c95b495b3f7e2901bfbc76c664930ffdb96',
    timestamp: '1411443780',
    nonce: '437374425',
    echoStr: '4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==',
  },
}

describe('wechatSignature', () => {
  it('signs the Official Account server check: wechatpy/wechatpy tests/test_utils.py', async () => {
    // token 'test', timestamp '1410685589', nonce 'test' → f21891de…; the failing case changes its last digit.
    expect(await wechatSignature('test', '1410685589', 'test')).toBe('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff')
    expect(await signatureMatches('f21891de399b4e33a1a93c9a7b8a8fffb5a443ff', ['test', '1410685589', 'test'])).toBe(true)
    expect(await signatureMatches('f21891de399b4e33a1a93c9a7b8a8fffb5a443fe', ['test', '1410685589', 'test'])).toBe(false)
  })

  it('sorts its parts first: wechatpy/wechatpy tests/test_utils.py (WeChatSigner 789, 456, 123)', async () => {
    expect(await wechatSignature('789', '456', '123')).toBe('f7c3bc1d808e04732adf679965ccc34ca7ae3441')
  })

  it("signs WeCom's official samples' msg_signature over token, timestamp, nonce and Encrypt", async () => {
    const v = WECOM.verify
    expect(await wechatSignature(WECOM.token, v.timestamp, v.nonce, v.echostr)).toBe(v.msgSignature)
    const m = WECOM.message
    const encrypt = parseWechatXml(m.body)['Encrypt']!
    expect(await signatureMatches(m.msgSignature, [WECOM.token, m.timestamp, m.nonce, encrypt])).toBe(true)
    const p = WECOM_PY
    expect(await signatureMatches(p.verify.msgSignature, [p.token, p.verify.timestamp, p.verify.nonce, p.verify.echostr])).toBe(true)
    expect(await signatureMatches(p.message.msgSignature, [p.token, p.message.timestamp, p.message.nonce, p.message.encrypt])).toBe(true)
    const w = WECHATPY_WORK.echo
    expect(await signatureMatches(w.signature, [WECHATPY_WORK.token, w.timestamp, w.nonce, w.echoStr])).toBe(true)
    // wechatpy's failing case: the same signature with nonce 437374424.
    expect(await signatureMatches(w.signature, [WECHATPY_WORK.token, w.timestamp, '437374424', w.echoStr])).toBe(false)
  })

  it('refuses a missing, short, long or non-hex signature, and accepts upper case hex', async () => {
    const parts = ['test', '1410685589', 'test']
    for (const bad of [undefined, null, '', 'f21891de', 'f21891de399b4e33a1a93c9a7b8a8fffb5a443ff0', 'z21891de399b4e33a1a93c9a7b8a8fffb5a443ff']) {
      expect(await signatureMatches(bad, parts)).toBe(false)
    }
    expect(await signatureMatches('F21891DE399B4E33A1A93C9A7B8A8FFFB5A443FF', parts)).toBe(true)
  })
})

describe('WechatCipher against published vectors', () => {
  it("decrypts WeCom's sample echostr and message (sbzhu/weworkapi_php callback/Sample.php)", async () => {
    const cipher = await WechatCipher.create(WECOM.encodingAesKey, WECOM.receiveId)
    expect(await cipher.decrypt(WECOM.verify.echostr)).toMatch(/^\d+$/)
    const encrypt = parseWechatXml(WECOM.message.body)['Encrypt']!
    expect(await cipher.decrypt(encrypt)).toBe(WECOM.message.plaintext)
  })

  it("decrypts the Python sample's echostr and message (sbzhu/weworkapi_python callback/Sample.py)", async () => {
    const cipher = await WechatCipher.create(WECOM_PY.encodingAesKey, WECOM_PY.corpId)
    expect(await cipher.decrypt(WECOM_PY.verify.echostr)).toMatch(/^\d+$/)
    expect(await cipher.decrypt(WECOM_PY.message.encrypt)).toBe(WECOM_PY.message.plaintext)
  })

  it('encrypts and decrypts the Official Account vectors byte for byte (WxJava WxCryptUtilTest.java)', async () => {
    const cipher = await WechatCipher.create(MP.encodingAesKey, MP.appId)
    expect(await cipher.encrypt(MP.replyMsg, bytes(MP.randomStr))).toBe(MP.afterAesEncrypt)
    expect(await cipher.encrypt(MP.replyMsg2, bytes(MP.randomStr))).toBe(MP.afterAesEncrypt2)
    expect(await cipher.decrypt(MP.afterAesEncrypt)).toBe(MP.replyMsg)
    expect(await cipher.decrypt(MP.afterAesEncrypt2)).toBe(MP.replyMsg2)
  })

  it("seals a passive reply exactly as wechatpy's WeCom test expects (wechatpy tests/test_crypto.py)", async () => {
    const w = WECHATPY_WORK
    const cipher = await WechatCipher.create(w.encodingAesKey, w.corpId)
    const sealed = await sealReply({ cipher, token: w.token, message: w.reply, timestamp: w.timestamp, nonce: w.nonce, random16: bytes('1234567890123456') })
    expect(buildWechatXml({ ...sealed })).toBe(w.expected.replaceAll('\n', ''))
    expect(parseWechatXml(w.expected)).toEqual({ ...sealed, TimeStamp: w.timestamp })
    expect(await cipher.decrypt(sealed.Encrypt)).toBe(w.reply)
  })
})

describe('WechatCipher', () => {
  it('round-trips every pad length 1..32 (the Web Crypto 16-byte padding workaround)', async () => {
    const cipher = await WechatCipher.create(MP.encodingAesKey, MP.appId)
    const seen = new Set<number>()
    // 20 header bytes + 18 appId bytes + n: n from 0 to 63 covers every remainder mod 32 twice.
    for (let n = 0; n < 64; n++) {
      const message = 'x'.repeat(n)
      const encrypted = await cipher.encrypt(message)
      const length = atob(encrypted).length
      expect(length % 32).toBe(0)
      seen.add(length - (20 + 18 + n))
      expect(await cipher.decrypt(encrypted)).toBe(message)
    }
    expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 32 }, (_, i) => i + 1))
  })

  it('round-trips Chinese, emoji and a long reply, with fresh random bytes each time', async () => {
    const cipher = await WechatCipher.create(WECOM.encodingAesKey, WECOM.receiveId)
    for (const message of ['', '你好，X5 儿童手表多少钱？', '👨‍👩‍👧 🇨🇳 ✔️', '长'.repeat(20_000)]) {
      expect(await cipher.decrypt(await cipher.encrypt(message))).toBe(message)
    }
    expect(await cipher.encrypt('same')).not.toBe(await cipher.encrypt('same'))
  })

  it('refuses a message sealed for another app', async () => {
    const mine = await WechatCipher.create(WECOM.encodingAesKey, WECOM.receiveId)
    const other = await WechatCipher.create(WECOM.encodingAesKey, 'wx0000000000000000')
    const error = await cryptoError(other.decrypt(await mine.encrypt('秘密内容 secret-plaintext')))
    expect(error.reason).toBe('wrong_app')
    expect(error.message).not.toContain('secret-plaintext')
    const sample = await cryptoError(other.decrypt(parseWechatXml(WECOM.message.body)['Encrypt']!))
    expect(sample.reason).toBe('wrong_app')
  })

  it('refuses tampered ciphertext with a clear error that carries neither ciphertext nor plaintext', async () => {
    const cipher = await WechatCipher.create(MP.encodingAesKey, MP.appId)
    const secret = 'secret-plaintext-' + 'z'.repeat(100)
    const encrypted = await cipher.encrypt(secret, bytes(MP.randomStr))
    const raw = Uint8Array.from(atob(encrypted), (c) => c.charCodeAt(0))
    for (const at of [0, 17, raw.length - 40, raw.length - 17, raw.length - 1]) {
      const tampered = raw.slice()
      tampered[at]! ^= 0x01
      const error = await cryptoError(cipher.decrypt(btoa(String.fromCharCode(...tampered))))
      expect(['bad_padding', 'bad_payload', 'wrong_app']).toContain(error.reason)
      expect(error.message).not.toContain('secret-plaintext')
      expect(error.message).not.toContain(encrypted.slice(0, 12))
    }
  })

  it('refuses a wrong key as bad padding or payload, never returning garbage', async () => {
    const right = await WechatCipher.create(MP.encodingAesKey, MP.appId)
    const wrong = await WechatCipher.create(WECOM.encodingAesKey, MP.appId)
    const error = await cryptoError(wrong.decrypt(await right.encrypt('hello', bytes(MP.randomStr))))
    expect(['bad_padding', 'bad_payload', 'wrong_app']).toContain(error.reason)
  })

  it('refuses payloads that are not base64 of whole blocks', async () => {
    const cipher = await WechatCipher.create(MP.encodingAesKey, MP.appId)
    for (const bad of ['', 'not base64!!', btoa('short'), btoa('x'.repeat(33)), btoa('x'.repeat(16))]) {
      expect((await cryptoError(cipher.decrypt(bad))).reason).toBe('bad_payload')
    }
  })

  it('refuses a malformed EncodingAESKey', async () => {
    for (const bad of ['', 'abc', MP.encodingAesKey + 'H', MP.encodingAesKey.slice(1) + '=', MP.encodingAesKey.slice(0, 42) + '!']) {
      expect((await cryptoError(WechatCipher.create(bad, MP.appId))).reason).toBe('bad_key')
    }
  })

  it('sealReply signs what it encrypts, and refuses a timestamp that is not whole seconds', async () => {
    const cipher = await WechatCipher.create(WECOM.encodingAesKey, WECOM.receiveId)
    const sealed = await sealReply({ cipher, token: WECOM.token, message: '<xml></xml>', timestamp: 1409659813, nonce: '42' })
    expect(sealed.TimeStamp).toBe(1409659813)
    expect(await signatureMatches(sealed.MsgSignature, [WECOM.token, '1409659813', '42', sealed.Encrypt])).toBe(true)
    await expect(sealReply({ cipher, token: WECOM.token, message: 'x', timestamp: '1.5', nonce: '42' })).rejects.toThrow(RangeError)
  })
})
