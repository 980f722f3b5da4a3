// `tsx bench/mask.ts`: the PII masker's time against its budgets — 64 KB of each adversarial shape
// (shared/mask-inputs.ts) under 5 ms, a 2,000-character message under 50 µs (personal data every
// few words under 100 µs). Best of several runs after a warm-up; exits 1 over a budget.
import { adversarialShapes, MESSAGES } from '../shared/mask-inputs.ts'
import { maskPII } from '../shared/mask.ts'

const BUDGET_64KB_MS = 5
const BUDGET_MESSAGE_US = { story: 50, dense: 100 }

/** Milliseconds per run: the best of `runs` timings of `repeat` runs each, after `warmUps` runs. */
function bestMs(run: () => void, warmUps: number, runs: number, repeat = 1): number {
  for (let i = 0; i < warmUps; i++) run()
  let best = Infinity
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    for (let k = 0; k < repeat; k++) run()
    best = Math.min(best, (performance.now() - start) / repeat)
  }
  return best
}

let over = false
const shapes = Object.entries(adversarialShapes(65536)).map(([name, text]) => [name, bestMs(() => maskPII(text), 5, 10)] as const)
shapes.sort((a, b) => b[1] - a[1])
for (const [name, ms] of shapes.slice(0, 5)) console.log(`  64 KB, ${name}: ${ms.toFixed(2)} ms`)
const worst = shapes[0]!
over ||= worst[1] > BUDGET_64KB_MS
console.log(`${worst[1] <= BUDGET_64KB_MS ? '✔' : '✘'} maskPII, 64 KB, slowest of ${shapes.length} adversarial shapes: ${worst[1].toFixed(2)} ms (${worst[0]}; budget ${BUDGET_64KB_MS} ms)`)
for (const [kind, budget] of Object.entries(BUDGET_MESSAGE_US)) {
  const us = bestMs(() => maskPII(MESSAGES[kind as keyof typeof MESSAGES]), 300, 10, 100) * 1000
  over ||= us > budget
  console.log(`${us <= budget ? '✔' : '✘'} maskPII, 2,000 characters (${kind === 'story' ? 'a long message' : 'personal data every few words'}): ${us.toFixed(1)} µs (budget ${budget} µs)`)
}
process.exit(over ? 1 : 0)
