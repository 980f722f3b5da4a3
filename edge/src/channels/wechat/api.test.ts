import { describe, expect, it } from 'vitest'
import { expectNoSecrets as checkNoSecrets, rejection, useWechatApiStub } from '../testing/api-checks.ts'
import { STUB_CREDENTIALS, type WechatApiStub } from '../testing/wechat-api-stub.ts'
import { WechatApi, WechatApiError, type WechatApiOptions } from './api.ts'
import { REFRESH_MARGIN_MS } from './token-cache.ts'

const SEND = '/cgi-bin/message/custom/send'
const TYPING = '/cgi-bin/message/custom/typing'
const TOKEN = '/cgi-bin/token'

let stub: WechatApiStub
let logs: string[]
useWechatApiStub((started) => {
  stub = started
  logs = []
})

function client(overrides: Partial<WechatApiOptions> = {}): WechatApi {
  return new WechatApi({ base: stub.url, appId: STUB_CREDENTIALS.appId, secret: STUB_CREDENTIALS.appSecret, log: (m) => logs.push(m), ...overrides })
}

const caught = (promise: Promise<unknown>) => rejection(promise, WechatApiError)

const expectNoSecrets = (text: string) => checkNoSecrets(stub, STUB_CREDENTIALS.appSecret, text)

describe('WechatApi access token', () => {
  it('is fetched once and reused across calls', async () => {
    const api = client()
    await api.sendText('o-user', 'hello')
    await api.sendText('o-user', 'again')
    expect(stub.tokensIssued).toBe(1)
    expect(await api.accessToken()).toBe(stub.tokens[0])
    expect(stub.sent).toEqual([
      { api: 'mp', path: SEND, body: { touser: 'o-user', msgtype: 'text', text: { content: 'hello' } } },
      { api: 'mp', path: SEND, body: { touser: 'o-user', msgtype: 'text', text: { content: 'again' } } },
    ])
  })

  it('is fetched by one request for concurrent callers', async () => {
    const api = client()
    const tokens = await Promise.all([api.accessToken(), api.accessToken(), api.sendText('o-a', 'a'), api.sendTyping('o-b', 'Typing')])
    expect(stub.tokensIssued).toBe(1)
    expect(tokens[0]).toBe(tokens[1])
    expect(stub.sent).toHaveLength(2)
  })

  it('is refreshed 5 minutes before it expires, not earlier', async () => {
    let clock = 1_000_000
    const api = client({ now: () => clock })
    const first = await api.accessToken()
    clock += 7200_000 - REFRESH_MARGIN_MS - 1
    expect(await api.accessToken()).toBe(first)
    clock += 1
    const second = await api.accessToken()
    expect(second).not.toBe(first)
    expect(stub.tokensIssued).toBe(2)
  })

  it('is fetched again after a failed fetch (the failure is not cached)', async () => {
    stub.failNext(TOKEN, -1, 'system error')
    const api = client()
    const err = await caught(api.accessToken())
    expect(err).toMatchObject({ operation: 'accessToken', errcode: -1, failure: 'errcode' })
    await api.sendText('o-user', 'hi')
    expect(stub.tokensIssued).toBe(1)
  })

  it('a wrong secret is refused with 40125, and the secret is not in the error', async () => {
    const api = client({ secret: 'wrong-secret-1234567' })
    const err = await caught(api.accessToken())
    expect(err).toMatchObject({ operation: 'accessToken', errcode: 40125 })
    expect(err.message).not.toContain('wrong-secret-1234567')
    expect(stub.tokensIssued).toBe(0)
  })
})

describe('WechatApi refused tokens', () => {
  it('an expired token (42001) is dropped, a fresh one fetched and the call retried once', async () => {
    const api = client()
    await api.sendText('o-user', 'one')
    stub.expireTokens()
    await api.sendText('o-user', 'two')
    expect(stub.tokensIssued).toBe(2)
    expect(stub.sent.map((s) => (s.body.text as { content: string }).content)).toEqual(['one', 'two'])
    expect(logs).toHaveLength(1)
    expect(logs[0]).toMatch(/42001.*retrying once/)
  })

  it.each([40001, 40014])('errcode %i also refreshes and retries', async (errcode) => {
    const api = client()
    await api.accessToken()
    stub.failNext(SEND, errcode)
    await api.sendNews('o-user', [{ title: 'T', url: 'https://shop.example/p/1' }])
    expect(stub.tokensIssued).toBe(2)
    expect(stub.sent).toHaveLength(1)
  })

  it('a second refusal after the retry throws', async () => {
    const api = client()
    stub.failNext(SEND, 40001)
    stub.failNext(SEND, 42001)
    const err = await caught(api.sendText('o-user', 'hi'))
    expect(err).toMatchObject({ operation: 'sendText', errcode: 42001, failure: 'errcode' })
    expect(stub.tokensIssued).toBe(2)
    expect(stub.sent).toHaveLength(0)
  })

  it('concurrent calls refused with the same stale token cause one refetch', async () => {
    const api = client()
    await api.accessToken()
    stub.expireTokens()
    await Promise.all([api.sendText('o-a', 'a'), api.sendText('o-b', 'b'), api.sendText('o-c', 'c')])
    expect(stub.tokensIssued).toBe(2)
    expect(stub.sent).toHaveLength(3)
  })
})

describe('WechatApi errors', () => {
  it('another errcode throws WechatApiError without refreshing the token', async () => {
    const api = client()
    stub.failNext(SEND, 45015, 'response out of time limit or subscription is canceled')
    const err = await caught(api.sendText('o-user', 'late'))
    expect(err).toMatchObject({ operation: 'sendText', errcode: 45015, errmsg: 'response out of time limit or subscription is canceled' })
    expect(err.message).toBe('WeChat sendText failed: errcode 45015: response out of time limit or subscription is canceled')
    expect(stub.tokensIssued).toBe(1)
  })

  it('a call that gets no answer in time throws a timeout', async () => {
    const api = client({ timeoutMs: 100 })
    await api.accessToken()
    stub.delayNext(TYPING, 1_000)
    const err = await caught(api.sendTyping('o-user', 'Typing'))
    expect(err).toMatchObject({ operation: 'sendTyping', failure: 'timeout', errcode: -1 })
    expect(err.message).toContain('100 ms')
  })

  it('a token fetch that gets no answer in time throws a timeout', async () => {
    stub.delayNext(TOKEN, 1_000)
    const err = await caught(client({ timeoutMs: 100 }).accessToken())
    expect(err).toMatchObject({ operation: 'accessToken', failure: 'timeout' })
  })

  it('a network error throws WechatApiError, scrubbed of the URL credentials', async () => {
    const failing: typeof fetch = async (input) => {
      throw new TypeError(`fetch failed: ${String(input)}`)
    }
    const err = await caught(client({ fetch: failing }).accessToken())
    expect(err.failure).toBe('network')
    expect(err.message).toContain('secret=***')
    expectNoSecrets(err.message)
  })

  it('a non-2xx or non-JSON answer throws', async () => {
    const api = client({ fetch: async () => new Response('<html>bad gateway</html>', { status: 502 }) })
    expect(await caught(api.accessToken())).toMatchObject({ failure: 'http', errmsg: 'HTTP 502' })
    const html = client({ fetch: async () => new Response('<html>ok</html>') })
    expect(await caught(html.accessToken())).toMatchObject({ failure: 'format' })
  })

  it('never puts the secret or a token into error messages or log lines, even when WeChat echoes them', async () => {
    const api = client()
    const token = await api.accessToken()
    stub.failNext(SEND, 40001, `invalid credential ${token} for secret ${STUB_CREDENTIALS.appSecret}`)
    stub.failNext(SEND, 48001, `api unauthorized, access_token=${stub.tokens[0]}&secret=${STUB_CREDENTIALS.appSecret} rid: 1`)
    const err = await caught(api.sendText('o-user', 'hi'))
    expect(err.errcode).toBe(48001)
    expect(logs.length).toBeGreaterThan(0)
    for (const text of [err.message, err.errmsg, ...logs]) expectNoSecrets(text)
    expect(err.message).toContain('access_token=***')
  })
})

describe('WechatApi messages', () => {
  it('sendNews sends one article, as WeChat allows one', async () => {
    const api = client()
    await api.sendNews('o-user', [
      { title: 'Linen shirt', description: 'In stock', url: 'https://shop.example/p/1', picurl: 'https://shop.example/p/1.jpg' },
      { title: 'Second', url: 'https://shop.example/p/2' },
    ])
    expect(stub.sent[0]!.body).toEqual({
      touser: 'o-user',
      msgtype: 'news',
      news: { articles: [{ title: 'Linen shirt', description: 'In stock', url: 'https://shop.example/p/1', picurl: 'https://shop.example/p/1.jpg' }] },
    })
    await expect(api.sendNews('o-user', [])).rejects.toThrow(RangeError)
  })

  it('sendTyping posts the command to custom/typing', async () => {
    const api = client()
    await api.sendTyping('o-user', 'Typing')
    await api.sendTyping('o-user', 'CancelTyping')
    expect(stub.sent.map((s) => [s.path, s.body])).toEqual([
      [TYPING, { touser: 'o-user', command: 'Typing' }],
      [TYPING, { touser: 'o-user', command: 'CancelTyping' }],
    ])
  })

  it('accepts a base with a trailing slash', async () => {
    await client({ base: `${stub.url}/` }).sendText('o-user', 'hi')
    expect(stub.sent).toHaveLength(1)
  })
})
