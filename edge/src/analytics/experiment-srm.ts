// Sample-ratio mismatch: do the visitors per variant match the configured weights? A split that is
// off (a variant whose greeting fails to render, bots landing in one arm, a weight changed mid-test,
// exposure tracked only on one path) biases every comparison in ways no test can correct, so a
// mismatch withholds the verdicts. Chi-square goodness of fit over the variants with a weight above 0.
import { chiSquareSurvival } from './stats.ts'

/**
 * Below this p the split is called broken. Deliberately strict: the check is re-run at every
 * reading of the report, and a false alarm hides real results; real SRMs are usually far below it.
 */
export const SRM_P = 0.001

/** The chi-square approximation needs about 5 expected visitors per variant; below that it is not run. */
export const SRM_MIN_EXPECTED = 5

export interface SampleRatioCheck {
  /** False: too few visitors to check yet. */
  checked: boolean
  chiSquare?: number
  df?: number
  p?: number
  /** The split is broken: the results are not trustworthy and no verdict is given. */
  broken: boolean
  /** Why, when broken. */
  reason?: string
}

export interface ObservedArm {
  id: string
  visitors: number
  /** The configured weight; undefined when the config does not have this variant. */
  weight: number | undefined
}

export function sampleRatioCheck(arms: readonly ObservedArm[]): SampleRatioCheck {
  // Visitors in a variant the config does not weight (removed, renamed or set to 0) cannot be an
  // intended split: the assignment or the config changed while the experiment ran.
  const stray = arms.filter((a) => !(a.weight !== undefined && a.weight > 0) && a.visitors > 0)
  if (stray.length) {
    return { checked: true, broken: true, p: 0, reason: `visitors in ${stray.map((a) => a.id).join(', ')}, which the config gives no weight` }
  }
  const weighted = arms.filter((a) => a.weight !== undefined && a.weight > 0)
  const total = weighted.reduce((s, a) => s + a.visitors, 0)
  const weights = weighted.reduce((s, a) => s + a.weight!, 0)
  if (weighted.length < 2) return { checked: false, broken: false }
  const expected = weighted.map((a) => (total * a.weight!) / weights)
  if (expected.some((e) => e < SRM_MIN_EXPECTED)) return { checked: false, broken: false }
  const chiSquare = weighted.reduce((s, a, i) => s + (a.visitors - expected[i]!) ** 2 / expected[i]!, 0)
  const df = weighted.length - 1
  const p = chiSquareSurvival(chiSquare, df)
  const broken = p < SRM_P
  return { checked: true, chiSquare, df, p, broken, ...(broken ? { reason: `visitors per variant do not match the configured weights (chi-square ${chiSquare.toFixed(1)}, p < ${SRM_P})` } : {}) }
}
