// Product-knowledge eval: every labelled question in eval/questions.jsonl goes through the real edge
// app (app.request(), offline responder, demo catalog and config), earlier turns first with the
// edge's own answers as history. An answer passes when it names the expected products (in its text
// or a card) and states the expected facts. Prints accuracy per category and per split; exits 1
// when the overall accuracy is below 95 %.
//   npx tsx eval/run.ts            all questions
//   npx tsx eval/run.ts --verbose  also the answers of failures
//   npx tsx eval/run.ts --split tuned   one split only (tune on `tuned`; never look into `heldout`)
import type { Card, ChatMessage } from '../shared/protocol.ts'
import { answerText, askChat, demoCatalog, eventData, testApp } from '../edge/src/testing.ts'
import { cardIds, type Item as EvalItem, readItems } from './items.ts'

interface Expect {
  /** Each must be identified: named in the text (name, alias or id) or shown on a card. */
  products?: string[]
  contains?: string[]
  /** Each group: at least one of its strings. */
  anyOf?: string[][]
  notContains?: string[]
  /** Product cards must exist and all be among these. */
  cardsOnly?: string[]
  /** No product card for these. */
  cardsNot?: string[]
  /** A compare card with exactly these products. */
  compare?: string[]
}

type Item = EvalItem<Expect>

const PASS_MARK = 0.95
const verbose = process.argv.includes('--verbose')
const onlySplit = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : undefined
const items = readItems<Item>([new URL('./questions.jsonl', import.meta.url)], onlySplit)

const app = testApp()

function names(id: string): string[] {
  const p = demoCatalog.get(id)
  return p ? [p.id, p.name, ...p.aliases] : [id]
}

function check(item: Item, text: string, cards: Card[]): string[] {
  const e = item.expect
  const lower = text.toLowerCase()
  const has = (s: string) => lower.includes(s.toLowerCase())
  const productCards = cards.flatMap((c) => (c.type === 'product' ? [c.product.id] : []))
  const problems: string[] = []
  for (const id of e.products ?? []) if (!names(id).some(has) && !cardIds(cards).includes(id)) problems.push(`does not identify ${id}`)
  for (const s of e.contains ?? []) if (!has(s)) problems.push(`missing "${s}"`)
  for (const group of e.anyOf ?? []) if (!group.some(has)) problems.push(`missing one of ${JSON.stringify(group)}`)
  for (const s of e.notContains ?? []) if (has(s)) problems.push(`must not say "${s}"`)
  if (e.cardsOnly) {
    if (!productCards.length) problems.push('no product card')
    for (const id of productCards) if (!e.cardsOnly.includes(id)) problems.push(`unexpected card ${id}`)
  }
  for (const id of e.cardsNot ?? []) if (productCards.includes(id)) problems.push(`must not show card ${id}`)
  if (e.compare) {
    const compare = cards.find((c) => c.type === 'compare')
    const ids = compare ? cardIds([compare]) : []
    if (!compare || ids.length !== e.compare.length || !e.compare.every((id) => ids.includes(id))) problems.push(`compare card ${JSON.stringify(ids)} ≠ ${JSON.stringify(e.compare)}`)
  }
  return problems
}

async function run(item: Item): Promise<{ text: string; problems: string[] }> {
  const messages: ChatMessage[] = []
  const extra = { lang: item.lang, ...(item.page && { page: item.page }) }
  let text = ''
  let cards: Card[] = []
  for (const turn of item.turns) {
    messages.push({ role: 'user', content: turn })
    const events = await askChat(app, messages, extra)
    text = answerText(events)
    cards = eventData(events, 'card')
    messages.push({ role: 'assistant', content: text })
  }
  return { text, problems: check(item, text, cards) }
}

type Tally = Map<string, { pass: number; total: number }>
const tally = (t: Tally, key: string, ok: boolean) => {
  const row = t.get(key) ?? { pass: 0, total: 0 }
  row.total++
  if (ok) row.pass++
  t.set(key, row)
}
const pct = (r: { pass: number; total: number }) => `${((100 * r.pass) / r.total).toFixed(1)}%`.padStart(6)

const byCategory: Tally = new Map()
const bySplit: Tally = new Map()
const byBoth: Tally = new Map()
let passed = 0
for (const item of items) {
  const { text, problems } = await run(item)
  const ok = problems.length === 0
  if (ok) passed++
  tally(byCategory, item.category, ok)
  tally(bySplit, item.split, ok)
  tally(byBoth, `${item.category}/${item.split}`, ok)
  if (!ok) {
    console.log(`FAIL ${item.id} [${item.split}] ${item.turns.join(' → ')}: ${problems.join('; ')}`)
    if (verbose) console.log(`     ${text.replace(/\n/g, ' ⏎ ')}`)
  }
}

console.log('\ncategory        all     tuned   heldout')
for (const [category, row] of byCategory) {
  const part = (split: string) => {
    const r = byBoth.get(`${category}/${split}`)
    return r ? `${pct(r)} (${r.pass}/${r.total})` : '     –'
  }
  console.log(`${category.padEnd(15)} ${pct(row)}  ${part('tuned')}  ${part('heldout')}`)
}
for (const [split, row] of bySplit) console.log(`split ${split.padEnd(9)} ${pct(row)} (${row.pass}/${row.total})`)
const overall = passed / items.length
console.log(`overall         ${pct({ pass: passed, total: items.length })} (${passed}/${items.length})`)
if (overall < PASS_MARK) {
  console.log(`below the ${PASS_MARK * 100}% mark`)
  process.exit(1)
}
