// Intent and sentiment eval: the classifier trained on edge/src/understanding/train.json, scored on
// the held-out eval/intents/heldout.json (written first, never tuned on; see README.md). Prints
// accuracy per label, overall, and a confusion matrix for intent and for sentiment, and the time per
// classification. Exits 1 when held-out intent accuracy is below 92 % or when a held-out example
// (nearly) duplicates a training one.
//   npx tsx eval/intents/run.ts             held-out scores
//   npx tsx eval/intents/run.ts --verbose   also every miss
//   npx tsx eval/intents/run.ts --cv 5      k-fold cross-validation on train.json only: tune with this
import { readFileSync } from 'node:fs'
import { INTENTS, SENTIMENTS, type Intent, type Sentiment } from '../../shared/protocol.ts'
import { parseExamples, trainClassifier, type Example } from '../../edge/src/understanding/classify.ts'
import { trainingExamples } from '../../edge/src/understanding/index.ts'
import { overlaps as findOverlaps } from './overlap.ts'
import { accuracy, report, type Scored } from './report.ts'

const PASS_MARK = 0.92

const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const folds = args.includes('--cv') ? Number(args[args.indexOf('--cv') + 1] ?? 5) : 0

const heldout = parseExamples(JSON.parse(readFileSync(new URL('./heldout.json', import.meta.url), 'utf8')), 'eval/intents/heldout.json')

interface Result {
  example: Example
  intent: Intent
  sentiment: Sentiment
}

function score(train: readonly Example[], test: readonly Example[]): Result[] {
  const classifier = trainClassifier(train)
  return test.map((example) => ({ example, ...classifier.classify(example.text, example.before ?? []) }))
}

function print(title: string, results: readonly Result[]): number {
  const intents: Scored<Intent>[] = results.map((r) => ({ gold: r.example.intent, predicted: r.intent }))
  const sentiments: Scored<Sentiment>[] = results.map((r) => ({ gold: r.example.sentiment, predicted: r.sentiment }))
  console.log(report(`${title} intent`, INTENTS, intents))
  console.log(report(`${title} sentiment`, SENTIMENTS, sentiments))
  if (verbose) {
    for (const r of results) {
      const wrong = [r.intent !== r.example.intent && `intent ${r.intent} ≠ ${r.example.intent}`, r.sentiment !== r.example.sentiment && `sentiment ${r.sentiment} ≠ ${r.example.sentiment}`].filter(Boolean)
      if (wrong.length) console.log(`  MISS ${[...(r.example.before ?? []), r.example.text].join(' → ')}: ${wrong.join('; ')}`)
    }
  }
  return accuracy(intents)
}

if (folds) {
  // Deterministic folds (every k-th example), so two runs agree exactly.
  const results: Result[] = []
  for (let f = 0; f < folds; f++) {
    results.push(...score(trainingExamples.filter((_, i) => i % folds !== f), trainingExamples.filter((_, i) => i % folds === f)))
  }
  print(`train ${folds}-fold CV (${trainingExamples.length})`, results)
  process.exit(0)
}

const overlaps = findOverlaps(trainingExamples, heldout)
for (const o of overlaps) console.log(`OVERLAP ${o}`)

const results = score(trainingExamples, heldout)
console.log(`train ${trainingExamples.length}, held-out ${heldout.length}\n`)
const intentAccuracy = print('held-out', results)
for (const [lang, isLang] of [['zh', true], ['en', false]] as const) {
  const mine = results.filter((r) => /\p{Script=Han}/u.test(r.example.text) === isLang)
  const pct = (rows: Scored<string>[]) => `${(100 * accuracy(rows)).toFixed(1)}%`
  console.log(`${lang} (${mine.length}): intent ${pct(mine.map((r) => ({ gold: r.example.intent, predicted: r.intent })))}, sentiment ${pct(mine.map((r) => ({ gold: r.example.sentiment, predicted: r.sentiment })))}`)
}

const classifier = trainClassifier(trainingExamples)
const started = performance.now()
const rounds = 20
for (let i = 0; i < rounds; i++) for (const h of heldout) classifier.classify(h.text, h.before ?? [])
console.log(`${((performance.now() - started) / (rounds * heldout.length)).toFixed(4)} ms per classification`)

if (overlaps.length) {
  console.log(`${overlaps.length} held-out example(s) overlap the training set`)
  process.exit(1)
}
if (intentAccuracy < PASS_MARK) {
  console.log(`held-out intent accuracy below the ${PASS_MARK * 100}% mark`)
  process.exit(1)
}
