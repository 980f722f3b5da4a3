// Every response of the edge carries nosniff and the referrer policy: API, stream, errors, 404s and
// (Node) the static files; the agent console its CSP; Workers' _headers says the same.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticFiles } from '../static-files.ts'
import { chatBody, postJson, testApp } from '../testing.ts'
import { AGENT_CONSOLE_CSP, SECURITY_HEADERS, withSecurityHeaders } from './security-headers.ts'

let root: string
let app: ReturnType<typeof testApp>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'huike-headers-'))
  await mkdir(join(root, 'agent', 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<h1>demo</h1>')
  await writeFile(join(root, 'huike.js'), 'export {}')
  await writeFile(join(root, 'agent', 'index.html'), '<div id="app"></div>')
  await writeFile(join(root, 'agent', 'assets', 'index-abc.js'), 'export {}')
  app = testApp()
  app.get('*', staticFiles(root)) // as node.ts mounts it
})
afterAll(() => rm(root, { recursive: true, force: true }))

function expectBaseline(res: Response, what: string) {
  expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
  expect(res.headers.get('referrer-policy'), what).toBe('strict-origin-when-cross-origin')
}

describe('securityHeaders', () => {
  it('is on API answers, the chat stream, errors and 404s', async () => {
    const cases: [string, Response, number][] = [
      ['healthz', await app.request('/healthz'), 200],
      ['chat stream', await postJson(app, '/v1/chat', chatBody('你好')), 200],
      ['bad JSON', await postJson(app, '/v1/chat', '{'), 400],
      ['forbidden origin', await postJson(app, '/v1/chat', chatBody('你好'), { origin: 'https://evil.example' }), 403],
      ['no route', await app.request('/v1/nothing'), 404],
      ['no file', await app.request('/missing.js'), 404],
    ]
    for (const [what, res, status] of cases) {
      expect(res.status, what).toBe(status)
      expectBaseline(res, what)
      await res.body?.cancel()
    }
  })

  it('is on static files, leaving the widget scripts loadable from other origins', async () => {
    const loader = await app.request('/huike.js')
    expectBaseline(loader, 'loader')
    expect(loader.headers.get('access-control-allow-origin')).toBe('*')
    expect(loader.headers.get('cross-origin-resource-policy')).toBeNull()
    expect(loader.headers.get('content-security-policy')).toBeNull()
    expectBaseline(await app.request('/'), 'page')
  })

  it('gives the agent console its Content-Security-Policy', async () => {
    for (const path of ['/agent/', '/agent/index.html', '/agent/assets/index-abc.js']) {
      const res = await app.request(path)
      expect(res.status, path).toBe(200)
      expectBaseline(res, path)
      expect(res.headers.get('content-security-policy'), path).toBe(AGENT_CONSOLE_CSP)
    }
    expect(AGENT_CONSOLE_CSP).toMatch(/^default-src 'none';/)
    expect(AGENT_CONSOLE_CSP).toContain("frame-ancestors 'none'")
  })

  it('keeps a header a route set itself, and copies a response whose headers are immutable', async () => {
    const own = withSecurityHeaders(new Response('x', { headers: { 'referrer-policy': 'no-referrer' } }))
    expect(own.headers.get('referrer-policy')).toBe('no-referrer')
    expect(own.headers.get('x-content-type-options')).toBe('nosniff')
    const fetched = await fetch('data:text/plain,x') // a fetched response's headers are immutable
    expect(() => fetched.headers.set('x-test', '1')).toThrow()
    const copy = withSecurityHeaders(fetched)
    expect(copy).not.toBe(fetched)
    expect(copy.headers.get('x-content-type-options')).toBe('nosniff')
  })
})

describe('demo/site/_headers (Workers static assets)', () => {
  /** The file's rules: path pattern → header name (lower case) → value. */
  async function rules(): Promise<Map<string, Map<string, string>>> {
    const text = await readFile(new URL('../../../demo/site/_headers', import.meta.url), 'utf8')
    const map = new Map<string, Map<string, string>>()
    let current: Map<string, string> | undefined
    for (const line of text.split('\n')) {
      if (!line.trim() || line.startsWith('#')) continue
      if (!/^\s/.test(line)) map.set(line.trim(), (current = new Map()))
      else {
        const at = line.indexOf(':')
        current!.set(line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim())
      }
    }
    return map
  }

  it('carries the same headers as the Node edge', async () => {
    const map = await rules()
    expect(Object.fromEntries(map.get('/*')!)).toEqual(SECURITY_HEADERS)
    expect(map.get('/agent/*')!.get('content-security-policy')).toBe(AGENT_CONSOLE_CSP)
    // A header named by /* and another matching rule would be joined into one value by Cloudflare.
    for (const [pattern, headers] of map) if (pattern !== '/*') for (const name of Object.keys(SECURITY_HEADERS)) expect(headers.has(name), `${pattern} ${name}`).toBe(false)
    // Nothing that would stop shop pages on other origins from importing the widget's modules.
    for (const headers of map.values()) expect(headers.has('cross-origin-resource-policy')).toBe(false)
  })
})
