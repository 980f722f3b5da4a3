// An always-valid comparison of a variant's conversion rate with the control's: the mixture
// sequential probability ratio test (mSPRT; Johari, Koomen, Pekelis & Walsh, "Always valid
// inference", 2017/2022; Optimizely's Stats Engine) with a normal mixing distribution, on the normal
// approximation of the difference of two proportions. The report is read whenever someone opens it
// (peeking); a fixed-sample p-value read that way calls false winners far more often than 5 %. The
// mixture likelihood ratio is a nonnegative martingale under "no difference", so by Ville's inequality
// P(it EVER reaches 1/α) ≤ α: a verdict may be read at every visit without inflating false winners.
//
// Δ̂ = p̂_B − p̂_A, v = p̂_A(1 − p̂_A)/n_A + p̂_B(1 − p̂_B)/n_B (Δ̂ ≈ N(Δ, v)), mixing Δ ~ N(0, τ²):
//   Λ = √(v / (v + τ²)) · exp( τ² Δ̂² / (2 v (v + τ²)) )
//   always-valid p = min(1, 1/Λ)          (reject "no difference" at level α when Λ ≥ 1/α)
//   confidence sequence Δ̂ ± √( 2 v (v + τ²)/τ² · (ln(1/α) + ½ ln((v + τ²)/v)) )
// The interval is exactly the set of differences the test would not reject, so "better" ⇔ it lies above 0.
// With equal arms (n each, V = nv) this is the paper's two-stream mSPRT, Λ = √(V/(V+nτ²))·exp(n²τ²Δ̂²/(2V(V+nτ²))).

import type { Interval } from './stats.ts'

/**
 * τ, the mixing distribution's standard deviation, in absolute conversion-rate units (0.02 = 2
 * percentage points). It sets where the test is most sensitive: lifts of about τ are found soonest.
 * Shops' chat-opener tests move rates of a few percent by one to a few points; a larger τ costs only
 * a log factor on small lifts, a smaller one makes large lifts wait. Fixed in advance, never fitted
 * to the data (that would break the martingale and the guarantee).
 */
export const MIXING_SD = 0.02

export interface Arm {
  visitors: number
  converted: number
}

export interface SequentialComparison {
  /** Variant rate − control rate (absolute). */
  lift: number
  /** The always-valid (1 − α) interval for the lift. */
  interval: Interval
  /** Always-valid p-value for "no difference", already multiplied by the number of comparisons (Bonferroni). */
  p: number
}

/** Variance of p̂_B − p̂_A from the observed rates (unpooled: the interval must not assume Δ = 0). */
function differenceVariance(control: Arm, variant: Arm): number {
  const a = control.converted / control.visitors
  const b = variant.converted / variant.visitors
  return (a * (1 - a)) / control.visitors + (b * (1 - b)) / variant.visitors
}

/**
 * The variant against the control at family-wise level `alpha` over `comparisons` comparisons
 * (Bonferroni: each at alpha / comparisons). Undefined when an arm is empty or the variance is 0
 * (every arm converting all or none of its visitors): nothing can be said yet.
 */
export function compareSequential(control: Arm, variant: Arm, alpha: number, comparisons = 1, tau = MIXING_SD): SequentialComparison | undefined {
  if (control.visitors === 0 || variant.visitors === 0) return undefined
  const v = differenceVariance(control, variant)
  if (!(v > 0)) return undefined
  const lift = variant.converted / variant.visitors - control.converted / control.visitors
  const t2 = tau * tau
  const logLambda = 0.5 * Math.log(v / (v + t2)) + (t2 * lift * lift) / (2 * v * (v + t2))
  const level = alpha / comparisons
  const half = Math.sqrt(((2 * v * (v + t2)) / t2) * (Math.log(1 / level) + 0.5 * Math.log((v + t2) / v)))
  return { lift, interval: { low: lift - half, high: lift + half }, p: Math.min(1, comparisons * Math.exp(-logLambda)) }
}
