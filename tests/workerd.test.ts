// The Workers build of the edge inside real workerd (`wrangler dev --local`): the same API answers
// there as on Node. No network, no login, no LLM key: the offline responder answers.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createServer, type AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEventParser } from '../shared/sse.ts'
import type { ChatEvent } from '../shared/protocol.ts'

const STARTUP_TIMEOUT_MS = 60_000

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

let wrangler: ChildProcess
let base: string
let output = ''
/** wrangler's local state (the D1 database), fresh for each run. */
let stateDir: string

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS
  while (Date.now() < deadline) {
    if (wrangler.exitCode !== null) throw new Error(`wrangler dev exited with ${wrangler.exitCode}:\n${output}`)
    try {
      const res = await fetch(`${base}/healthz`)
      if (res.ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`wrangler dev did not become healthy in ${STARTUP_TIMEOUT_MS} ms:\n${output}`)
}

beforeAll(async () => {
  // wrangler refuses to start without the assets directory; `npm test` builds the widget into it first.
  await mkdir('dist/public', { recursive: true })
  const [port, inspectorPort] = [await freePort(), await freePort()]
  base = `http://127.0.0.1:${port}`
  stateDir = await mkdtemp(join(tmpdir(), 'huike-wrangler-'))
  wrangler = spawn(
    'node_modules/.bin/wrangler',
    ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--persist-to', stateDir, '--show-interactive-dev-session=false', '--log-level', 'warn'],
    { env: offlineEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  wrangler.stdout!.on('data', (d) => (output += d))
  wrangler.stderr!.on('data', (d) => (output += d))
  await waitForHealth()
})

afterAll(async () => {
  if (wrangler?.pid && wrangler.exitCode === null) {
    const exited = once(wrangler, 'exit')
    process.kill(-wrangler.pid, 'SIGTERM') // the whole group: wrangler and its workerd
    const timer = setTimeout(() => wrangler.pid && process.kill(-wrangler.pid, 'SIGKILL'), 5_000)
    await exited
    clearTimeout(timer)
  }
  if (stateDir) await rm(stateDir, { recursive: true, force: true })
})

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
    const json = { 'content-type': 'application/json' }
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
