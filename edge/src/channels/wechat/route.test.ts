// The WeChat Official Account channel as WeChat's servers use it: the server check, signed messages
// in plain and safe mode, passive replies within 5 seconds or the message API after, retries, cards as
// text, numbered quick replies, QR scenes, handoffs — over a pet shop's catalog, against a local
// stand-in of WeChat's API.
import { describe, expect, it } from 'vitest'
import { OfflineResponder } from '../../model/offline.ts'
import { useWechatApiStub } from '../testing/api-checks.ts'
import { STUB_CREDENTIALS, type WechatApiStub } from '../testing/wechat-api-stub.ts'
import { petCatalog } from '../testing.ts'
import { wechatSignature } from './crypto.ts'
import { AES_KEY, OPENID, openReply, WECHAT_TOKEN, wechatEdge, wechatPost } from './testing.ts'

let stub: WechatApiStub
useWechatApiStub((started) => (stub = started))

const apiEnv = () => ({ HUIKE_WECHAT_APPID: STUB_CREDENTIALS.appId, HUIKE_WECHAT_SECRET: STUB_CREDENTIALS.appSecret, HUIKE_WECHAT_API_BASE: stub.url })
const sentTexts = () => stub.sent.filter((r) => r.path === '/cgi-bin/message/custom/send').map((r) => (r.body.text as { content: string }).content)
async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('the server check (GET)', () => {
  it('echoes echostr when the signature is right, and 401 otherwise', async () => {
    const { app } = await wechatEdge()
    const signature = await wechatSignature(WECHAT_TOKEN, '1733400000', 'abc')
    const ok = await app.request(`/v1/channels/wechat?signature=${signature}&timestamp=1733400000&nonce=abc&echostr=6543210`)
    expect(ok.status).toBe(200)
    expect(await ok.text()).toBe('6543210')
    const bad = await app.request(`/v1/channels/wechat?signature=${'0'.repeat(40)}&timestamp=1733400000&nonce=abc&echostr=6543210`)
    expect(bad.status).toBe(401)
    expect(await bad.text()).not.toContain('6543210')
  })
})

describe('text messages', () => {
  it('answers from the catalog in the passive reply, to the sender, from the account', async () => {
    const { app } = await wechatEdge()
    const { res, text } = await wechatPost(app, { MsgType: 'text', Content: '清泉饮水机多大容量？' })
    expect(res.status).toBe(200)
    const reply = await openReply(text)
    expect(reply).toMatchObject({ ToUserName: OPENID, FromUserName: 'gh_petshop', MsgType: 'text' })
    expect(reply.Content).toContain('2.5L')
  })

  it('keeps the conversation on the server: three turns, the product carried over', async () => {
    const { app } = await wechatEdge()
    const turn = async (q: string) => (await openReply((await wechatPost(app, { MsgType: 'text', Content: q })).text)).Content!
    expect(await turn('介绍一下清泉饮水机')).toContain('清泉')
    expect(await turn('它的滤芯能用多久？')).toContain('30天')
    expect(await turn('噪音大吗')).toContain('25dB')
  })

  it('shows product cards as text with absolute links to the shop, never a javascript: link', async () => {
    const { app } = await wechatEdge()
    const reply = await openReply((await wechatPost(app, { MsgType: 'text', Content: '介绍一下清泉饮水机' })).text)
    expect(reply.Content).toMatch(/【清泉 PF-200 宠物智能饮水机】¥239/)
    expect(reply.Content).toMatch(/https:\/\/pets\.example\/\S+/)
    expect(reply.Content).not.toMatch(/javascript:|<a /i)
  })

  it('numbers the quick replies; "回复 2" asks the second', async () => {
    const { app } = await wechatEdge()
    const opener = await openReply((await wechatPost(app, { MsgType: 'event', Event: 'subscribe' })).text)
    expect(opener.Content).toContain('1. 饮水机怎么选')
    expect(opener.Content).toContain('2. 猫爬架多高')
    const picked = await openReply((await wechatPost(app, { MsgType: 'text', Content: '2' })).text)
    expect(picked.Content).toContain('160cm')
  })

  it('answers a message WeChat retries (same MsgId) once', async () => {
    const { app, store } = await wechatEdge()
    const first = await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高', MsgId: '8888' })
    expect((await openReply(first.text)).Content).toContain('160cm')
    const retry = await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高', MsgId: '8888' })
    expect(retry.text).toBe('success')
    await until(() => true)
    await new Promise((r) => setTimeout(r, 50))
    expect((await store.events()).filter((e) => e.type === 'message_sent')).toHaveLength(1)
  })

  it('gives the channel of each turn to the report', async () => {
    const { app, store } = await wechatEdge()
    await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高' })
    await new Promise((r) => setTimeout(r, 50))
    expect((await store.events()).find((e) => e.type === 'message_sent')?.props.channel).toBe('wechat')
  })

  it('reads a voice message through WeChat speech recognition, and asks for text otherwise', async () => {
    const { app } = await wechatEdge()
    const voice = await openReply((await wechatPost(app, { MsgType: 'voice', Recognition: '猫爬架多高' })).text)
    expect(voice.Content).toContain('160cm')
    const image = await openReply((await wechatPost(app, { MsgType: 'image' })).text)
    expect(image.Content).toContain('文字')
  })

  it('shows a coupon as text with its code, from the shop\'s rules', async () => {
    const { app } = await wechatEdge()
    await wechatPost(app, { MsgType: 'text', Content: '清泉饮水机多少钱' })
    const reply = await openReply((await wechatPost(app, { MsgType: 'text', Content: '我再考虑一下' })).text)
    expect(reply.Content).toMatch(/限时券.*9折.*PET10/)
  })

  it('gives the visitor their own referral link on the shop', async () => {
    const { app, visitors } = await wechatEdge()
    const reply = await openReply((await wechatPost(app, { MsgType: 'text', Content: '帮我生成推广链接' })).text)
    const { visitorId } = await visitors.visit('wechat', OPENID)
    expect(reply.Content).toContain(`https://pets.example/?ref=${visitorId}`)
  })

  it('erases the visitor on "删除我的数据"', async () => {
    const { app, visitors } = await wechatEdge()
    await wechatPost(app, { MsgType: 'text', Content: '介绍一下清泉饮水机' })
    const before = await visitors.visit('wechat', OPENID)
    const reply = await openReply((await wechatPost(app, { MsgType: 'text', Content: '删除我的数据' })).text)
    expect(reply.Content).toContain('已删除')
    const after = await visitors.visit('wechat', OPENID)
    expect(after.visitorId).not.toBe(before.visitorId)
    expect(after.messages).toEqual([])
  })
})

describe('safe mode', () => {
  it('decrypts the message and seals the reply with the same key and a valid signature', async () => {
    const { app } = await wechatEdge({ env: { HUIKE_WECHAT_APPID: STUB_CREDENTIALS.appId, HUIKE_WECHAT_AES_KEY: AES_KEY } })
    const { res, text } = await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高' }, { safe: true })
    expect(res.status).toBe(200)
    expect(text).toContain('<Encrypt>')
    expect(text).not.toContain('160cm')
    expect((await openReply(text)).Content).toContain('160cm')
  })
})

describe('bad input', () => {
  it('a bad signature: 401, nothing stored, nothing answered', async () => {
    const { app, store, visitors } = await wechatEdge({ env: apiEnv() })
    const { res, text } = await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高' }, { signature: 'f'.repeat(40) })
    expect(res.status).toBe(401)
    expect(text).not.toContain('160cm')
    await new Promise((r) => setTimeout(r, 50))
    expect(await store.events()).toEqual([])
    expect(await visitors.usersOf('v_any')).toEqual([])
    expect(stub.sent).toEqual([])
  })

  it('XML with a DOCTYPE (XXE) is refused without being read', async () => {
    const { app, logs } = await wechatEdge()
    const signature = await wechatSignature(WECHAT_TOKEN, '1733400000', 'x')
    const body = '<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><Content>&x;</Content></xml>'
    const res = await app.request(`/v1/channels/wechat?signature=${signature}&timestamp=1733400000&nonce=x`, { method: 'POST', body })
    expect(res.status).toBe(400)
    expect(await res.text()).not.toContain('root:')
    expect(logs.join('\n')).toContain('doctype')
  })

  it('a tampered safe-mode message: 401 on its msg_signature', async () => {
    const { app } = await wechatEdge({ env: { HUIKE_WECHAT_APPID: STUB_CREDENTIALS.appId, HUIKE_WECHAT_AES_KEY: AES_KEY } })
    const signature = await wechatSignature(WECHAT_TOKEN, '1733400000', 'y')
    const body = '<xml><ToUserName>gh_petshop</ToUserName><Encrypt>AAAA</Encrypt></xml>'
    const res = await app.request(`/v1/channels/wechat?signature=${signature}&timestamp=1733400000&nonce=y&encrypt_type=aes&msg_signature=${'0'.repeat(40)}`, { method: 'POST', body })
    expect(res.status).toBe(401)
  })
})

describe('the 5-second rule and the message API', () => {
  it('replies "success" when the answer is late, then sends it through the customer-service API', async () => {
    // The offline responder at its natural typing pace takes longer than this edge waits.
    const slow = new OfflineResponder(petCatalog, { pieceDelayMs: 40 })
    const { app } = await wechatEdge({ env: { ...apiEnv(), HUIKE_WECHAT_REPLY_WITHIN_MS: '1' }, deps: { model: slow, offline: slow } })
    const { text } = await wechatPost(app, { MsgType: 'text', Content: '清泉饮水机多大容量？' })
    expect(text).toBe('success')
    await until(() => sentTexts().length > 0)
    expect(sentTexts()[0]).toContain('2.5L')
    // Meanwhile WeChat showed "typing…" to the visitor.
    expect(stub.sent[0]).toMatchObject({ path: '/cgi-bin/message/custom/typing', body: { touser: OPENID, command: 'Typing' } })
  })

  it('refreshes an expired access token once and still delivers', async () => {
    const slow = new OfflineResponder(petCatalog, { pieceDelayMs: 40 })
    const { app, logs } = await wechatEdge({ env: { ...apiEnv(), HUIKE_WECHAT_REPLY_WITHIN_MS: '1' }, deps: { model: slow, offline: slow } })
    await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高' })
    await until(() => sentTexts().length === 1)
    stub.expireTokens()
    await wechatPost(app, { MsgType: 'text', Content: '清泉饮水机多大容量？' })
    await until(() => sentTexts().length === 2)
    expect(stub.tokensIssued).toBe(2)
    expect(logs.join('\n')).not.toContain(STUB_CREDENTIALS.appSecret)
  })
})

describe('one customer across channels', () => {
  it('an openid whose unionid the shop linked to a customer continues that customer\'s conversation', async () => {
    const { app, visitors } = await wechatEdge({ env: apiEnv() })
    await visitors.link('api', 'app-9', 'cust-9')
    await visitors.link('wechat', 'oUnion-9', 'cust-9') // the shop links the unionid (POST /v1/channels/api/links)
    const inApp = await visitors.visit('api', 'app-9')
    await visitors.save({ ...inApp, messages: [{ role: 'user', content: '介绍一下清泉饮水机' }, { role: 'assistant', content: '清泉 PF-200 宠物智能饮水机，售价 ¥239。' }] })
    stub.unionIds.set(OPENID, 'oUnion-9')
    const reply = await openReply((await wechatPost(app, { MsgType: 'text', Content: '它的滤芯能用多久？' })).text)
    expect(reply.Content).toContain('30天')
    expect((await visitors.visit('wechat', OPENID)).visitorId).toBe('u_cust-9')
  })

  it('without a unionid (an account not bound to the Open Platform) the openid is its own visitor', async () => {
    const { app, visitors } = await wechatEdge({ env: apiEnv() })
    await wechatPost(app, { MsgType: 'text', Content: '猫爬架多高' })
    expect((await visitors.visit('wechat', OPENID)).visitorId).toMatch(/^v_/)
  })
})

describe('QR codes with a scene (带参数二维码)', () => {
  it('opens like an SEM landing page: the scene picks the campaign, its products shown', async () => {
    const { app } = await wechatEdge()
    const reply = await openReply((await wechatPost(app, { MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_饮水机' })).text)
    expect(reply.Content).toContain('想给毛孩子换台饮水机')
    expect(reply.Content).toContain('¥239')
  })
})

describe('handoff', () => {
  it('without the huike inbox: the handoff text through the API, the conversation to WeChat customer service', async () => {
    const { app } = await wechatEdge({ env: apiEnv() })
    const { text } = await wechatPost(app, { MsgType: 'text', Content: '我要人工客服' })
    expect((await openReply(text)).MsgType).toBe('transfer_customer_service')
    await until(() => sentTexts().length > 0)
    expect(sentTexts().join('\n')).toContain('400-800-1234')
  })

  it('with the huike inbox: the person takes over, and their words reach WeChat', async () => {
    const { app, live, visitors, store } = await wechatEdge({ env: apiEnv(), live: true })
    const handoff = await openReply((await wechatPost(app, { MsgType: 'text', Content: '我要人工客服' })).text)
    expect(handoff.MsgType).toBe('text')
    const { visitorId } = await visitors.visit('wechat', OPENID)
    const conversation = await live!.openFor(visitorId)
    expect(conversation?.status).toBe('waiting')
    // The person sees where the visitor writes from, in the queue and beside the conversation.
    expect(conversation?.channel).toBe('wechat')
    expect((await live!.conversations.get(conversation!.id))?.visitor.channel).toBe('wechat')
    await live!.agentMessage(conversation!.id, { id: 'a1', name: '小王' }, '您好，我是小王，请问饮水机有什么问题？')
    expect(sentTexts()).toEqual(['人工客服 小王 已接入，请直接在这里和 TA 对话。', '您好，我是小王，请问饮水机有什么问题？'])
    const desk = await store.events({ types: ['handoff_taken', 'agent_message'] })
    expect(desk.map((e) => e.props.channel)).toEqual(['wechat', 'wechat'])
    // While the person holds it, the assistant is silent and the visitor's words go to the person.
    const during = await wechatPost(app, { MsgType: 'text', Content: '滤芯在哪里买' })
    expect(during.text).toBe('success')
    const detail = await live!.conversations.get(conversation!.id)
    expect(detail?.messages.at(-1)?.content).toBe('滤芯在哪里买')
  })
})
