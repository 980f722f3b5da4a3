// The verdicts on simulated experiments: visitors arrive in batches, each assigned by the weights and
// converting at their arm's true rate, and the verdict is read after every batch, as a shop owner
// refreshing the report would. Counts are simulated directly (binomial draws), not as events: the
// end-to-end path through events is in report.test.ts and experiment-results.test.ts.
import { describe, expect, it } from 'vitest'
import { seededRandom } from '../../../shared/seeded-random.ts'
import { judgeExperiment, MIN_CONVERSIONS, MIN_VISITORS, type CountedArm, type Verdict } from './experiment-verdict.ts'
import { twoProportionZ } from './stats.ts'

/** Binomial(n, p) by inversion: one uniform, about n·p steps. */
function binomial(n: number, p: number, random: () => number): number {
  if (n === 0 || p <= 0) return 0
  const odds = p / (1 - p)
  let pmf = (1 - p) ** n
  let cdf = pmf
  let k = 0
  const u = random()
  while (u > cdf && k < n) {
    pmf *= (odds * (n - k)) / (k + 1)
    cdf += pmf
    k++
  }
  return k
}

const BATCH = 100
const MAX_VISITORS = 10_000

/** Reads each run after every batch; `call` says what the reader would conclude. Returns the visitors at the first call per run (undefined: never). */
function simulate(rates: readonly number[], runs: number, seed: number, call: (arms: CountedArm[]) => Verdict | undefined, max = MAX_VISITORS): { first: (number | undefined)[]; verdicts: Verdict[] } {
  const random = seededRandom(seed)
  const first: (number | undefined)[] = []
  const verdicts: Verdict[] = []
  for (let r = 0; r < runs; r++) {
    const arms: CountedArm[] = rates.map((_, i) => ({ id: `v${i}`, visitors: 0, converted: 0, weight: 1 }))
    let at: number | undefined
    for (let seen = BATCH; seen <= max && at === undefined; seen += BATCH) {
      // A multinomial split of the batch over equal weights, as sequential binomials.
      let left = BATCH
      arms.forEach((arm, i) => {
        const n = i === arms.length - 1 ? left : binomial(left, 1 / (arms.length - i), random)
        left -= n
        arm.visitors += n
        arm.converted += binomial(n, rates[i]!, random)
      })
      const verdict = call(arms)
      if (verdict) {
        at = seen
        verdicts.push(verdict)
      }
    }
    first.push(at)
  }
  return { first, verdicts }
}

/** The report's verdict: the first variant called better or worse than the control, if any. */
const reportWinner = (arms: CountedArm[]) => judgeExperiment(arms, true).arms.find((a) => a.verdict === 'better' || a.verdict === 'worse')?.verdict
const share = (first: readonly (number | undefined)[]) => first.filter((x) => x !== undefined).length / first.length

describe('A/A experiments read after every 100 visitors up to 10,000', () => {
  for (const rate of [0.02, 0.05, 0.1]) {
    it(`show a false winner in at most 5 % of 1,000 runs (true rate ${rate * 100} % in both arms)`, () => {
      const { first } = simulate([rate, rate], 1000, Math.round(rate * 1e4), reportWinner)
      const measured = share(first)
      console.log(`A/A at ${rate * 100} %: ${(measured * 100).toFixed(1)} % of 1,000 experiments ever showed a winner over 100 readings`)
      expect(measured).toBeLessThanOrEqual(0.05)
    })
  }

  it('with three arms, at most 5 % of 500 runs ever show any winner (Bonferroni over the two comparisons)', () => {
    const { first } = simulate([0.05, 0.05, 0.05], 500, 3, reportWinner)
    console.log(`A/A/A at 5 %: ${(share(first) * 100).toFixed(1)} % of 500 experiments ever showed a winner`)
    expect(share(first)).toBeLessThanOrEqual(0.05)
  })

  it('would show far more false winners with the old fixed-sample z-test read the same way', () => {
    // What the report did before: p < 0.05 on a two-proportion z-test, at every reading.
    const peeked = (arms: CountedArm[]) => ((twoProportionZ(arms[1]!.converted, arms[1]!.visitors, arms[0]!.converted, arms[0]!.visitors)?.p ?? 1) < 0.05 ? 'better' : undefined)
    const { first } = simulate([0.05, 0.05], 1000, 500, peeked)
    console.log(`A/A at 5 %, z-test peeked: ${(share(first) * 100).toFixed(1)} % of 1,000 experiments ever showed a winner`)
    expect(share(first)).toBeGreaterThan(0.2)
  })
})

describe('a real lift', () => {
  it('5 % → 7 % is called better, never worse, in nearly every run with enough data', () => {
    const { first, verdicts } = simulate([0.05, 0.07], 500, 57, reportWinner, 20_000)
    const found = first.filter((x): x is number => x !== undefined).sort((a, b) => a - b)
    const at = (q: number) => found[Math.floor(q * (found.length - 1))]
    console.log(`5 % vs 7 %: called better in ${(share(first) * 100).toFixed(1)} % of 500 runs within 20,000 visitors; median ${at(0.5)}, 80 % by ${found[Math.ceil(0.8 * first.length) - 1]} visitors (both arms)`)
    expect(share(first)).toBeGreaterThanOrEqual(0.95)
    expect(verdicts.every((v) => v === 'better')).toBe(true)
  })
})

describe('verdicts', () => {
  const arm = (id: string, visitors: number, converted: number, weight = 1): CountedArm => ({ id, visitors, converted, weight })

  it('are "not yet" below the minimum sample however large the difference looks', () => {
    expect(MIN_VISITORS).toBe(100)
    expect(MIN_CONVERSIONS).toBe(10)
    const small = judgeExperiment([arm('a', 99, 1), arm('b', 99, 40)], true)
    expect(small.arms[1]).toMatchObject({ verdict: 'not yet', needs: { visitors: 1, conversions: 9 } })
    expect(small.arms[1]!.comparison!.p).toBeLessThan(0.05) // the test alone would have called it
    expect(judgeExperiment([arm('a', 400, 9), arm('b', 400, 80)], true).arms[1]).toMatchObject({ verdict: 'not yet', needs: { visitors: 0, conversions: 1 } })
    expect(judgeExperiment([arm('a', 400, 10), arm('b', 400, 80)], true).arms[1]!.verdict).toBe('better')
  })

  it('are withheld when the split is broken, whatever the lift', () => {
    const j = judgeExperiment([arm('a', 5500, 275), arm('b', 4500, 450)], true)
    expect(j.split.broken).toBe(true)
    expect(j.arms.map((a) => a.verdict)).toEqual(['control', 'withheld'])
    // Not in the config: the weights are unknown, so the split is not checked.
    expect(judgeExperiment([arm('a', 5500, 275), arm('b', 4500, 450)], false)).toMatchObject({ split: { checked: false, broken: false }, arms: [{}, { verdict: 'better' }] })
  })

  it('say "no difference detected" only once the interval rules out lifts of 20 % of the control rate', () => {
    expect(judgeExperiment([arm('a', 2000, 100), arm('b', 2000, 100)], true).arms[1]!.verdict).toBe('not yet')
    const j = judgeExperiment([arm('a', 50_000, 2500), arm('b', 50_000, 2510)], true)
    expect(j.arms[1]!.verdict).toBe('no difference detected')
    expect(j.arms[1]!.comparison!.interval.high).toBeLessThan(0.2 * 0.05)
  })

  it('compare each variant with the control (the first arm), not with the runner-up', () => {
    // c and b are both better than control a; b against c (the old best vs runner-up) shows nothing.
    const j = judgeExperiment([arm('a', 5000, 250), arm('b', 5000, 400), arm('c', 5000, 390)], true)
    expect(j).toMatchObject({ control: 'a', comparisons: 2 })
    expect(j.arms.map((x) => x.verdict)).toEqual(['control', 'better', 'better'])
    expect(j.arms[2]!.comparison!.lift).toBeCloseTo(0.078 - 0.05, 12)
  })
})
