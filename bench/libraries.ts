// How existing search libraries fare on the same 230,000-product catalog and queries as bench/retrieval.ts,
// each fed our Chinese-bigram tokenizer (edge/src/knowledge/tokenize.ts) and our field weights. The
// libraries are NOT dependencies of huike: install them in a scratch directory and point at it:
//   mkdir /tmp/libbench && cd /tmp/libbench && npm init -y && npm i minisearch flexsearch @orama/orama
//   LIBBENCH_DIR=/tmp/libbench npx tsx --expose-gc bench/libraries.ts [minisearch|flexsearch|orama|huike]
// One library per process (heap figures stay clean). Results are written up in bench/libraries.md.
import { createRequire } from 'node:module'
import { Catalog } from '../edge/src/knowledge/catalog.ts'
import { FIELD_WEIGHTS } from '../edge/src/knowledge/search-index.ts'
import { forEachToken } from '../edge/src/knowledge/tokenize.ts'
import type { Product } from '../shared/catalog.ts'
import { benchQueries, loadProducts, percentiles } from './queries.ts'

type Doc = Record<keyof typeof FIELD_WEIGHTS, string> & { id: string }
type Search = (query: string) => unknown
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = any

const FIELDS = Object.keys(FIELD_WEIGHTS) as (keyof typeof FIELD_WEIGHTS)[]
const require = createRequire(`${process.env.LIBBENCH_DIR ?? '/tmp/libbench'}/`)
const load = async (name: string): Promise<Module> => {
  const mod = await import(require.resolve(name))
  return mod.default && !mod.create && !mod.Document ? mod.default : mod
}

/** Every token, repeats included: what each library is given as its tokenizer. */
function tokens(text: string): string[] {
  const out: string[] = []
  forEachToken(text, (t) => out.push(t))
  return out
}

function toDoc(p: Product, i: number): Doc {
  const values = Object.values(p.attributes).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]))
  return {
    id: String(i), name: p.name, aliases: p.aliases.join(' '), brand: p.brand ?? '', category: p.category ?? '', tags: p.tags.join(' '),
    attributeValues: values.join(' '), faq: p.faq.map((f) => `${f.q} ${f.a}`).join(' '), attributeKeys: Object.keys(p.attributes).join(' '),
    description: p.description ?? '',
  }
}

const builders: Record<string, (products: Product[]) => Promise<Search>> = {
  async huike(products) {
    const catalog = new Catalog(products)
    return (q) => catalog.search(q, { limit: 10 })
  },
  async minisearch(products) {
    const MiniSearch = await load('minisearch')
    const index = new MiniSearch({ fields: FIELDS, tokenize: tokens, processTerm: (t: string) => t,
      searchOptions: { boost: FIELD_WEIGHTS, combineWith: 'OR' } })
    index.addAll(products.map(toDoc))
    return (q) => index.search(q).slice(0, 10)
  },
  async flexsearch(products) {
    const { Document } = await load('flexsearch')
    const index = new Document({ tokenize: 'strict', encode: tokens, document: { id: 'id', index: FIELDS } })
    products.forEach((p, i) => index.add(toDoc(p, i)))
    return (q) => index.search(q, { limit: 10, suggest: true, merge: true })
  },
  async orama(products) {
    const { create, insertMultiple, search } = await load('@orama/orama')
    const tokenizer = { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => [...new Set(tokens(raw))] }
    const db = create({ schema: Object.fromEntries(FIELDS.map((f) => [f, 'string'])), components: { tokenizer } })
    await insertMultiple(db, products.map(toDoc), 5000)
    return (q) => search(db, { term: q, limit: 10, boost: FIELD_WEIGHTS, threshold: 1 })
  },
}

async function heapMB(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 0))
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  gc?.()
  return process.memoryUsage().heapUsed / 1e6
}

async function main(name: string): Promise<void> {
  const products = loadProducts(Number(process.env.BENCH_PRODUCTS ?? 230_000))
  // LIB_QUERIES trims the timed queries for slow libraries; the kinds stay interleaved, so the mix holds.
  const queries = benchQueries(products, 400).map((q) => q.text).slice(0, Number(process.env.LIB_QUERIES ?? 2400))
  const before = await heapMB()
  const start = performance.now()
  const search = await builders[name]!(products)
  const buildSeconds = (performance.now() - start) / 1000
  const heap = (await heapMB()) - before
  console.error(`${name}: built in ${buildSeconds.toFixed(2)} s, ${heap.toFixed(0)} MB`)
  for (const q of queries.slice(0, 60)) await search(q)
  const times: number[] = []
  for (const q of queries) {
    const t = performance.now()
    await search(q) // Orama may answer with a promise; the others return values (await costs ~µs)
    times.push(performance.now() - t)
  }
  const { p50, p99 } = percentiles(times)
  console.log(`| ${name} | ${buildSeconds.toFixed(2)} | ${heap.toFixed(0)} | ${p50.toFixed(2)} | ${p99.toFixed(2)} | ${times.length} |`)
  console.log('sample:', JSON.stringify(await search('Z7手机')).slice(0, 300))
}

await main(process.argv[2] ?? 'huike')
