import { describe, expect, it } from 'vitest'
import { compareSequential, MIXING_SD } from './experiment-sequential.ts'
import { chiSquareSurvival, logGamma } from './stats.ts'

describe('the mSPRT comparison of two proportions', () => {
  it('matches hand-computed values (Python, same formulas)', () => {
    // 50/1000 vs 80/1000: v = 1.211e-4, Λ = √(v/(v+τ²))·exp(τ²Δ²/(2v(v+τ²))), p = 1/Λ.
    const c = compareSequential({ visitors: 1000, converted: 50 }, { visitors: 1000, converted: 80 }, 0.05)!
    expect(c.lift).toBeCloseTo(0.03, 12)
    expect(c.p).toBeCloseTo(0.1197059778, 8)
    expect(c.interval.low).toBeCloseTo(-0.0042849697, 8)
    expect(c.interval.high).toBeCloseTo(0.0642849697, 8)
    const more = compareSequential({ visitors: 3000, converted: 150 }, { visitors: 3000, converted: 240 }, 0.05)!
    expect(more.p).toBeCloseTo(0.000132208, 8)
    expect(more.interval.low).toBeCloseTo(0.0107008427, 8)
    // Three comparisons: p × 3 (Bonferroni) and a wider interval at 0.05 / 3.
    const three = compareSequential({ visitors: 3000, converted: 150 }, { visitors: 3000, converted: 240 }, 0.05, 3)!
    expect(three.p).toBeCloseTo(0.000396624, 8)
    expect(three.interval.low).toBeCloseTo(0.0083181441, 8)
  })

  it('equals the paper\'s two-stream mSPRT when the arms are equal', () => {
    // Johari et al.: Λ_n = √(V/(V+nτ²))·exp(n²τ²Z̄²/(2V(V+nτ²))), V the variance of one pair's difference.
    const n = 2000
    const [a, b] = [0.1, 0.12]
    const V = a * (1 - a) + b * (1 - b)
    const t2 = MIXING_SD ** 2
    const lambda = Math.sqrt(V / (V + n * t2)) * Math.exp((n * n * t2 * (b - a) ** 2) / (2 * V * (V + n * t2)))
    expect(compareSequential({ visitors: n, converted: a * n }, { visitors: n, converted: b * n }, 0.05)!.p).toBeCloseTo(Math.min(1, 1 / lambda), 10)
  })

  it('rejects exactly when the interval leaves out 0, and says nothing without variance', () => {
    for (const [x, y] of [[40, 61], [40, 62], [40, 63], [40, 64], [40, 20], [40, 18]] as const) {
      const c = compareSequential({ visitors: 1000, converted: x }, { visitors: 1000, converted: y }, 0.05)!
      expect(c.p <= 0.05).toBe(c.interval.low > 0 || c.interval.high < 0)
    }
    expect(compareSequential({ visitors: 0, converted: 0 }, { visitors: 10, converted: 1 }, 0.05)).toBeUndefined()
    expect(compareSequential({ visitors: 10, converted: 0 }, { visitors: 10, converted: 0 }, 0.05)).toBeUndefined()
  })
})

describe('the chi-square tail', () => {
  it('matches scipy.stats.chi2.sf', () => {
    const cases: [number, number, number][] = [
      [3.841458820694124, 1, 0.05],
      [5.991464547107979, 2, 0.05],
      [11.070497693516351, 5, 0.05],
      [0.5, 3, 0.9188914116546758],
      [1.0416666666666667, 1, 0.30743416592739237],
      [30, 10, 0.000856641210775301],
    ]
    for (const [x, df, p] of cases) expect(chiSquareSurvival(x, df)).toBeCloseTo(p, 9)
    expect(chiSquareSurvival(100, 1) / 1.5239706048320995e-23).toBeCloseTo(1, 6)
    expect(chiSquareSurvival(100, 2) / 1.9287498479639183e-22).toBeCloseTo(1, 6)
    expect(chiSquareSurvival(0, 4)).toBe(1)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
  })
})
