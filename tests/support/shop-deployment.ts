// A shop's own deployment to Workers, as README "Deploying a shop's own catalog to Workers" has an
// operator make it: the widget build with the shop's catalog (20,000 generated products as CSV, one
// broken row) and config copied into _private/, and HUIKE_CATALOG / HUIKE_CONFIG naming them. Built
// in a temporary copy of dist/public, so the shared build stays as `npm run build` left it.
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { experimental_readRawConfig } from 'wrangler'
import { syntheticCatalog } from '../../bench/synthetic-catalog.ts'
import { petCsv } from '../../edge/src/doctor/testing.ts'

export const SHOP_PRODUCTS = 20_000
export const SHOP_GREETING = '您好，这里是北辰数码 👋'

export interface ShopDeployment {
  /** wrangler.jsonc's `assets`, pointed at the copy. */
  overrides: { assets: Record<string, unknown> }
  vars: { HUIKE_CATALOG: string; HUIKE_CONFIG: string }
  /** A product whose name no other product has, so a question about it has one answer. */
  product: { id: string; name: string; price: number }
  /** What the edge logs for the broken row: its file and line. */
  brokenRow: string
}

/** Writes the deployment under `dir`. */
export async function shopDeployment(dir: string): Promise<ShopDeployment> {
  const products = syntheticCatalog(SHOP_PRODUCTS)
  const named = new Map<string, number>()
  for (const p of products) named.set(p.name, (named.get(p.name) ?? 0) + 1)
  const product = products.find((p) => named.get(p.name) === 1 && p.name.includes(' Pro '))!

  // Header and products on lines 1 to 20,001; the broken row, a price in words, on the line after.
  const productRows = petCsv(products)
  const columns = productRows.slice(0, productRows.indexOf('\n')).split(',').length
  const csv = `${productRows}${['p-broken', '北辰 坏行 示例', '一百', ...Array<string>(columns - 3).fill('')].join(',')}\n`
  // The demo's config with its own greeting, and people on duty around the clock (a handoff is live whenever the test runs).
  const config = JSON.parse(await readFile('demo/config.json', 'utf8')) as { greeting: { text: unknown }; handoff: { hours?: unknown } }
  config.greeting.text = { 'zh-CN': SHOP_GREETING, en: 'Hi, this is Beichen Digital 👋' }
  delete config.handoff.hours

  const publicDir = join(dir, 'public')
  await cp(resolve('dist/public'), publicDir, { recursive: true })
  await mkdir(join(publicDir, '_private'))
  await writeFile(join(publicDir, '_private', 'shop.csv'), csv)
  await writeFile(join(publicDir, '_private', 'shop.json'), JSON.stringify(config))

  const { rawConfig } = experimental_readRawConfig({ config: 'wrangler.jsonc' })
  return {
    overrides: { assets: { ...rawConfig.assets, directory: publicDir } },
    vars: { HUIKE_CATALOG: '/_private/shop.csv', HUIKE_CONFIG: '/_private/shop.json' },
    product: { id: product.id!, name: product.name, price: product.price as number },
    brokenRow: `shop.csv:${SHOP_PRODUCTS + 2}: price must be a number, got "一百"`,
  }
}
