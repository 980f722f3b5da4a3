// `npm run bench`: retrieval at the customer's scale (230,000 products, bench/synthetic-catalog.ts) and
// on the demo catalog. Prints index build time, heap held by the catalog's indexes, and query latency
// p50/p99 of `search` and `retrieveSnippets` over 2,400 mixed queries (bench/queries.ts); exits 1 when
// a budget is exceeded. Needs --expose-gc for the heap figure: `tsx --expose-gc bench/retrieval.ts`.
// BENCH_PRODUCTS=50000 runs a smaller catalog (budgets are for 230,000).
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { Catalog } from '../edge/src/knowledge/catalog.ts'
import { ProductSchema, type Product } from '../shared/catalog.ts'
import { benchQueries, loadProducts, percentiles, QUERY_KINDS, type BenchQuery, type QueryKind } from './queries.ts'

const BUDGET = { buildSeconds: 5, heapMB: 100, p99Ms: 5 }
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 230_000)
const QUERIES_PER_KIND = 400
const WARM_UP = 300

interface Result {
  label: string
  products: number
  buildSeconds: number
  heapMB: number
  search: { p50: number; p99: number }
  snippets: { p50: number; p99: number }
  byKind: Map<QueryKind, number>
}

const gc = (globalThis as { gc?: () => void }).gc
if (!gc) {
  console.error('Run with --expose-gc (tsx --expose-gc bench/retrieval.ts): the heap figure needs it.')
  process.exit(2)
}

/** A full collection after the current task, so temporaries held by the caller's frame are gone. */
async function heapAfterGc(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  gc!()
  gc!()
  return process.memoryUsage().heapUsed / 1e6
}

function time(f: () => unknown): number {
  const start = performance.now()
  f()
  return performance.now() - start
}

async function measure(label: string, products: Product[], queries: BenchQuery[]): Promise<Result> {
  const before = await heapAfterGc()
  let catalog: Catalog | undefined
  const buildMs = time(() => (catalog = new Catalog(products)))
  const heapMB = (await heapAfterGc()) - before
  const c = catalog!
  for (const q of queries.slice(0, WARM_UP)) {
    c.search(q.text, { limit: 10 })
    c.retrieveSnippets(q.text)
  }
  const search = queries.map((q) => time(() => c.search(q.text, { limit: 10 })))
  const snippets = queries.map((q) => time(() => c.retrieveSnippets(q.text)))
  const byKind = new Map(QUERY_KINDS.map((kind) => [kind, percentiles(search.filter((_, i) => queries[i]!.kind === kind)).p99]))
  return { label, products: products.length, buildSeconds: buildMs / 1000, heapMB, search: percentiles(search), snippets: percentiles(snippets), byKind }
}

const pad = (s: string | number, n: number) => String(s).padStart(n)
const ms = (x: { p50: number; p99: number }) => `${x.p50.toFixed(2)} / ${x.p99.toFixed(2)}`

function print(results: Result[], queries: number): void {
  console.log(`\nretrieval bench · Node ${process.version} · ${os.cpus().length} CPUs · ${queries} queries per catalog\n`)
  console.log('| catalog   | products | build s | heap MB | search p50 / p99 ms | retrieveSnippets p50 / p99 ms |')
  console.log('|-----------|---------:|--------:|--------:|--------------------:|------------------------------:|')
  for (const r of results) {
    console.log(`| ${r.label.padEnd(9)} | ${pad(r.products, 8)} | ${pad(r.buildSeconds.toFixed(2), 7)} | ${pad(r.heapMB.toFixed(1), 7)} | ${pad(ms(r.search), 19)} | ${pad(ms(r.snippets), 29)} |`)
  }
  const big = results[0]!
  console.log(`\nsearch p99 ms by query kind (${big.label}): ${[...big.byKind].map(([k, v]) => `${k} ${v.toFixed(2)}`).join(' · ')}`)
}

function overBudget(r: Result): string[] {
  const over: string[] = []
  if (r.buildSeconds > BUDGET.buildSeconds) over.push(`build ${r.buildSeconds.toFixed(2)} s > ${BUDGET.buildSeconds} s`)
  if (r.heapMB > BUDGET.heapMB) over.push(`heap ${r.heapMB.toFixed(1)} MB > ${BUDGET.heapMB} MB`)
  for (const [name, p] of [['search', r.search], ['retrieveSnippets', r.snippets]] as const) {
    if (p.p99 > BUDGET.p99Ms) over.push(`${name} p99 ${p.p99.toFixed(2)} ms > ${BUDGET.p99Ms} ms`)
  }
  return over.map((o) => `${r.label}: ${o}`)
}

async function main(): Promise<void> {
  const synthetic = loadProducts(PRODUCTS)
  const syntheticQueries = benchQueries(synthetic, QUERIES_PER_KIND)
  const demoRecords = JSON.parse(readFileSync(new URL('../demo/catalog.json', import.meta.url), 'utf8')) as unknown[]
  const demo = demoRecords.map((r) => ProductSchema.parse(r))
  const results = [
    await measure('synthetic', synthetic, syntheticQueries),
    await measure('demo', demo, benchQueries(demo, QUERIES_PER_KIND)),
  ]
  print(results, syntheticQueries.length)
  const over = results.flatMap(overBudget)
  console.log(`\nbudgets: build ≤ ${BUDGET.buildSeconds} s, heap ≤ ${BUDGET.heapMB} MB, p99 ≤ ${BUDGET.p99Ms} ms → ${over.length ? 'EXCEEDED' : 'ok'}`)
  for (const o of over) console.log(`  ${o}`)
  process.exitCode = over.length ? 1 : 0
}

await main()
