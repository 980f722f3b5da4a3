// Small statistics for the report: percentiles, a proportion's 95 % interval and the two-proportion
// z-test used to compare experiment variants. Pure functions, no dependencies.

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
