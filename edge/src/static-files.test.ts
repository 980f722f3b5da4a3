import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { staticFiles } from './static-files.ts'
import { testApp } from './testing.ts'

const APP_CHUNK = Array.from({ length: 400 }, (_, i) => `export const message${i} = "欢迎光临，有什么可以帮您？ ${i}";`).join('\n')

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
  await writeFile(join(root, 'huike-mask.js'), 'export const mask = (s) => s')
  // A chunk large enough to compress, as the build writes it: then its .br and .gz copies.
  await writeFile(join(root, 'assets', 'huike-app-x1.js'), APP_CHUNK)
  execFileSync(process.execPath, ['scripts/precompress.mjs', root])
  app = testApp()
  // The CORS layer's Vary, as a proxy or middleware in front may have set it: compression adds to it.
  app.use('/assets/*', async (c, next) => {
    c.header('Vary', 'Origin')
    await next()
  })
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

  it('serves the loader as JavaScript cached for minutes, so a release reaches shop pages quickly', async () => {
    const res = await app.request('/huike.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('*') // shops on other origins load it
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300, stale-while-revalidate=86400')
    // The modules the app chunk imports by fixed URL are revalidated on every use.
    expect((await app.request('/huike-mask.js')).headers.get('cache-control')).toBe('no-cache')
  })

  it('caches hashed assets forever', async () => {
    const res = await app.request('/assets/panel-abc123.js')
    expect(res.headers.get('access-control-allow-origin')).toBe('*') // ES modules are fetched with CORS
    expect(res.headers.get('cache-control')).toContain('immutable')
  })

  it('sends a brotli client the .br copy, a gzip-only client the .gz, anyone else the file', async () => {
    const path = '/assets/huike-app-x1.js'
    const get = (acceptEncoding?: string) => app.request(path, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} })
    const wire = async (res: Response) => Buffer.from(await res.arrayBuffer())

    const br = await get('gzip, deflate, br, zstd') // what browsers send
    expect(br.headers.get('content-encoding')).toBe('br')
    const brBytes = await wire(br)
    expect(brotliDecompressSync(brBytes).toString()).toBe(APP_CHUNK)
    expect(br.headers.get('content-length')).toBe(String(brBytes.length))

    const gz = await get('gzip')
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    const gzBytes = await wire(gz)
    expect(gunzipSync(gzBytes).toString()).toBe(APP_CHUNK)
    expect(gz.headers.get('content-length')).toBe(String(gzBytes.length))
    expect(brBytes.length).toBeLessThan(gzBytes.length)
    expect(gzBytes.length).toBeLessThan(Buffer.byteLength(APP_CHUNK) / 4)

    for (const res of [await get(), await get('identity'), await get('br;q=0, gzip;q=0')]) {
      expect(res.headers.get('content-encoding')).toBeNull()
      expect((await wire(res)).toString()).toBe(APP_CHUNK)
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(APP_CHUNK)))
    }
    for (const res of [br, gz, await get()]) {
      expect(res.headers.get('content-type')).toMatch(/^text\/javascript/)
      expect(res.headers.get('vary')).toBe('Origin, Accept-Encoding') // added to, not replaced
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(res.headers.get('access-control-allow-origin')).toBe('*')
    }
  })

  it('compresses pages too, and never sends a copy older than its file or the build\'s own files', async () => {
    const page = await app.request('/', { headers: { 'accept-encoding': 'br' } })
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(page.headers.get('cache-control')).toBe('no-cache')
    expect(page.headers.get('vary')).toBe('Accept-Encoding')
    // A partial rebuild rewrote the chunk after its copies: the file itself, until the copies are redone.
    const chunk = join(root, 'assets', 'huike-app-x1.js')
    const later = new Date(Date.now() + 60_000)
    await utimes(chunk, later, later)
    const stale = await app.request('/assets/huike-app-x1.js', { headers: { 'accept-encoding': 'br, gzip' } })
    expect(stale.headers.get('content-encoding')).toBeNull()
    expect(await stale.text()).toBe(await readFile(chunk, 'utf8'))
    expect((await app.request('/.assetsignore')).status).toBe(404)
  })

  it('answers a revalidation of an unchanged file with 304 and no body, a changed one in full', async () => {
    const first = await app.request('/huike-mask.js', { headers: { 'accept-encoding': 'br' } })
    const lastModified = first.headers.get('last-modified')!
    const again = await app.request('/huike-mask.js', { headers: { 'if-modified-since': lastModified } })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    expect(again.headers.get('cache-control')).toBe('no-cache')
    expect(again.headers.get('access-control-allow-origin')).toBe('*')
    const mask = join(root, 'huike-mask.js')
    await writeFile(mask, 'export const mask = (s) => s.trim()')
    const later = new Date(Date.parse(lastModified) + 5_000)
    await utimes(mask, later, later) // a new release
    const changed = await app.request('/huike-mask.js', { headers: { 'if-modified-since': lastModified } })
    expect(changed.status).toBe(200)
    expect(await changed.text()).toBe('export const mask = (s) => s.trim()')
  })

  it('leaves the API uncompressed: replies stream as they are written', async () => {
    const res = await app.request('/healthz', { headers: { 'accept-encoding': 'br, gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBeNull()
  })

  it('still answers unknown files and the API normally', async () => {
    expect((await app.request('/nope.js')).status).toBe(404)
    expect((await app.request('/healthz')).status).toBe(200)
  })
})
