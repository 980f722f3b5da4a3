// `npm run bench`, second part: turn preparation at the customer's scale. The search index alone is
// fast (bench/retrieval.ts); a turn also parses constraints, plans, recommends, runs the dialogues and
// picks an offer, and any of those walking all 230,000 products costs a second. So this times the
// whole of `prepareTurn` (edge/src/chat-turn.ts) with the demo config, per kind of question, and exits
// 1 when a kind's p99 is over budget. BENCH_PRODUCTS=50000 runs a smaller catalog; BENCH_TURN_RUNS
// sets the timed runs per question (default 60).
import os from 'node:os'
import { prepareTurn } from '../edge/src/chat-turn.ts'
import { Catalog } from '../edge/src/knowledge/catalog.ts'
import { demoConfig } from '../edge/src/testing.ts'
import { ChatRequestSchema } from '../shared/protocol.ts'
import type { Product } from '../shared/catalog.ts'
import { loadProducts, percentiles } from './queries.ts'

const BUDGET_P99_MS = 50
const PRODUCTS = Number(process.env.BENCH_PRODUCTS ?? 230_000)
const RUNS = Number(process.env.BENCH_TURN_RUNS ?? 60)
const WARM_UP = 3

/** One question of each kind, built from the catalog so names and model codes exist. */
function questions(products: readonly Product[]): { kind: string; text: string }[] {
  const phone = products.find((p) => p.category === '手机')!
  const otherPhone = products.find((p) => p.category === '手机' && p.id !== phone.id)!
  const model = (p: Product) => p.name.split(' ')[1]!
  return [
    { kind: 'price', text: `${phone.name} 多少钱` },
    { kind: 'attribute', text: '防水的耳机' },
    { kind: 'recommend + budget', text: 'gift watch under 2000 for my wife' },
    { kind: 'category recommend', text: '推荐一款轻量的手机' },
    { kind: 'short keyword', text: '口红' },
    { kind: 'comparison', text: `${phone.name} 和 ${otherPhone.name} 哪个好` },
    { kind: 'unknown product', text: '小米手环多少钱' },
    { kind: 'model code', text: `${model(phone)} 多少钱` },
    { kind: 'flow start', text: '送礼' },
    { kind: 'greeting', text: '你好' },
  ]
}

function time(f: () => unknown): number {
  const start = performance.now()
  f()
  return performance.now() - start
}

function main(): void {
  const buildStart = performance.now()
  const catalog = new Catalog(loadProducts(PRODUCTS))
  const buildSeconds = (performance.now() - buildStart) / 1000
  // The first turn builds the per-catalog vocabularies and facets; reported apart from the per-turn figures.
  const request = (text: string) => ChatRequestSchema.parse({ visitorId: 'v_bench', sessionId: 's_bench', messages: [{ role: 'user', content: text }] })
  const firstTurnMs = time(() => prepareTurn(request('推荐一款手机'), catalog, demoConfig))
  console.log(`\nturn preparation at ${PRODUCTS.toLocaleString('en')} · Node ${process.version} · ${os.cpus().length} CPUs · ${RUNS} runs per question`)
  console.log(`catalog load + index ${buildSeconds.toFixed(2)} s · first turn (builds facets) ${firstTurnMs.toFixed(0)} ms\n`)
  console.log('| question kind        | question                                    | plan       | p50 ms | p99 ms |')
  console.log('|----------------------|---------------------------------------------|------------|-------:|-------:|')
  const over: string[] = []
  for (const { kind, text } of questions(catalog.all)) {
    const req = request(text)
    let plan = ''
    for (let i = 0; i < WARM_UP; i++) plan = prepareTurn(req, catalog, demoConfig).plan.kind
    const { p50, p99 } = percentiles(Array.from({ length: RUNS }, () => time(() => prepareTurn(req, catalog, demoConfig))))
    console.log(`| ${kind.padEnd(20)} | ${text.slice(0, 43).padEnd(43)} | ${plan.padEnd(10)} | ${p50.toFixed(2).padStart(6)} | ${p99.toFixed(2).padStart(6)} |`)
    if (p99 > BUDGET_P99_MS) over.push(`${kind} p99 ${p99.toFixed(1)} ms > ${BUDGET_P99_MS} ms`)
  }
  console.log(`\nbudget: prepareTurn p99 ≤ ${BUDGET_P99_MS} ms per question kind → ${over.length ? 'EXCEEDED' : 'ok'}`)
  for (const o of over) console.log(`  ${o}`)
  process.exitCode = over.length ? 1 : 0
}

main()
