import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticFiles } from './static-files.ts'
import { testApp } from './testing.ts'

let root: string
let app: ReturnType<typeof testApp>

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'huike-public-'))
  await mkdir(join(root, 'assets'))
  await writeFile(join(root, 'index.html'), '<h1>demo</h1>')
  await mkdir(join(root, 'lp'))
  await writeFile(join(root, 'lp', 'kids-watch.html'), '<h1>kids</h1>')
  await writeFile(join(root, 'huike.js'), 'console.log("huike")')
  await writeFile(join(root, '_headers'), '/assets/*\n  Access-Control-Allow-Origin: *\n')
  await writeFile(join(root, 'assets', 'panel-abc123.js'), 'export {}')
  app = testApp()
  app.get('*', staticFiles(root))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('static files (Node)', () => {
  it('serves the demo page at /', async () => {
    const res = await app.request('/')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('<h1>demo</h1>')
  })

  it('serves a landing page linked without its extension, query and all', async () => {
    const res = await app.request('/lp/kids-watch?utm_term=' + encodeURIComponent('儿童智能手表定位'))
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('<h1>kids</h1>')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect((await app.request('/lp/nothing-here')).status).toBe(404)
    expect((await app.request('/_headers')).status).toBe(404) // Cloudflare's file, not a page
    expect((await app.request('/')).headers.get('access-control-allow-origin')).toBeNull() // pages are not for other sites
  })

  it('serves the loader as uncached JavaScript', async () => {
    const res = await app.request('/huike.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*') // shops on other origins load it
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })

  it('caches hashed assets forever', async () => {
    const res = await app.request('/assets/panel-abc123.js')
    expect(res.headers.get('access-control-allow-origin')).toBe('*') // ES modules are fetched with CORS
    expect(res.headers.get('cache-control')).toContain('immutable')
  })

  it('still answers unknown files and the API normally', async () => {
    expect((await app.request('/nope.js')).status).toBe(404)
    expect((await app.request('/healthz')).status).toBe(200)
  })
})
