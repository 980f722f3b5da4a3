// The benchmark's inputs, shared by bench/retrieval.ts and bench/libraries.ts: the synthetic catalog
// as the edge would load it (JSON, validated), and a deterministic mix of visitor queries drawn from it.
import { ProductSchema, type Product } from '../shared/catalog.ts'
import { syntheticCatalog } from './synthetic-catalog.ts'
import { seededRandom } from '../shared/seeded-random.ts'

/** `count` synthetic products, through JSON and the schema like a real catalog file. */
export function loadProducts(count: number): Product[] {
  return (JSON.parse(JSON.stringify(syntheticCatalog(count))) as unknown[]).map((r) => ProductSchema.parse(r))
}

export type QueryKind = 'name' | 'model' | 'attribute' | 'english' | 'short' | 'question'
export const QUERY_KINDS: QueryKind[] = ['name', 'model', 'attribute', 'english', 'short', 'question']

export interface BenchQuery {
  kind: QueryKind
  text: string
}

const SHORT = ['粉', '表', '色', '红', '机', '手机', '耳机', '口红', '礼物', '防水', '5G', '降噪', '面膜', '帐篷', '紫色', 'Pro']
const ENGLISH = ['oily skin', 'waterproof phone', 'light kids watch', 'premium earbuds', 'compact outdoor tent', 'quiet appliance',
  'long-lasting makeup', 'classic watch for men', 'smart watch', 'Is there a waterproof phone with a big screen?']
const QUESTIONS = [
  (p: Product, v: string) => `请问${p.name}有${v}的吗？价格多少，支持快充吗？`,
  (p: Product) => `我想给孩子买一块${p.category ?? ''}，预算500以内，要能防水的，${p.brand ?? ''}的怎么样`,
  (p: Product, v: string) => `${p.brand ?? ''}家的${p.category ?? ''}里面哪款是${v}的，送女朋友合适吗，有没有优惠`,
  (p: Product) => `Is the ${p.name} waterproof, and how long does the battery last? Any discount for ${p.brand ?? 'it'}?`,
]


function values(p: Product): string[] {
  return Object.values(p.attributes).flatMap((v) => (Array.isArray(v) ? v.map(String) : [String(v)]))
}

/** `perKind` queries of each kind, round-robin: zh names, model codes, attribute values, English, 1–2 characters, long questions. */
export function benchQueries(products: readonly Product[], perKind: number, seed = 7): BenchQuery[] {
  const r = seededRandom(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!
  const out: BenchQuery[] = []
  for (let i = 0; i < perKind; i++) {
    const p = pick(products)
    const value = pick(values(p).concat(p.tags))
    const model = p.name.match(/[A-Za-z]\d+(?: [A-Z][a-z]+)?/)?.[0] ?? p.id
    out.push(
      { kind: 'name', text: r() < 0.5 ? p.name : p.name.replace(/^\S+ /, '') },
      { kind: 'model', text: r() < 0.7 ? model : model.toLowerCase() },
      { kind: 'attribute', text: r() < 0.3 ? `${value} 的${p.category ?? ''}` : value },
      { kind: 'english', text: pick(ENGLISH) },
      { kind: 'short', text: pick(SHORT) },
      { kind: 'question', text: pick(QUESTIONS)(p, value) },
    )
  }
  return out
}

/** Median and 99th percentile of `samples`, in the samples' unit. */
export function percentiles(samples: readonly number[]): { p50: number; p99: number } {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0
  return { p50: at(0.5), p99: at(0.99) }
}
