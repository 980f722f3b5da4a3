import { describe, expect, it } from 'vitest'
import { expectNoSecrets as checkNoSecrets, rejection, useWechatApiStub } from '../testing/api-checks.ts'
import { stateKey, STUB_CREDENTIALS, type WechatApiStub } from '../testing/wechat-api-stub.ts'
import { REFRESH_MARGIN_MS } from '../wechat/token-cache.ts'
import { KF_ORIGIN, KF_SERVICE_STATE, WecomApi, WecomApiError, type WecomApiOptions } from './api.ts'

const SYNC = '/cgi-bin/kf/sync_msg'
const SEND = '/cgi-bin/kf/send_msg'
const TRANS = '/cgi-bin/kf/service_state/trans'
const KF = 'wk-shop-account'
const USER = 'wm-customer-1'

let stub: WechatApiStub
let logs: string[]
useWechatApiStub((started) => {
  stub = started
  logs = []
})

function client(overrides: Partial<WecomApiOptions> = {}): WecomApi {
  return new WecomApi({ base: stub.url, corpId: STUB_CREDENTIALS.corpId, secret: STUB_CREDENTIALS.corpSecret, log: (m) => logs.push(m), ...overrides })
}

const caught = (promise: Promise<unknown>) => rejection(promise, WecomApiError)

const expectNoSecrets = (text: string) => checkNoSecrets(stub, STUB_CREDENTIALS.corpSecret, text)

describe('WecomApi access token', () => {
  it('is fetched once, shared by concurrent callers and reused', async () => {
    const api = client()
    await Promise.all([api.accessToken(), api.serviceState({ openKfId: KF, externalUserId: USER }), api.syncMessages()])
    await api.sendText({ openKfId: KF, externalUserId: USER, text: 'hi' })
    expect(stub.tokensIssued).toBe(1)
  })

  it('is refreshed 5 minutes before it expires', async () => {
    let clock = 0
    const api = client({ now: () => clock })
    const first = await api.accessToken()
    clock += 7200_000 - REFRESH_MARGIN_MS
    expect(await api.accessToken()).not.toBe(first)
  })

  it('a wrong corpsecret is refused with 40001 and not retried; the secret is not in the error', async () => {
    const api = client({ secret: 'not-the-corp-secret-99' })
    const err = await caught(api.syncMessages())
    expect(err).toMatchObject({ operation: 'accessToken', errcode: 40001 })
    expect(err.message).not.toContain('not-the-corp-secret-99')
    expect(logs).toEqual([])
  })

  it.each([
    ['expired', 42001],
    ['invalid', 40014],
  ])('an %s token (%i) is dropped and the call retried once with a fresh one', async (_, errcode) => {
    const api = client()
    await api.accessToken()
    if (errcode === 42001) stub.expireTokens()
    else stub.failNext(SEND, errcode)
    await api.sendText({ openKfId: KF, externalUserId: USER, text: 'after refresh' })
    expect(stub.tokensIssued).toBe(2)
    expect(stub.sent).toHaveLength(1)
    expect(logs[0]).toContain(`errcode ${errcode}`)
  })

  it('a second refusal throws WecomApiError', async () => {
    const api = client()
    stub.failNext(SYNC, 40014)
    stub.failNext(SYNC, 40014)
    expect(await caught(api.syncMessages())).toMatchObject({ operation: 'syncMessages', errcode: 40014 })
    expect(stub.tokensIssued).toBe(2)
  })
})

describe('WecomApi errors', () => {
  it('another errcode throws with errcode and operation, without a refresh', async () => {
    const api = client()
    stub.failNext(SEND, 95001, 'send msg count limit')
    const err = await caught(api.sendText({ openKfId: KF, externalUserId: USER, text: 'sixth' }))
    expect(err).toMatchObject({ operation: 'sendText', errcode: 95001, errmsg: 'send msg count limit', failure: 'errcode' })
    expect(err.message).toBe('WeCom sendText failed: errcode 95001: send msg count limit')
    expect(stub.tokensIssued).toBe(1)
  })

  it('times out', async () => {
    const api = client({ timeoutMs: 100 })
    await api.accessToken()
    stub.delayNext(SYNC, 1_000)
    expect(await caught(api.syncMessages())).toMatchObject({ operation: 'syncMessages', failure: 'timeout' })
  })

  it('keeps the secret and tokens out of errors and logs, even when echoed', async () => {
    const api = client()
    const token = await api.accessToken()
    stub.failNext(TRANS, 42001, `access_token expired: ${token}`)
    stub.failNext(TRANS, 60011, `no privilege, corpsecret=${STUB_CREDENTIALS.corpSecret}, more info at https://open.work.weixin.qq.com/devtool/query?e=60011`)
    const err = await caught(api.transferState({ openKfId: KF, externalUserId: USER, serviceState: 2 }))
    expect(err.errcode).toBe(60011)
    for (const text of [err.message, ...logs]) expectNoSecrets(text)
    const network = await caught(client({ fetch: async (input) => Promise.reject(new TypeError(`connect ECONNREFUSED ${String(input)}`)) }).accessToken())
    expect(network.failure).toBe('network')
    expectNoSecrets(network.message)
    expect(network.message).toContain('corpsecret=***')
  })
})

describe('WecomApi sync_msg', () => {
  it('pages with the cursor until has_more is 0, with typed messages', async () => {
    stub.queueKfMessages([
      { msgid: 'm1', open_kfid: KF, external_userid: USER, origin: KF_ORIGIN.customer, msgtype: 'text', text: { content: '你好' } },
      { msgid: 'm2', open_kfid: KF, external_userid: USER, origin: KF_ORIGIN.system, msgtype: 'event', event: { event_type: 'enter_session', open_kfid: KF, external_userid: USER, scene: 'shop' } },
      { msgid: 'm3', open_kfid: KF, external_userid: USER, origin: KF_ORIGIN.servicer, servicer_userid: 'zhangsan', msgtype: 'text', text: { content: 'Hi, Zhang here' } },
      { msgid: 'm4', open_kfid: 'wk-other', msgtype: 'text', text: { content: 'other account' } },
      { msgid: 'm5', open_kfid: KF, external_userid: USER, msgtype: 'text', text: { content: 'last' } },
    ])
    const api = client()
    const pages = []
    let cursor: string | undefined
    for (;;) {
      const page = await api.syncMessages({ token: 'callback-token', cursor, openKfId: KF, limit: 2 })
      pages.push(page)
      cursor = page.nextCursor
      if (!page.hasMore) break
    }
    expect(pages.map((p) => p.messages.map((m) => m.msgid))).toEqual([['m1', 'm2'], ['m3', 'm5']])
    expect(pages.map((p) => p.hasMore)).toEqual([true, false])
    const [first] = pages
    expect(first!.messages[0]).toMatchObject({ origin: 3, msgtype: 'text', text: { content: '你好' }, external_userid: USER })
    expect(first!.messages[1]!.event).toMatchObject({ event_type: 'enter_session', scene: 'shop' })
    const bodies = stub.sent.filter((s) => s.path === SYNC).map((s) => s.body)
    expect(bodies[0]).toEqual({ token: 'callback-token', limit: 2, open_kfid: KF })
    expect(bodies[1]).toEqual({ cursor: pages[0]!.nextCursor, token: 'callback-token', limit: 2, open_kfid: KF })
    // Nothing new: the same cursor answers an empty page.
    expect(await api.syncMessages({ cursor })).toMatchObject({ messages: [], hasMore: false, nextCursor: cursor })
  })

  it('clamps the limit to 1..1000', async () => {
    const api = client()
    await api.syncMessages({ limit: 5000 })
    await api.syncMessages({ limit: 0 })
    expect(stub.sent.map((s) => s.body.limit)).toEqual([1000, 1])
  })
})

describe('WecomApi send and session state', () => {
  it('sendText posts the documented body and returns the msgid', async () => {
    const api = client()
    expect(await api.sendText({ openKfId: KF, externalUserId: USER, text: '在的', msgid: 'huike-1' })).toEqual({ msgid: 'huike-1' })
    const generated = await api.sendText({ openKfId: KF, externalUserId: USER, text: 'again' })
    expect(generated.msgid).toMatch(/^stub-msg-/)
    expect(stub.sent[0]).toEqual({ api: 'wecom', path: SEND, body: { touser: USER, open_kfid: KF, msgid: 'huike-1', msgtype: 'text', text: { content: '在的' } } })
    expect(stub.sent[1]!.body).not.toHaveProperty('msgid')
  })

  it('reads and changes the session state with the documented bodies', async () => {
    const api = client()
    const session = { openKfId: KF, externalUserId: USER }
    expect(await api.serviceState(session)).toEqual({ serviceState: KF_SERVICE_STATE.new })
    expect(await api.transferState({ ...session, serviceState: KF_SERVICE_STATE.assistant })).toEqual({})
    const handoff = await api.transferState({ ...session, serviceState: KF_SERVICE_STATE.servicer, servicerUserId: 'zhangsan' })
    expect(handoff.msgCode).toMatch(/^MSG_CODE_/)
    expect(stub.states.get(stateKey(KF, USER))).toBe(3)
    expect(await api.serviceState(session)).toEqual({ serviceState: 3, servicerUserId: 'zhangsan' })
    expect(stub.sent.filter((s) => s.path === TRANS).map((s) => s.body)).toEqual([
      { open_kfid: KF, external_userid: USER, service_state: 1 },
      { open_kfid: KF, external_userid: USER, service_state: 3, servicer_userid: 'zhangsan' },
    ])
    // A person is answering now: the API may not send, and an ended session cannot be reopened.
    expect(await caught(api.sendText({ ...session, text: 'bot reply' }))).toMatchObject({ errcode: 95018 })
    await api.transferState({ ...session, serviceState: KF_SERVICE_STATE.ended })
    expect(await caught(api.transferState({ ...session, serviceState: KF_SERVICE_STATE.assistant }))).toMatchObject({ operation: 'transferState', errcode: 95016 })
  })
})
