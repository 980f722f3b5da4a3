// Dialogue eval: scripted multi-turn conversations (eval/dialogues/*.jsonl) through the real edge app
// (app.request(), offline responder, demo catalog and config), sent the way the widget sends them:
// the messages accumulate with the edge's own answers, every `profile` patch is merged into the
// profile sent next, and the visitor and session ids stay the same.
//
// One JSON object per line:
//   {"id", "split": "tuned" | "heldout", "lang": "zh-CN" | "en", "turns": ["…", …],
//    "profile"?: {…} (what the widget already knows, e.g. from a visit before),
//    "page"?: {"url", "productId"…} (the page the visitor is on, sent with every turn),
//    "expect": {"outcome": "recommendation" | "resolution" | "handoff" | "none",
//               "handoff"?: bool, "cards"?: ["product" | "ticket" | "handoff" | …], "contains"?: ["…"],
//               "absent"?: ["…"] (must not be said), "last"?: true (judge the last turn: the outcome
//               must be reached there, not merely at some turn)}}
//
// A turn's outcome: handoff = a handoff card; resolution = a ticket card, or after-sales steps (a
// meta.topic starting with `return:` / `warranty:` that is not a question back: `…:ask`,
// `…:invalid-…`); recommendation = product cards under a guided-selling flow (`flow:…`) or a
// recommendation topic. A dialogue completes when its expected outcome is reached at some turn
// (for `none`: no handoff, resolution or recommendation at any turn); `cards` (each type present)
// and `contains` are checked on that turn (for `none`, the last). Prints completion, handoff
// precision and recall (dialogues with `expect.handoff`), and average turns to completion, per
// split; exits 1 when completion is below 75 %.
//   npx tsx eval/dialogues/run.ts                 all dialogues
//   npx tsx eval/dialogues/run.ts --verbose       also the transcripts of failures
//   npx tsx eval/dialogues/run.ts --all           every dialogue with its transcript
//   npx tsx eval/dialogues/run.ts --split tuned   one split only (tune on `tuned`; never look into `heldout`)
import { readdirSync, readFileSync } from 'node:fs'
import type { Card, ChatEvent, ChatMessage, VisitorProfile } from '../../shared/protocol.ts'
import { answerText, askChat, eventData, testApp } from '../../edge/src/testing.ts'

type Outcome = 'recommendation' | 'resolution' | 'handoff' | 'none'

interface Dialogue {
  id: string
  split: 'tuned' | 'heldout'
  lang: 'zh-CN' | 'en'
  turns: string[]
  profile?: VisitorProfile
  page?: Record<string, unknown>
  expect: { outcome: Outcome; handoff?: boolean; cards?: string[]; contains?: string[]; absent?: string[]; last?: boolean }
  file: string
}

interface TurnResult {
  text: string
  cards: Card[]
  topic?: string
  outcomes: Set<Outcome>
}

const PASS_MARK = 0.75
const verbose = process.argv.includes('--verbose')
const everything = process.argv.includes('--all')
const onlySplit = process.argv.includes('--split') ? process.argv[process.argv.indexOf('--split') + 1] : undefined
const dir = new URL('./', import.meta.url)

function load(): Dialogue[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort()
  return files.flatMap((file) =>
    readFileSync(new URL(file, dir), 'utf8')
      .split('\n')
      .map((line, i) => ({ line: line.trim(), at: `${file}:${i + 1}` }))
      .filter(({ line }) => line)
      .map(({ line, at }) => {
        try {
          return { ...(JSON.parse(line) as Omit<Dialogue, 'file'>), file }
        } catch (e) {
          throw new Error(`${at}: ${(e as Error).message}`)
        }
      }),
  )
}

/** After-sales topics that ask the visitor something back rather than give the next steps. */
const AFTERSALES_QUESTION = /:(ask|invalid)/

function outcomesOf(events: readonly ChatEvent[]): TurnResult {
  const cards = eventData(events, 'card')
  const topic = eventData(events, 'meta')[0]?.topic
  const outcomes = new Set<Outcome>()
  if (cards.some((c) => c.type === 'handoff')) outcomes.add('handoff')
  if (cards.some((c) => c.type === 'ticket') || (topic && /^(return|warranty):/.test(topic) && !AFTERSALES_QUESTION.test(topic))) outcomes.add('resolution')
  if (cards.some((c) => c.type === 'product') && topic && /^(flow:|recommend)/.test(topic)) outcomes.add('recommendation')
  return { text: answerText(events), cards, ...(topic && { topic }), outcomes }
}

const app = testApp()

async function converse(d: Dialogue): Promise<TurnResult[]> {
  const messages: ChatMessage[] = []
  let profile: VisitorProfile = { ...d.profile }
  const results: TurnResult[] = []
  for (const turn of d.turns) {
    messages.push({ role: 'user', content: turn })
    const events = await askChat(app, messages, { visitorId: `v_eval_${d.id}`, sessionId: `s_eval_${d.id}`, profile, lang: d.lang, ...(d.page && { page: d.page }) })
    const result = outcomesOf(events)
    results.push(result)
    // The widget keeps what it was told: its own answer in the history, the patches in the profile.
    messages.push({ role: 'assistant', content: result.text })
    for (const { patch } of eventData(events, 'profile')) profile = { ...profile, ...patch }
  }
  return results
}

interface Verdict {
  completed: boolean
  /** 1-based turn at which the expected outcome was reached. */
  at?: number
  handedOff: boolean
  problems: string[]
}

function judge(d: Dialogue, results: readonly TurnResult[]): Verdict {
  const e = d.expect
  const handedOff = results.some((r) => r.outcomes.has('handoff'))
  const problems: string[] = []
  let index: number
  if (e.outcome === 'none') {
    // `last`: only the last turn must reach nothing ("好的" after a handoff).
    const reached = results.findIndex((r, i) => r.outcomes.size > 0 && (!e.last || i === results.length - 1))
    if (reached >= 0) problems.push(`turn ${reached + 1} reached ${[...results[reached]!.outcomes].join('+')}`)
    index = results.length - 1
  } else if (e.last) {
    index = results.length - 1
    if (!results[index]!.outcomes.has(e.outcome)) problems.push(`the last turn did not reach ${e.outcome}`)
  } else {
    index = results.findIndex((r) => r.outcomes.has(e.outcome))
    if (index < 0) problems.push(`never reached ${e.outcome}`)
  }
  const at = index >= 0 ? results[index] : undefined
  if (at) {
    const text = [at.text, ...at.cards.flatMap((c) => (c.type === 'product' ? [c.product.name, c.product.note ?? ''] : []))].join('\n').toLowerCase()
    for (const s of e.contains ?? []) if (!text.includes(s.toLowerCase())) problems.push(`turn ${index + 1} misses "${s}"`)
    for (const s of e.absent ?? []) if (text.includes(s.toLowerCase())) problems.push(`turn ${index + 1} says "${s}"`)
    for (const type of e.cards ?? []) if (!at.cards.some((c) => c.type === type)) problems.push(`turn ${index + 1} has no ${type} card`)
  }
  return { completed: problems.length === 0, ...(problems.length === 0 && e.outcome !== 'none' && { at: index + 1 }), handedOff, problems }
}

interface Tally {
  total: number
  completed: number
  turns: number[]
  tp: number
  fp: number
  fn: number
}
const blank = (): Tally => ({ total: 0, completed: 0, turns: [], tp: 0, fp: 0, fn: 0 })

function add(t: Tally, d: Dialogue, v: Verdict): void {
  t.total++
  if (v.completed) t.completed++
  if (v.at !== undefined) t.turns.push(v.at)
  if (d.expect.handoff === undefined) return
  if (v.handedOff && d.expect.handoff) t.tp++
  else if (v.handedOff) t.fp++
  else if (d.expect.handoff) t.fn++
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : '–').padStart(6)
function row(name: string, t: Tally): string {
  const avg = t.turns.length ? (t.turns.reduce((a, b) => a + b, 0) / t.turns.length).toFixed(2) : '–'
  return [
    name.padEnd(9),
    `${pct(t.completed, t.total)} (${t.completed}/${t.total})`.padEnd(17),
    `${pct(t.tp, t.tp + t.fp)} (${t.tp}/${t.tp + t.fp})`.padEnd(17),
    `${pct(t.tp, t.tp + t.fn)} (${t.tp}/${t.tp + t.fn})`.padEnd(17),
    avg,
  ].join(' ')
}

const dialogues = load().filter((d) => !onlySplit || d.split === onlySplit)
const all = blank()
const bySplit = new Map<string, Tally>()
const byFile = new Map<string, Tally>()
for (const d of dialogues) {
  const results = await converse(d)
  const v = judge(d, results)
  for (const t of [all, bySplit.get(d.split) ?? bySplit.set(d.split, blank()).get(d.split)!, byFile.get(d.file) ?? byFile.set(d.file, blank()).get(d.file)!]) add(t, d, v)
  const failed = !v.completed || (d.expect.handoff !== undefined && v.handedOff !== d.expect.handoff)
  if (failed || everything) {
    const handoff = d.expect.handoff !== undefined && v.handedOff !== d.expect.handoff ? [`handoff ${v.handedOff} ≠ expected ${d.expect.handoff}`] : []
    console.log(`${failed ? 'FAIL' : 'pass'} ${d.id} [${d.split}] ${d.turns.join(' → ')}${failed ? `: ${[...v.problems, ...handoff].join('; ')}` : ''}`)
    if (verbose || everything) results.forEach((r, i) => console.log(`     ${i + 1}. [${r.topic ?? '-'}] ${r.text.replace(/\n/g, ' ⏎ ')} {${r.cards.map((c) => c.type).join(',')}}`))
  }
}

console.log(`\n${'split'.padEnd(9)} ${'completion'.padEnd(17)} ${'handoff precision'.padEnd(17)} ${'handoff recall'.padEnd(17)} avg turns to completion`)
for (const [split, t] of [...bySplit].sort()) console.log(row(split, t))
for (const [file, t] of [...byFile].sort()) console.log(row(file.replace(/\.jsonl$/, ''), t))
console.log(row('overall', all))
if (all.total && all.completed / all.total < PASS_MARK) {
  console.log(`completion below the ${PASS_MARK * 100}% mark`)
  process.exit(1)
}
