import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import catalogRecords from '../../demo/catalog.json'
import configJson from '../../demo/config.json'
import { AssetsUnavailable, isPrivateAsset, loadShop, shopUnavailable, type AssetFiles } from './deployed-shop.ts'
import { ConfigError } from './site-config.ts'
import { StartupError } from './shop-files.ts'

const demo = { catalog: catalogRecords, config: configJson }

/** The ASSETS binding over a few files, as the asset server answers: the bytes, or 404. */
function assetsOf(files: Record<string, string | Uint8Array<ArrayBuffer>>, status?: number): AssetFiles {
  return {
    async fetch(url) {
      if (status) return new Response('upstream', { status })
      const body = files[decodeURIComponent(new URL(url).pathname)]
      return body === undefined ? new Response('Not Found', { status: 404 }) : new Response(body)
    },
  }
}

const quiet = { log: () => {}, warn: () => {} }
const CSV = 'id,name,price\nw1,北辰手表,199\nw2,坏行,abc\n'

describe('loadShop', () => {
  it('uses the demo files bundled into the worker when HUIKE_CATALOG and HUIKE_CONFIG are unset', async () => {
    const shop = await loadShop({ assets: assetsOf({}), demo, ...quiet })
    expect(shop.products).toHaveLength(17)
    expect(shop.errors).toEqual([])
    expect(shop.config.brand.name).toMatchObject({ 'zh-CN': '慧客商城' })
  })

  it('reads the deployed catalog and config, logging each skipped record with its line', async () => {
    const config = { ...configJson, brand: { ...configJson.brand, name: { 'zh-CN': '北辰数码' } } }
    const logged: string[] = []
    const shop = await loadShop({
      assets: assetsOf({ '/_private/shop.csv': CSV, '/_private/店铺.json': JSON.stringify(config) }),
      catalogPath: '/_private/shop.csv',
      configPath: '/_private/店铺.json',
      demo,
      log: (m) => logged.push(m),
      warn: (m) => logged.push(m),
    })
    expect(shop.products.map((p) => [p.id, p.price])).toEqual([['w1', 199]])
    expect(shop.errors).toEqual(['shop.csv:3: price must be a number, got "abc"'])
    expect(shop.config.brand.name).toEqual({ 'zh-CN': '北辰数码' })
    expect(logged).toEqual(['huike: skipped catalog record shop.csv:3: price must be a number, got "abc"', 'huike: catalog /_private/shop.csv: 1 product, 1 skipped'])
  })

  it('reads a GBK CSV from Excel as the Node edge does', async () => {
    const gbk = new Uint8Array(readFileSync('edge/src/catalog/fixtures/gbk.csv'))
    const shop = await loadShop({ assets: assetsOf({ '/_private/gbk.csv': gbk }), catalogPath: '/_private/gbk.csv', demo, ...quiet })
    expect(shop.products.map((p) => p.name)).toEqual(['X5 儿童智能手表', 'S3 运动手表'])
    expect(shop.errors).toEqual(['gbk.csv:5: price must be a number, got "八十九"'])
  })

  it('keeps the log short when thousands of rows are bad, pointing to the doctor', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => `b${i},坏行,abc`)
    const warned: string[] = []
    await loadShop({ assets: assetsOf({ '/_private/bad.csv': `id,name,price\n${rows.join('\n')}\n` }), catalogPath: '/_private/bad.csv', demo, log: () => {}, warn: (m) => warned.push(m) })
    expect(warned).toHaveLength(51)
    expect(warned.at(-1)).toBe('huike: skipped 30 more catalog records (`npm run doctor -- --catalog <file>` lists them all)')
  })

  it('stops, naming the file, when one is missing, not a catalog, not JSON or not a config', async () => {
    const assets = assetsOf({ '/_private/shop.xlsx': 'PK', '/_private/broken.json': '{"brand": ', '/_private/bad.json': JSON.stringify({ ...configJson, persona: { ...configJson.persona, style: 5 } }) })
    const load = (paths: { catalogPath?: string; configPath?: string }) => loadShop({ assets, demo, ...quiet, ...paths })
    await expect(load({ catalogPath: '/_private/shop.csv' })).rejects.toThrow(
      new StartupError('cannot read the catalog /_private/shop.csv: file not found among the deployed static assets (copy it to dist/public/_private/shop.csv before `wrangler deploy`)'),
    )
    await expect(load({ catalogPath: '/_private/shop.xlsx' })).rejects.toThrow('the catalog /_private/shop.xlsx must be a .json (array of products)')
    await expect(load({ configPath: '/_private/broken.json' })).rejects.toThrow(StartupError)
    await expect(load({ configPath: '/_private/broken.json' })).rejects.toThrow('the site config /_private/broken.json is not valid JSON: ')
    await expect(load({ configPath: '/_private/bad.json' })).rejects.toThrow(ConfigError)
    await expect(load({ configPath: '/_private/bad.json' })).rejects.toThrow('bad.json: persona.style: ')
  })

  it('refuses files outside /_private/, which visitors could download', async () => {
    const assets = assetsOf({ '/shop.csv': CSV, '/_private/shop.csv': CSV })
    for (const catalogPath of ['/shop.csv', 'shop.csv', '/_private/../shop.csv']) {
      await expect(loadShop({ assets, catalogPath, demo, ...quiet })).rejects.toThrow(`HUIKE_CATALOG is "${catalogPath}": on Workers the catalog is a static asset under /_private/`)
    }
    await expect(loadShop({ assets: undefined, catalogPath: '/_private/shop.csv', demo, ...quiet })).rejects.toThrow('wrangler.jsonc gives the static assets no binding')
  })

  it('tells an asset server failure, worth another try, from a bad file', async () => {
    await expect(loadShop({ assets: assetsOf({}, 503), catalogPath: '/_private/shop.csv', demo, ...quiet })).rejects.toThrow(AssetsUnavailable)
    const throwing: AssetFiles = { fetch: () => Promise.reject(new Error('connection reset')) }
    await expect(loadShop({ assets: throwing, configPath: '/_private/shop.json', demo, ...quiet })).rejects.toThrow(new AssetsUnavailable('cannot read the site config /_private/shop.json: connection reset'))
  })
})

describe('isPrivateAsset', () => {
  it('knows the shop\'s folder however the path is spelled, and nothing else', () => {
    for (const path of ['/_private/shop.csv', '/%5Fprivate/shop.csv', '/_private%2Fshop.csv', '//_private/shop.csv', '/_private']) expect(isPrivateAsset(`https://shop.example${path}`), path).toBe(true)
    for (const path of ['/huike.js', '/_privateer/x', '/p/_private/x', '/healthz']) expect(isPrivateAsset(`https://shop.example${path}`), path).toBe(false)
  })
})

describe('shopUnavailable', () => {
  const err = new StartupError('cannot read the catalog /_private/shop.csv: file not found among the deployed static assets')

  it('tells the operator on /healthz why', async () => {
    const res = shopUnavailable('https://edge.example/healthz', err)
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({ ok: false, error: err.message })
  })

  it('tells visitors only that the assistant is unavailable', async () => {
    const res = shopUnavailable('https://edge.example/v1/chat', err)
    expect(res.status).toBe(503)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('internal')
    expect(body.error.message).not.toContain('/_private/')
  })
})
