// Test helper (not a test file, Node only): a fake of the two WeChat APIs the channels call, on
// 127.0.0.1 — the Official Account API (token, custom/send, custom/typing) and WeCom's 微信客服 API
// (gettoken, kf/sync_msg, send_msg, send_msg_on_event, service_state get/trans). It checks credentials and access tokens
// the way the real servers do and answers with their errcodes (HTTP 200 and an errcode, as they do),
// records what it accepted, and lets a test expire tokens, fail or delay the next call to a path, queue
// customer messages for sync_msg and watch session states.
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { WecomKfMessage } from '../wecom/api.ts'

export type StubApi = 'mp' | 'wecom'

export interface WechatApiStubOptions {
  appId?: string
  appSecret?: string
  corpId?: string
  corpSecret?: string
  /** expires_in of issued tokens, seconds; default 7200. */
  expiresIn?: number
}

export interface StubRequest {
  api: StubApi
  path: string
  body: Record<string, unknown>
}

export interface WechatApiStub {
  url: string
  close(): Promise<void>
  /** Access tokens handed out so far (both APIs). */
  readonly tokensIssued: number
  /** Those tokens, oldest first (for asserting they never leak). */
  readonly tokens: readonly string[]
  /** Every accepted POST, in order. */
  sent: StubRequest[]
  /** Every token handed out so far is refused with 42001 from now on. */
  expireTokens(): void
  /** The next request to `path` (e.g. '/cgi-bin/message/custom/send') gets this errcode; queued per path. */
  failNext(path: string, errcode: number, errmsg?: string): void
  /** The next request to `path` is answered only after `ms`. */
  delayNext(path: string, ms: number): void
  /** Messages sync_msg returns, in order; missing fields get defaults. */
  queueKfMessages(messages: Partial<WecomKfMessage>[]): void
  /** Session states by stateKey(openKfId, externalUserId); unset: 0. */
  states: Map<string, number>
  /** Codes send_msg_on_event still accepts (queued events' welcome_code, transfers' msg_code); each works once. */
  eventCodes: Set<string>
  /** What /cgi-bin/user/info answers as unionid, by openid (unset: no unionid, as for an unbound account). */
  unionIds: Map<string, string>
}

export const STUB_CREDENTIALS = {
  appId: 'wx00stubappid00',
  appSecret: 'stub-app-secret-7f3a9c2e',
  corpId: 'ww00stubcorpid00',
  corpSecret: 'stub-corp-secret-4b8d1e6a',
}

export const stateKey = (openKfId: string, externalUserId: string) => `${openKfId}/${externalUserId}`

/** Allowed service_state/trans moves (developer.work.weixin.qq.com/document/path/94669); state 4 cannot be left through the API. */
const TRANSITIONS: Record<number, number[]> = { 0: [1, 2, 3, 4], 1: [2, 3, 4], 2: [3, 4], 3: [3, 4], 4: [] }

type Answer = Record<string, unknown>
const ok = (extra: Answer = {}): Answer => ({ errcode: 0, errmsg: 'ok', ...extra })
const fail = (errcode: number, errmsg: string): Answer => ({ errcode, errmsg })
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const str = (value: unknown) => (typeof value === 'string' ? value : '')

async function readBody(req: IncomingMessage): Promise<Answer | undefined> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  try {
    const parsed: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Answer) : undefined
  } catch {
    return undefined
  }
}

export async function startWechatApiStub(options: WechatApiStubOptions = {}): Promise<WechatApiStub> {
  const creds = { ...STUB_CREDENTIALS, ...options }
  const expiresIn = options.expiresIn ?? 7200
  const issued = new Map<string, { api: StubApi; expired: boolean }>()
  const failures = new Map<string, { errcode: number; errmsg: string }[]>()
  const delays = new Map<string, number[]>()
  const kfMessages: WecomKfMessage[] = []
  const servicers = new Map<string, string>()
  const states = new Map<string, number>()
  const unionIds = new Map<string, string>()
  const eventCodes = new Set<string>()
  const sent: StubRequest[] = []
  let msgSeq = 0

  function issue(api: StubApi): string {
    const token = `${api}-token-${issued.size + 1}-${Math.random().toString(36).slice(2, 10)}`
    issued.set(token, { api, expired: false })
    return token
  }

  /** Access token check, with each API's errcodes: 41001 missing, 40001 (MP) / 40014 (WeCom) unknown, 42001 expired. */
  function checkToken(api: StubApi, token: string | null): Answer | undefined {
    if (!token) return fail(41001, 'access_token missing')
    const known = issued.get(token)
    if (!known || known.api !== api) return api === 'mp' ? fail(40001, 'invalid credential, access_token is invalid or not latest') : fail(40014, 'invalid access_token')
    if (known.expired) return fail(42001, 'access_token expired')
    return undefined
  }

  function syncMsg(body: Answer): Answer {
    const cursor = str(body.cursor)
    const from = cursor ? Number(cursor.replace(/^c/, '')) : 0
    if (!Number.isInteger(from) || from < 0 || from > kfMessages.length) return fail(40035, 'invalid cursor')
    const limit = Math.min(1000, Math.max(1, Number(body.limit ?? 1000) || 1000))
    const kfid = str(body.open_kfid)
    const page: WecomKfMessage[] = []
    let at = from
    for (; at < kfMessages.length && page.length < limit; at++) {
      const message = kfMessages[at]!
      if (!kfid || (message.open_kfid ?? message.event?.open_kfid) === kfid) page.push(message) // events name it inside `event`
    }
    return ok({ next_cursor: `c${at}`, has_more: at < kfMessages.length ? 1 : 0, msg_list: page })
  }

  function handle(api: StubApi, path: string, body: Answer): Answer {
    if (path === '/cgi-bin/message/custom/send') {
      if (!str(body.touser)) return fail(40003, 'invalid openid')
      if (body.msgtype === 'text') return str((body.text as Answer | undefined)?.content) ? ok() : fail(44004, 'empty content')
      if (body.msgtype !== 'news') return fail(40008, 'invalid message type')
      const articles = (body.news as Answer | undefined)?.articles
      if (!Array.isArray(articles) || articles.length === 0) return fail(44003, 'empty news data')
      return articles.length > 1 ? fail(45008, 'article size out of limit') : ok()
    }
    if (path === '/cgi-bin/message/custom/typing') {
      if (!str(body.touser)) return fail(40003, 'invalid openid')
      return body.command === 'Typing' || body.command === 'CancelTyping' ? ok() : fail(45072, 'invalid command')
    }
    if (path === '/cgi-bin/kf/sync_msg') return syncMsg(body)
    if (path === '/cgi-bin/kf/send_msg_on_event') {
      // 40029 is the stub's choice for a code that is unknown, expired or already used.
      if (!eventCodes.delete(str(body.code))) return fail(40029, 'invalid code')
      if (body.msgtype !== 'text' || !str((body.text as Answer | undefined)?.content)) return fail(44004, 'empty content')
      return ok({ msgid: str(body.msgid) || `stub-msg-${++msgSeq}` })
    }
    const kfid = str(body.open_kfid)
    const user = str(body.external_userid || body.touser)
    if (!kfid || !user) return fail(40035, 'invalid open_kfid or external_userid')
    const key = stateKey(kfid, user)
    const state = states.get(key) ?? 0
    if (path === '/cgi-bin/kf/send_msg') {
      if (state !== 0 && state !== 1) return fail(95018, 'send msg session status invalid')
      if (body.msgtype !== 'text' || !str((body.text as Answer | undefined)?.content)) return fail(44004, 'empty content')
      return ok({ msgid: str(body.msgid) || `stub-msg-${++msgSeq}` })
    }
    if (path === '/cgi-bin/kf/service_state/get') return ok({ service_state: state, servicer_userid: state === 3 ? (servicers.get(key) ?? '') : '' })
    // '/cgi-bin/kf/service_state/trans'
    const target = Number(body.service_state)
    if (!TRANSITIONS[state]?.includes(target)) return fail(95016, 'invalid service state transition')
    const servicer = str(body.servicer_userid)
    if (target === 3 && !servicer) return fail(95014, 'servicer_userid required for state 3')
    states.set(key, target)
    if (target === 3) servicers.set(key, servicer)
    if (target < 2 || target === state) return ok()
    const code = `MSG_CODE_${++msgSeq}`
    eventCodes.add(code)
    return ok({ msg_code: code })
  }

  const posts: Record<string, StubApi> = {
    '/cgi-bin/message/custom/send': 'mp',
    '/cgi-bin/message/custom/typing': 'mp',
    '/cgi-bin/kf/sync_msg': 'wecom',
    '/cgi-bin/kf/send_msg': 'wecom',
    '/cgi-bin/kf/send_msg_on_event': 'wecom',
    '/cgi-bin/kf/service_state/get': 'wecom',
    '/cgi-bin/kf/service_state/trans': 'wecom',
  }

  async function answer(req: IncomingMessage): Promise<{ status: number; body: Answer }> {
    const url = new URL(req.url ?? '/', 'http://stub')
    const path = url.pathname
    const q = (name: string) => url.searchParams.get(name)
    const delay = delays.get(path)?.shift()
    if (delay) await sleep(delay)
    const planned = failures.get(path)?.shift()
    if (planned) return { status: 200, body: fail(planned.errcode, planned.errmsg) }
    if (path === '/cgi-bin/token' || path === '/cgi-bin/gettoken') {
      if (req.method !== 'GET') return { status: 200, body: fail(43001, 'require GET method') }
      if (path === '/cgi-bin/token') {
        if (q('grant_type') !== 'client_credential') return { status: 200, body: fail(40002, 'invalid grant_type') }
        if (q('appid') !== creds.appId) return { status: 200, body: fail(40013, 'invalid appid') }
        if (q('secret') !== creds.appSecret) return { status: 200, body: fail(40125, 'invalid appsecret') }
        return { status: 200, body: { access_token: issue('mp'), expires_in: expiresIn } }
      }
      if (q('corpid') !== creds.corpId) return { status: 200, body: fail(40013, 'invalid corpid') }
      if (q('corpsecret') !== creds.corpSecret) return { status: 200, body: fail(40001, 'invalid credential') }
      return { status: 200, body: ok({ access_token: issue('wecom'), expires_in: expiresIn }) }
    }
    if (path === '/cgi-bin/user/info') {
      const refused = checkToken('mp', q('access_token'))
      if (refused) return { status: 200, body: refused }
      const openid = q('openid') ?? ''
      const unionid = unionIds.get(openid)
      return { status: 200, body: { subscribe: 1, openid, ...(unionid && { unionid }) } }
    }
    const api = posts[path]
    if (!api) return { status: 404, body: fail(404, 'no such API in the stub') }
    if (req.method !== 'POST') return { status: 200, body: fail(43002, 'require POST method') }
    const refused = checkToken(api, q('access_token'))
    if (refused) return { status: 200, body: refused }
    const body = await readBody(req)
    if (!body) return { status: 200, body: fail(47001, 'data format error') }
    const result = handle(api, path, body)
    if (result.errcode === 0) sent.push({ api, path, body })
    return { status: 200, body: result }
  }

  const server = createServer((req, res) => {
    answer(req).then(
      ({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
        res.end(JSON.stringify(body))
      },
      () => res.destroy(),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))

  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
    get tokensIssued() {
      return issued.size
    },
    get tokens() {
      return [...issued.keys()]
    },
    sent,
    unionIds,
    expireTokens() {
      for (const record of issued.values()) record.expired = true
    },
    failNext(path, errcode, errmsg = `stub failure ${errcode}`) {
      failures.set(path, [...(failures.get(path) ?? []), { errcode, errmsg }])
    },
    delayNext(path, ms) {
      delays.set(path, [...(delays.get(path) ?? []), ms])
    },
    queueKfMessages(messages) {
      for (const m of messages) {
        kfMessages.push({
          open_kfid: 'wk-stub-account',
          external_userid: 'wm-stub-customer',
          send_time: Math.floor(Date.now() / 1000),
          origin: 3,
          msgtype: 'text',
          ...m,
          msgid: m.msgid ?? `stub-in-${++msgSeq}`,
        } as WecomKfMessage)
        if (m.event?.welcome_code) eventCodes.add(m.event.welcome_code)
      }
    },
    states,
    eventCodes,
  }
}
