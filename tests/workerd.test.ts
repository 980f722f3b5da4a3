// The Workers build of the edge inside real workerd (`wrangler dev --local`): the same API answers
// there as on Node. No network, no login, no LLM key: the offline responder answers.
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdir } from 'node:fs/promises'
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
  wrangler = spawn(
    'node_modules/.bin/wrangler',
    ['dev', '--local', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspectorPort), '--show-interactive-dev-session=false', '--log-level', 'warn'],
    { env: offlineEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  wrangler.stdout!.on('data', (d) => (output += d))
  wrangler.stderr!.on('data', (d) => (output += d))
  await waitForHealth()
})

afterAll(async () => {
  if (!wrangler?.pid || wrangler.exitCode !== null) return
  const exited = once(wrangler, 'exit')
  process.kill(-wrangler.pid, 'SIGTERM') // the whole group: wrangler and its workerd
  const timer = setTimeout(() => wrangler.pid && process.kill(-wrangler.pid, 'SIGKILL'), 5_000)
  await exited
  clearTimeout(timer)
})

describe('the edge in workerd', () => {
  it('reports health with the bundled demo catalog and the offline responder', async () => {
    const res = await fetch(`${base}/healthz`)
    expect(await res.json()).toEqual({ ok: true, provider: 'offline', products: 17, catalogErrors: 0 })
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

  it('refuses foreign pages and oversized bodies the same way as on Node', async () => {
    const foreign = await fetch(`${base}/v1/greet`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: '{}' })
    expect(foreign.status).toBe(403)
    const huge = await fetch(`${base}/v1/chat`, { method: 'POST', body: 'x'.repeat(70 * 1024) })
    expect(huge.status).toBe(413)
    expect(await huge.json()).toMatchObject({ error: { code: 'too_large' } })
  })
})
