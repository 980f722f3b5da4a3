// The Workers build of the edge inside real workerd (`wrangler dev --local`): the same API answers
// there as on Node. No network, no login, no LLM key: the offline responder answers. Live handoff is
// on (HUIKE_AGENT_TOKEN), with the streams' fan-out in Durable Objects and the conversations in D1.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { experimental_readRawConfig } from 'wrangler'
import { createEventParser } from '../shared/sse.ts'
import type { ChatEvent } from '../shared/protocol.ts'
import { liveReader } from '../edge/src/live/testing.ts'
import { wechatSignature } from '../edge/src/channels/wechat/crypto.ts'
import { buildWechatXml, parseWechatXml } from '../edge/src/channels/wechat/xml.ts'
import { SHOP_GREETING, SHOP_PRODUCTS, shopDeployment, type ShopDeployment } from './support/shop-deployment.ts'

const STARTUP_TIMEOUT_MS = 60_000
const AGENT_TOKEN = 'workerd-agent-secret'
const agentAuth = { authorization: `Bearer ${AGENT_TOKEN}` }
const json = { 'content-type': 'application/json' }
const WECHAT_TOKEN = 'workerd-wechat-token'
const CHANNEL_KEY = 'workerd-channel-key-0123456789'

async function freePort(): Promise<number> {
  const server = createServer()
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  const { port } = server.address() as AddressInfo
  server.close()
  await once(server, 'close')
  return port
}

/** The environment minus any LLM settings, plus switches that keep wrangler off the network. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_') && !name.startsWith('HUIKE_')))
  return {
    ...env,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    WRANGLER_HIDE_BANNER: 'true', // the banner checks npm for updates
    CLOUDFLARE_LOAD_DEV_VARS_FROM_DOT_ENV: 'false',
    NO_COLOR: '1',
  }
}

/**
 * wrangler.jsonc as is, except that the bundle takes `siteConfig` in place of demo/config.json, as a
 * shop on Workers builds with its own config (`wrangler dev` ignores `--alias`; the file's `alias` works).
 * Written into `dir`, so its relative paths become absolute.
 */
async function wranglerConfigWith(siteConfig: string, dir: string, overrides: WranglerOverrides = {}): Promise<string> {
  const { rawConfig } = experimental_readRawConfig({ config: 'wrangler.jsonc' })
  const { $schema: _, ...config } = rawConfig as typeof rawConfig & { $schema?: string }
  const path = join(dir, 'wrangler.json')
  await writeFile(
    path,
    JSON.stringify({
      ...config,
      main: resolve(config.main!),
      assets: { ...config.assets, directory: resolve(config.assets!.directory!) },
      d1_databases: config.d1_databases!.map((db: { migrations_dir?: string }) => ({ ...db, migrations_dir: resolve(db.migrations_dir!) })),
      alias: { '../../demo/config.json': siteConfig },
      ...overrides,
    }),
  )
  return path
}

/** Top-level settings of wrangler.jsonc to replace, e.g. lower rate limits. */
type WranglerOverrides = Record<string, unknown>

interface Edge {
  base: string
  stop(): Promise<void>
  /** What wrangler printed so far, the worker's console included. */
  output(): string
}

/** `wrangler dev` with its own fresh state (the D1 database, the Durable Objects), healthy; `vars` as `--var`. */
async function startEdge(vars: Record<string, string>, overrides: WranglerOverrides = {}): Promise<Edge> {
  // wrangler refuses to start without the assets directory; `npm test` builds the widget into it first.
  await mkdir('dist/public', { recursive: true })
  const [port, inspectorPort] = [await freePort(), await freePort()]
  const base = `http://127.0.0.1:${port}`
  const stateDir = await mkdtemp(join(tmpdir(), 'huike-wrangler-'))
  // The demo config with people on duty around the clock, so a handoff is live whenever the test runs.
  const config = JSON.parse(await readFile('demo/config.json', 'utf8')) as { handoff: { hours?: unknown } }
  delete config.handoff.hours
  const configPath = join(stateDir, 'config.json')
  await writeFile(configPath, JSON.stringify(config))
  const wrangler = spawn(
    'node_modules/.bin/wrangler',
    [
      'dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', stateDir,
      '--config', await wranglerConfigWith(configPath, stateDir, overrides), ...Object.entries(vars).flatMap(([name, value]) => ['--var', `${name}:${value}`]),
      '--show-interactive-dev-session=false', '--log-level', 'warn',
    ],
    { env: offlineEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  wrangler.stdout!.on('data', (d) => (output += d))
  wrangler.stderr!.on('data', (d) => (output += d))
  const stop = async () => {
    if (wrangler.pid && wrangler.exitCode === null) {
      const exited = once(wrangler, 'exit')
      process.kill(-wrangler.pid, 'SIGTERM') // the whole group: wrangler and its workerd
      const timer = setTimeout(() => wrangler.pid && process.kill(-wrangler.pid, 'SIGKILL'), 5_000)
      await exited
      clearTimeout(timer)
    }
    await rm(stateDir, { recursive: true, force: true })
  }

  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null) break
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { base, stop, output: () => output }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  await stop()
  throw new Error(`wrangler dev did not become healthy${wrangler.exitCode !== null ? ` (exited with ${wrangler.exitCode})` : ` in ${STARTUP_TIMEOUT_MS} ms`}:\n${output}`)
}

/** A visitor with their token, and their chat turn asking for a person (live: the desk's queue). */
async function visitorAskingForPerson(base: string) {
  const registered = await fetch(`${base}/v1/visitors`, { method: 'POST', headers: json, body: '{}' })
  expect(registered.status).toBe(201)
  const { visitorId, token } = (await registered.json()) as { visitorId: string; token: string }
  const chat = await fetch(`${base}/v1/chat`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ visitorId, sessionId: 's_live', messages: [{ role: 'user', content: '转人工' }] }),
  })
  const events: ChatEvent[] = []
  const parser = createEventParser((e) => events.push(e))
  parser.feed(await chat.text())
  parser.end()
  expect(events.find((e) => e.event === 'card' && e.data.type === 'handoff')).toMatchObject({ data: { live: { waitMs: expect.any(Number) } } })
  return { visitorId, visitorAuth: { authorization: `Bearer ${token}` } }
}

let edge: Edge | undefined
let base: string

beforeAll(async () => {
  edge = await startEdge({ HUIKE_AGENT_TOKEN: AGENT_TOKEN, HUIKE_WECHAT_TOKEN: WECHAT_TOKEN, HUIKE_CHANNEL_API_KEYS: CHANNEL_KEY })
  base = edge.base
})

afterAll(() => edge?.stop())

describe('the edge in workerd', () => {
  it('reports health with the bundled demo catalog and the offline responder', async () => {
    const res = await fetch(`${base}/healthz`)
    expect(await res.json()).toEqual({ ok: true, provider: 'offline', products: 17, catalogErrors: 0 })
  })

  it('serves the widget scripts with CORS, so shops on other origins can import its modules (_headers)', async () => {
    const manifest = JSON.parse(await readFile('dist/widget-manifest.json', 'utf8')) as Record<string, { file: string }>
    for (const path of ['/huike.js', '/huike-en.js', '/huike-mask.js', `/${manifest['widget/src/app/main.tsx']!.file}`]) {
      const res = await fetch(base + path, { headers: { origin: 'https://shop.example' } })
      expect(res.status).toBe(200)
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
    expect((await fetch(`${base}/lp/kids-watch?utm_term=x`)).status).toBe(200) // ad links without .html
  })

  it('sends nosniff and the referrer policy on assets and worker answers, and the agent console\'s CSP (_headers)', async () => {
    const policy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    for (const path of ['/', '/huike.js', '/healthz', '/v1/nothing', '/agent/']) {
      const res = await fetch(base + path)
      await res.body?.cancel()
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('content-security-policy'), path).toBe(path === '/agent/' ? policy : null)
    }
  })

  it('streams a grounded chat answer: meta, deltas with the catalog price, done', async () => {
    const res = await fetch(`${base}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'v_w', sessionId: 's_w', messages: [{ role: 'user', content: 'X5 儿童手表多少钱？' }] }),
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const events: ChatEvent[] = []
    const parser = createEventParser((e) => events.push(e))
    parser.feed(await res.text())
    parser.end()

    expect(events[0]).toMatchObject({ event: 'meta', data: { provider: 'offline', products: expect.arrayContaining(['x5']) } })
    const text = events.flatMap((e) => (e.event === 'delta' ? [e.data.text] : [])).join('')
    expect(text).toContain('899')
    expect(events.filter((e) => e.event === 'delta').length).toBeGreaterThan(1)
    expect(events.at(-1)).toEqual({ event: 'done', data: { finish: 'stop', provider: 'offline' } })
  })

  it('stores events in D1 and gives them back to the visitor\'s own token, then erases them', async () => {
    const visitorId = `v_w${Date.now()}`
    const registered = await fetch(`${base}/v1/visitors`, { method: 'POST', headers: json, body: JSON.stringify({ visitorId }) })
    expect(registered.status).toBe(201)
    const { token } = (await registered.json()) as { token: string }
    const auth = { authorization: `Bearer ${token}` }

    const events = [1, 2, 3].map((n) => ({ id: `${visitorId}_${n}`, type: 'product_click', visitorId, sessionId: 's_w', ts: 1_760_000_000_000 + n, props: { n } }))
    const post = () => fetch(`${base}/v1/events`, { method: 'POST', headers: json, body: JSON.stringify({ events }) })
    const first = await post()
    expect(first.status).toBe(202)
    expect(await first.json()).toEqual({ accepted: 3, duplicates: 0 })
    expect(await (await post()).json()).toEqual({ accepted: 0, duplicates: 3 })

    const exported = await fetch(`${base}/v1/visitors/${visitorId}`, { headers: auth })
    expect(exported.status).toBe(200)
    const body = (await exported.json()) as { events: { id: string; props: unknown }[] }
    expect(body.events.map((e) => e.id)).toEqual(events.map((e) => e.id))
    expect(body.events[2]).toMatchObject({ type: 'product_click', visitorId, props: { n: 3 } })

    expect((await fetch(`${base}/v1/visitors/${visitorId}`, { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(403)
    expect((await fetch(`${base}/v1/visitors/${visitorId}`, { method: 'DELETE', headers: auth })).status).toBe(204)
    expect((await fetch(`${base}/v1/visitors/${visitorId}`, { headers: auth })).status).toBe(403)
  })

  it('hands a visitor to a person live: the queue, each side\'s words on the other\'s stream, a reload that misses nothing', async () => {
    const { visitorId, visitorAuth } = await visitorAskingForPerson(base)

    // The visitor's widget opens its stream; it begins with where the conversation stands.
    const visitor = liveReader(await fetch(`${base}/v1/live?visitorId=${visitorId}`, { headers: visitorAuth }))
    expect(await visitor.next()).toMatchObject({ event: 'status', data: { status: 'waiting' } })

    const queue = (await (await fetch(`${base}/v1/agent/conversations?status=waiting`, { headers: agentAuth })).json()) as { conversations: { id: string; visitorId: string }[] }
    const id = queue.conversations.find((c) => c.visitorId === visitorId)?.id
    expect(id).toBeDefined()
    const agent = { id: 'a_w', name: '小王' }
    const post = (path: string, body: unknown) => fetch(`${base}/v1/agent/conversations/${id}/${path}`, { method: 'POST', headers: { ...agentAuth, ...json }, body: JSON.stringify(body) })
    expect((await post('take', { agent })).status).toBe(200)
    expect((await post('messages', { agent, text: '您好，我是小王，请问有什么可以帮您？' })).status).toBe(201)
    const seen = await visitor.until((e) => e.event === 'message')
    expect(seen[0]).toMatchObject({ event: 'status', data: { status: 'active', agent } })
    expect(seen.at(-1)).toMatchObject({ event: 'message', data: { conversationId: id, role: 'agent', content: '您好，我是小王，请问有什么可以帮您？' } })

    // A second subscriber, the agent console, hears the visitor's answer.
    const agentConsole = liveReader(await fetch(`${base}/v1/agent/stream`, { headers: agentAuth }))
    await agentConsole.until((e) => e.event === 'conversation' && e.data.id === id) // the open conversations first
    const sent = await fetch(`${base}/v1/live/messages`, { method: 'POST', headers: { ...visitorAuth, ...json }, body: JSON.stringify({ visitorId, text: '手表什么时候发货？' }) })
    expect(sent.status).toBe(201)
    const [message] = (await agentConsole.until((e) => e.event === 'message')).slice(-1)
    expect(message!.data).toMatchObject({ conversationId: id, role: 'user', content: '手表什么时候发货？' })

    // The visitor reloads while the person writes: back with Last-Event-ID, they get just what they missed.
    const lastSeen = seen.at(-1)!.id!
    await visitor.close()
    expect((await post('messages', { agent, text: '明天发货。' })).status).toBe(201)
    const reloaded = liveReader(await fetch(`${base}/v1/live?visitorId=${visitorId}`, { headers: { ...visitorAuth, 'last-event-id': lastSeen } }))
    expect(await reloaded.next()).toMatchObject({ event: 'message', data: { role: 'agent', content: '明天发货。' } })

    await Promise.all([reloaded.close(), agentConsole.close()])
  })

  it('answers WeChat (server check, a text message in the passive reply) with the visitor kept in D1', async () => {
    const [timestamp, nonce] = ['1733400000', 'wk']
    const signed = `signature=${await wechatSignature(WECHAT_TOKEN, timestamp, nonce)}&timestamp=${timestamp}&nonce=${nonce}`
    const check = await fetch(`${base}/v1/channels/wechat?${signed}&echostr=workerd-echo`)
    expect(await check.text()).toBe('workerd-echo')
    const ask = (content: string, id: number) =>
      fetch(`${base}/v1/channels/wechat?${signed}`, { method: 'POST', body: buildWechatXml({ ToUserName: 'gh_demo', FromUserName: 'oWorkerd', CreateTime: 1733400000, MsgType: 'text', Content: content, MsgId: String(id) }) })
        .then(async (res) => parseWechatXml(await res.text()))
    expect((await ask('X5 儿童手表多少钱？', 1)).Content).toContain('899')
    // The product carried over from the conversation stored in D1.
    expect((await ask('它防水吗？', 2)).Content).toContain('IP68')
  })

  it('answers an app through the API channel as JSON', async () => {
    const res = await fetch(`${base}/v1/channels/api/messages`, { method: 'POST', headers: { ...json, authorization: `Bearer ${CHANNEL_KEY}` }, body: JSON.stringify({ userId: 'app-1', text: 'X5 儿童手表多少钱？' }) })
    expect(res.status).toBe(200)
    const body = (await res.json()) as { text: string; cards: { type: string }[] }
    expect(body.text).toContain('899')
  })

  it('refuses foreign pages and oversized bodies the same way as on Node', async () => {
    const foreign = await fetch(`${base}/v1/greet`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' })
    expect(foreign.status).toBe(403)
    const huge = await fetch(`${base}/v1/chat`, { method: 'POST', body: 'x'.repeat(70 * 1024) })
    expect(huge.status).toBe(413)
    expect(huge.headers.get('content-type')).toMatch(/^application\/json/)
    // The edge answers before reading the upload; on a busy machine workerd may close the connection
    // before the short body arrives, so the body is checked when it did.
    const text = await huge.text().catch(() => '')
    if (text) expect(JSON.parse(text)).toMatchObject({ error: { code: 'too_large' } })
  })
})

// One wrangler for a shop's own deployment and a short live wait: each start costs 10-20 s.
describe('the edge in workerd, deployed with a shop\'s own catalog and config, when nobody takes a conversation', () => {
  let quick: Edge | undefined
  let shopDir: string
  let shop: ShopDeployment
  beforeAll(async () => {
    shopDir = await mkdtemp(join(tmpdir(), 'huike-shop-'))
    shop = await shopDeployment(shopDir)
    quick = await startEdge({ HUIKE_AGENT_TOKEN: AGENT_TOKEN, HUIKE_LIVE_WAIT_MS: '1000', ...shop.vars }, shop.overrides)
  })
  afterAll(async () => {
    await quick?.stop()
    await rm(shopDir, { recursive: true, force: true })
  })

  it('loads the shop\'s 20,000 products and config from its static assets, and logs the broken row by its line', async () => {
    expect(await (await fetch(`${quick!.base}/healthz`)).json()).toEqual({ ok: true, provider: 'offline', products: SHOP_PRODUCTS, catalogErrors: 1 })
    expect(quick!.output()).toContain(`huike: skipped catalog record ${shop.brokenRow}`)
    const greet = await fetch(`${quick!.base}/v1/greet`, { method: 'POST', headers: json, body: JSON.stringify({ visitorId: 'v_shop', profile: { consent: { marketing: false } } }) })
    expect(await greet.json()).toMatchObject({ greeting: SHOP_GREETING })
  })

  it('answers a question about one of them with its price', async () => {
    const res = await fetch(`${quick!.base}/v1/chat`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ visitorId: 'v_shop', sessionId: 's_shop', messages: [{ role: 'user', content: `${shop.product.name}多少钱？` }] }),
    })
    const events: ChatEvent[] = []
    const parser = createEventParser((e) => events.push(e))
    parser.feed(await res.text())
    parser.end()
    expect(events[0]).toMatchObject({ event: 'meta', data: { products: [shop.product.id] } })
    expect(events.flatMap((e) => (e.event === 'delta' ? [e.data.text] : [])).join('')).toContain(`¥${shop.product.price}`)
  })

  it('keeps the shop\'s files from visitors, however the path is spelled', async () => {
    for (const path of ['/_private/shop.csv', '/_private/shop.json', '/%5Fprivate/shop.csv', '/_private%2Fshop.csv', '//_private/shop.csv']) {
      const res = await fetch(quick!.base + path)
      expect(res.status, path).toBe(404)
      expect(await res.text(), path).not.toContain(shop.product.name)
    }
    expect((await fetch(`${quick!.base}/huike.js`)).status).toBe(200) // the public build beside them
  })

  it('closes it as unanswered at the end of the wait, though no request comes in (a Durable Object alarm)', async () => {
    const { visitorId, visitorAuth } = await visitorAskingForPerson(quick!.base)
    const visitor = liveReader(await fetch(`${quick!.base}/v1/live?visitorId=${visitorId}`, { headers: visitorAuth }))
    expect(await visitor.next()).toMatchObject({ event: 'status', data: { status: 'waiting' } })
    expect(await visitor.next()).toMatchObject({ event: 'status', data: { status: 'closed', outcome: 'unanswered' } })
    expect(await visitor.next()).toBeUndefined() // the stream ends with the conversation
  })
})

describe('the edge in workerd, rate limited by Cloudflare\'s binding', () => {
  let limited: Edge | undefined
  beforeAll(async () => {
    // wrangler.jsonc's limits, with chat lowered to 2 a minute: wrangler dev simulates the binding.
    const { rawConfig } = experimental_readRawConfig({ config: 'wrangler.jsonc' })
    const declared = (rawConfig as { ratelimits?: { name: string; simple: { limit: number; period: number } }[] }).ratelimits ?? []
    const ratelimits = declared.map((binding) => (binding.name === 'CHAT_RATE_LIMIT' ? { ...binding, simple: { limit: 2, period: 60 } } : binding))
    expect(ratelimits.map((binding) => binding.name)).toEqual(['CHAT_RATE_LIMIT', 'EVENTS_RATE_LIMIT', 'MESSAGE_RATE_LIMIT'])
    limited = await startEdge({}, { ratelimits })
  })
  afterAll(() => limited?.stop())

  it('refuses a client over the binding\'s limit with 429 and Retry-After, and counts another client apart', async () => {
    const chat = (ip: string) =>
      fetch(`${limited!.base}/v1/chat`, {
        method: 'POST',
        headers: { ...json, 'cf-connecting-ip': ip },
        body: JSON.stringify({ visitorId: 'v_rl', sessionId: 's_rl', messages: [{ role: 'user', content: '你好' }] }),
      })
    // The binding counts in fixed minutes: should one end between two requests, a few more pass.
    let refused: Response | undefined
    for (let i = 0; i < 6 && !refused; i++) {
      const res = await chat('203.0.113.7')
      if (res.status === 429) refused = res
      else {
        expect(res.status).toBe(200)
        await res.text()
      }
    }
    expect(refused?.status).toBe(429)
    expect(refused!.headers.get('retry-after')).toBe('60')
    expect(await refused!.json()).toMatchObject({ error: { code: 'rate_limited' } })
    const other = await chat('198.51.100.9')
    expect(other.status).toBe(200) // another visitor's own count
    await other.text()
  })

  it('serves the widget with the cache headers of _headers: the loader for minutes, hashed chunks a year', async () => {
    const manifest = JSON.parse(await readFile('dist/widget-manifest.json', 'utf8')) as Record<string, { file: string }>
    const cacheOf = async (path: string) => (await fetch(limited!.base + path)).headers.get('cache-control')
    expect(await cacheOf('/huike.js')).toBe('public, max-age=300, stale-while-revalidate=86400')
    expect(await cacheOf('/huike-mask.js')).toBe('no-cache')
    expect(await cacheOf(`/${manifest['widget/src/app/main.tsx']!.file}`)).toBe('public, max-age=31536000, immutable')
    expect((await fetch(`${limited!.base}/huike.js.br`)).status).toBe(404) // the Node edge's copies are not uploaded (.assetsignore)
  })
})
