// The WeChat customer-service channel as WeCom drives it: the URL check, the encrypted callback, the
// messages read with sync_msg from the API stub and the pet shop's answers sent back with send_msg.
import { beforeEach, describe, expect, it } from 'vitest'
import type { VisitorLiveEvent } from '../../../../shared/live.ts'
import { parseSiteConfig } from '../../site-config.ts'
import { CHANNEL_TEXTS } from '../channel-texts.ts'
import { channelRelay } from '../live-relay.ts'
import { useWechatApiStub } from '../testing/api-checks.ts'
import { stateKey, STUB_CREDENTIALS, type WechatApiStub } from '../testing/wechat-api-stub.ts'
import { channelEdge, petConfig } from '../testing.ts'
import { WechatCipher, wechatSignature } from '../wechat/crypto.ts'
import { buildWechatXml } from '../wechat/xml.ts'
import { KF_ORIGIN, WecomApi, type WecomKfMessage } from './api.ts'
import { wecomRoute, wecomSender, type WecomChannelOptions } from './route.ts'
import { cursorName } from './sync.ts'

// Tencent's WeCom callback sample (sbzhu/weworkapi_python, callback/Sample.py), as in wechat/crypto.test.ts.
const SAMPLE = {
  token: 'hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo',
  encodingAesKey: '6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt',
  corpId: 'ww1436e0e65a779aee',
  verify: {
    msg_signature: '012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb',
    timestamp: '1476416373',
    nonce: '47744683',
    echostr: 'fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==',
  },
}
const KF = 'wkPetShopAccount01'
const USER = 'wmCustomer-0001'
const SYNC = '/cgi-bin/kf/sync_msg'
const SEND = '/cgi-bin/kf/send_msg'
const ON_EVENT = '/cgi-bin/kf/send_msg_on_event'
const TRANS = '/cgi-bin/kf/service_state/trans'

let stub: WechatApiStub
let cipher: WechatCipher
useWechatApiStub((started) => (stub = started), { corpId: SAMPLE.corpId })
beforeEach(async () => {
  cipher = await WechatCipher.create(SAMPLE.encodingAesKey, SAMPLE.corpId)
})

type Options = Partial<Omit<WecomChannelOptions, 'cipher' | 'api' | 'onBackground' | 'config'>> & { config?: typeof petConfig; perMinute?: number }

/** The pet shop with the channel at /wecom, and a second instance at /wecom-b standing for another isolate. */
async function edge({ config = petConfig, perMinute = 0, ...o }: Options = {}) {
  const works: Promise<void>[] = []
  const logs: string[] = []
  const api = new WecomApi({ base: stub.url, corpId: SAMPLE.corpId, secret: STUB_CREDENTIALS.corpSecret, log: (m) => logs.push(m) })
  const options = (): WecomChannelOptions => ({ token: SAMPLE.token, cipher, api, config: () => config, live: false, log: (m) => logs.push(m), ...o, onBackground: (w) => works.push(w) })
  const route = (turns: Parameters<typeof wecomRoute>[0]) => wecomRoute(turns, options())
  const e = await channelEdge({ channels: { routes: { '/wecom': route, '/wecom-b': route } }, deps: { config, rateLimit: { perMinute } } })

  /** WeCom's callback for news on an account, signed and sealed; resolves once its background work is done (unless `wait` is false). */
  async function callback({ path = '/v1/channels/wecom', token = 'ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR', badSignature = false, wait = true } = {}) {
    const event = buildWechatXml({ ToUserName: SAMPLE.corpId, CreateTime: 1348831860, MsgType: 'event', Event: 'kf_msg_or_event', Token: token, OpenKfId: KF })
    const encrypt = await cipher.encrypt(event)
    const [timestamp, nonce] = ['1476422779', '1597212914']
    const signature = await wechatSignature(SAMPLE.token, timestamp, nonce, encrypt)
    const query = new URLSearchParams({ msg_signature: badSignature ? signature.replace(/^./, (d) => (d === '0' ? '1' : '0')) : signature, timestamp, nonce })
    const res = await e.app.request(`${path}?${query}`, { method: 'POST', body: buildWechatXml({ ToUserName: SAMPLE.corpId, Encrypt: encrypt, AgentID: '' }) })
    if (wait) await settled()
    return res
  }
  const settled = () => Promise.all(works.splice(0))
  return { ...e, api, logs, callback, settled }
}

const customer = (text: string, extra: Partial<WecomKfMessage> = {}): Partial<WecomKfMessage> => ({ open_kfid: KF, external_userid: USER, origin: KF_ORIGIN.customer, msgtype: 'text', text: { content: text }, ...extra })
const posts = (path: string) => stub.sent.filter((s) => s.path === path)
const sentTexts = () => posts(SEND).map((s) => (s.body.text as { content: string }).content)

describe('GET /v1/channels/wecom (URL check)', () => {
  it("answers the plaintext of WeCom's sample echostr, whether its '+' came percent-encoded or not", async () => {
    const { app } = await edge()
    const encoded = await app.request(`/v1/channels/wecom?${new URLSearchParams(SAMPLE.verify)}`)
    expect(encoded.status).toBe(200)
    const plaintext = await encoded.text()
    expect(plaintext).toMatch(/^\d+$/)
    const v = SAMPLE.verify
    const raw = await app.request(`/v1/channels/wecom?msg_signature=${v.msg_signature}&timestamp=${v.timestamp}&nonce=${v.nonce}&echostr=${v.echostr}`)
    expect(await raw.text()).toBe(plaintext)
  })

  it('refuses a bad signature with 401', async () => {
    const { app } = await edge()
    const res = await app.request(`/v1/channels/wecom?${new URLSearchParams({ ...SAMPLE.verify, nonce: '47744684' })}`)
    expect(res.status).toBe(401)
  })
})

describe('POST /v1/channels/wecom (kf_msg_or_event)', () => {
  it('refuses a bad signature with 401 before reading anything: nothing synced, sent or stored', async () => {
    const { callback, visitors } = await edge()
    stub.queueKfMessages([customer('清泉饮水机多大容量', { msgid: 'in-forged' })])
    const res = await callback({ badSignature: true })
    expect(res.status).toBe(401)
    expect(stub.sent).toEqual([])
    expect(await visitors.cursor(cursorName(KF))).toBeUndefined()
    expect(await visitors.claimMessage('wecom', 'in-forged')).toBe(true) // a first claim: the message was never claimed
  })

  it('answers the callback at once, then reads with its token and answers from the catalog with send_msg', async () => {
    const { callback, settled } = await edge()
    stub.queueKfMessages([customer('清泉饮水机多大容量？', { msgid: 'in-1' })])
    stub.delayNext(SYNC, 100)
    const res = await callback({ token: 'CALLBACK-TOKEN-1', wait: false })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
    expect(stub.sent).toEqual([]) // answered before sync_msg did
    await settled()
    expect(posts(SYNC)[0]!.body).toMatchObject({ token: 'CALLBACK-TOKEN-1', open_kfid: KF })
    expect(posts(SEND)).toHaveLength(1)
    expect(posts(SEND)[0]!.body).toMatchObject({ touser: USER, open_kfid: KF, msgtype: 'text' })
    expect(sentTexts()[0]).toContain('2.5L')
  })

  it('keeps the conversation on the server: a pronoun in the next message finds the product', async () => {
    const { callback } = await edge()
    stub.queueKfMessages([customer('介绍一下清泉饮水机')])
    await callback()
    stub.queueKfMessages([customer('它的滤芯能用多久？')])
    await callback()
    expect(sentTexts()).toHaveLength(2)
    expect(sentTexts()[1]).toContain('30天')
    // Another customer of the same account has no such history.
    stub.queueKfMessages([customer('它的滤芯能用多久？', { external_userid: 'wmCustomer-0002' })])
    await callback()
    expect(sentTexts()[2]).not.toContain('30天')
  })

  it('pages while has_more, stores the cursor, and the next callback goes on from it', async () => {
    const { callback, visitors } = await edge()
    // A full page of a servicer's own messages (read, never answered), then the customer's question.
    stub.queueKfMessages(Array.from({ length: 1000 }, (_, i) => ({ open_kfid: KF, origin: KF_ORIGIN.servicer, servicer_userid: 'zhangsan', msgtype: 'text', text: { content: `servicer ${i}` } })))
    stub.queueKfMessages([customer('猫爬架多高')])
    await callback()
    expect(posts(SYNC).map((s) => s.body.cursor)).toEqual([undefined, 'c1000'])
    expect(sentTexts()).toHaveLength(1)
    expect(sentTexts()[0]).toContain('160cm')
    expect(await visitors.cursor(cursorName(KF))).toBe('c1001')

    stub.queueKfMessages([customer('清泉饮水机多大容量')])
    await callback()
    expect(posts(SYNC).at(-1)!.body.cursor).toBe('c1001')
    expect(sentTexts()).toHaveLength(2)
    expect(await visitors.cursor(cursorName(KF))).toBe('c1002')
  })

  it('answers a message once: a repeated msgid, and two callbacks at once in this isolate and another', async () => {
    const { callback, visitors } = await edge()
    stub.queueKfMessages([customer('猫爬架多高', { msgid: 'dup-1' }), customer('猫爬架多高', { msgid: 'dup-1' })])
    await callback()
    expect(sentTexts()).toHaveLength(1)

    stub.queueKfMessages([customer('清泉饮水机多大容量', { msgid: 'race-1' })])
    await Promise.all([callback(), callback(), callback({ path: '/v1/channels/wecom-b' })])
    expect(sentTexts()).toHaveLength(2)
    expect(await visitors.cursor(cursorName(KF))).toBe('c3')
  })

  it('answers a picture with a polite request for text', async () => {
    const { callback } = await edge()
    stub.queueKfMessages([{ open_kfid: KF, external_userid: USER, origin: KF_ORIGIN.customer, msgtype: 'image', image: { media_id: 'MEDIA_1' } }])
    await callback()
    expect(sentTexts()).toEqual([CHANNEL_TEXTS['zh-CN'].notText])
  })

  it("hands an upset customer to WeCom's servicers: the handoff text, then the queue (state 2)", async () => {
    const { callback } = await edge()
    stub.queueKfMessages([customer('我要人工客服')])
    await callback()
    expect(sentTexts()[0]).toContain('400-800-1234')
    expect(posts(TRANS).map((s) => s.body)).toEqual([{ open_kfid: KF, external_userid: USER, service_state: 2 }])
    expect(stub.sent.findIndex((s) => s.path === SEND)).toBeLessThan(stub.sent.findIndex((s) => s.path === TRANS))
    // Queued for a person now: the next message is theirs to answer.
    stub.queueKfMessages([customer('还在吗')])
    await callback()
    expect(sentTexts()).toHaveLength(1)
  })

  it('with the huike inbox on, a handoff only sends the text: the session stays with the API', async () => {
    const { callback } = await edge({ live: true })
    stub.queueKfMessages([customer('我要人工客服')])
    await callback()
    expect(sentTexts()[0]).toContain('400-800-1234')
    expect(posts(TRANS)).toEqual([])
  })

  it("does not answer while one of the shop's WeCom servicers holds the session (state 3)", async () => {
    const { callback } = await edge()
    stub.states.set(stateKey(KF, USER), 3)
    stub.queueKfMessages([customer('清泉饮水机多大容量')])
    await callback()
    expect(posts(SEND)).toEqual([])
  })

  it('sends a long answer in pieces under 2,048 bytes, in order', async () => {
    const manual = '清泉饮水机使用说明：先用清水冲洗水箱，装好滤芯后加水至刻度线，接通电源即可。'.repeat(60)
    const config = parseSiteConfig({ ...petConfig, rules: [{ id: 'manual', slot: 'reply', promotional: false, when: { keywords: ['说明书'] }, then: { text: manual } }] }, 'config.json')
    const { callback } = await edge({ config })
    stub.queueKfMessages([customer('饮水机说明书')])
    await callback()
    const texts = sentTexts()
    expect(texts.length).toBeGreaterThan(2)
    for (const text of texts) expect(new TextEncoder().encode(text).length).toBeLessThanOrEqual(2048)
    expect(texts.join('')).toContain(manual.slice(0, 200))
  })

  it('greets a customer entering from a link with a scene through the welcome_code', async () => {
    const { callback } = await edge()
    const enter = { event_type: 'enter_session', open_kfid: KF, external_userid: USER, scene: 'sem', scene_param: '饮水机', welcome_code: 'WELCOME_CODE_1' }
    stub.queueKfMessages([{ origin: KF_ORIGIN.system, msgtype: 'event', open_kfid: undefined, external_userid: undefined, event: enter }])
    await callback()
    expect(posts(ON_EVENT)).toHaveLength(1)
    expect(posts(ON_EVENT)[0]!.body).toMatchObject({ code: 'WELCOME_CODE_1', msgtype: 'text' })
    expect((posts(ON_EVENT)[0]!.body.text as { content: string }).content).toContain('想给毛孩子换台饮水机')
    expect(stub.eventCodes.has('WELCOME_CODE_1')).toBe(false)
    expect(posts(SEND)).toEqual([])
  })

  it('greets with send_msg when the welcome_code is no longer accepted', async () => {
    const { callback, logs } = await edge()
    stub.queueKfMessages([{ origin: KF_ORIGIN.system, msgtype: 'event', open_kfid: undefined, external_userid: undefined, event: { event_type: 'enter_session', open_kfid: KF, external_userid: USER, welcome_code: 'EXPIRED' } }])
    stub.eventCodes.delete('EXPIRED')
    await callback()
    expect(posts(ON_EVENT)).toEqual([])
    expect(sentTexts()[0]).toContain('你好，我是小毛')
    expect(logs.join('\n')).toContain('welcome_code refused')
  })

  it('leaves old messages unanswered (the first read without a cursor returns 3 days)', async () => {
    const { callback, visitors } = await edge()
    stub.queueKfMessages([customer('猫爬架多高', { send_time: Math.floor(Date.now() / 1000) - 2 * 86400 })])
    await callback()
    expect(posts(SEND)).toEqual([])
    expect(await visitors.cursor(cursorName(KF))).toBe('c1')
  })

  it('limits each customer, answering a flood politely', async () => {
    const { callback } = await edge({ perMinute: 1 })
    stub.queueKfMessages([customer('猫爬架多高'), customer('猫爬架多高')])
    await callback()
    expect(sentTexts()[1]).toBe(CHANNEL_TEXTS['zh-CN'].tooFast)
  })

  it('"删除我的数据" erases the conversation', async () => {
    const { callback } = await edge()
    stub.queueKfMessages([customer('介绍一下清泉饮水机'), customer('删除我的数据'), customer('它的滤芯能用多久？')])
    await callback()
    expect(sentTexts()[1]).toBe(CHANNEL_TEXTS['zh-CN'].erased)
    expect(sentTexts()[2]).not.toContain('30天')
  })
})

describe('wecomSender', () => {
  it("carries a person's words from the huike inbox to the customer's session", async () => {
    const { callback, visitors, api } = await edge({ live: true })
    stub.queueKfMessages([customer('猫爬架多高')])
    await callback()
    const visitor = await visitors.visit('wecom', `${KF}/${USER}`)
    const relay = channelRelay(visitors, { wecom: wecomSender(api) })
    await relay.toVisitor(visitor.visitorId, { event: 'message', data: { conversationId: 'c_1', role: 'agent', content: '您好，我是小王' } } as VisitorLiveEvent)
    expect(posts(SEND).at(-1)!.body).toMatchObject({ touser: USER, open_kfid: KF, text: { content: '您好，我是小王' } })
    await expect(wecomSender(api)('not-a-wecom-id', 'hi')).rejects.toThrow('open_kfid')
  })
})
