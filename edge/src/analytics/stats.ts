// Small statistics for the report: percentiles, a proportion's 95 % interval, the two-proportion
// z-test and the chi-square tail (the experiments' sample-ratio check). Pure functions, no dependencies.

/** Nearest-rank percentile (p in 0..100) of unsorted values; undefined when empty. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length))
  return sorted[Math.min(rank, sorted.length) - 1]
}

/** Several nearest-rank percentiles of the same values, sorting them once (numerically, in a typed array). */
export function percentiles(values: ArrayLike<number>, ps: readonly number[]): (number | undefined)[] {
  if (values.length === 0) return ps.map(() => undefined)
  const sorted = Float64Array.from(values).sort()
  return ps.map((p) => sorted[Math.min(Math.max(1, Math.ceil((p / 100) * sorted.length)), sorted.length) - 1])
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 erf, |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
  const erf = 1 - poly * Math.exp(-x * x)
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2
}

export const Z_95 = 1.959963984540054

export interface Interval {
  low: number
  high: number
}

/** Wilson score 95 % interval for `successes` of `n` (well behaved near 0 and 1 and for small n). */
export function wilson(successes: number, n: number, z = Z_95): Interval {
  if (n === 0) return { low: 0, high: 0 }
  const p = successes / n
  const z2 = z * z
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

export interface ZTest {
  z: number
  /** Two-sided p-value. */
  p: number
}

/** Two-proportion z-test with the pooled standard error; undefined when it cannot be computed. */
export function twoProportionZ(x1: number, n1: number, x2: number, n2: number): ZTest | undefined {
  if (n1 === 0 || n2 === 0) return undefined
  const pooled = (x1 + x2) / (n1 + n2)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
  if (se === 0) return undefined
  const z = (x1 / n1 - x2 / n2) / se
  return { z, p: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) }
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7]
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x)
  const y = x - 1
  let sum = c[0]!
  for (let i = 1; i < 9; i++) sum += c[i]! / (y + i)
  const t = y + 7.5
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum)
}

/**
 * P(X ≥ x) for X chi-square with `df` degrees of freedom: the regularized upper incomplete gamma
 * Q(df/2, x/2), by its series below the mean and its continued fraction above (Numerical Recipes §6.2).
 */
export function chiSquareSurvival(x: number, df: number): number {
  if (!(x > 0)) return 1
  const a = df / 2
  const z = x / 2
  const front = Math.exp(-z + a * Math.log(z) - logGamma(a))
  if (z < a + 1) {
    let term = 1 / a
    let sum = term
    for (let n = 1; n < 500 && Math.abs(term) > Math.abs(sum) * 1e-15; n++) sum += term *= z / (a + n)
    return Math.max(0, 1 - sum * front)
  }
  // Lentz's method for the continued fraction of Q.
  const tiny = 1e-300
  let b = z + 1 - a
  let c = 1 / tiny
  let d = 1 / b
  let h = d
  for (let i = 1; i < 500; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < tiny) d = tiny
    c = b + an / c
    if (Math.abs(c) < tiny) c = tiny
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < 1e-15) break
  }
  return Math.min(1, front * h)
}
