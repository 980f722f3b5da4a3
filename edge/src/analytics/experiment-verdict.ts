// What the report may say about an experiment from its counts: each variant against the control
// (never against the runner-up: picking the best of several and testing it against the next is a
// multiple comparison in disguise), with the always-valid sequential test (experiment-sequential.ts),
// Bonferroni over the comparisons, a minimum sample before any verdict, and the split checked against
// the configured weights (experiment-srm.ts). Pure: the report and the simulations call the same code.
import { compareSequential, type Arm, type SequentialComparison } from './experiment-sequential.ts'
import { sampleRatioCheck, type SampleRatioCheck } from './experiment-srm.ts'

/** Family-wise false-winner rate: over all of an experiment's comparisons and all readings of the report. */
export const ALPHA = 0.05

/**
 * No verdict before both the control and the variant have this many visitors and conversions. The
 * test rests on the normal approximation of each rate and on variances estimated from the data; with
 * a handful of conversions both are poor (0 of 40 has an estimated variance of 0), and early readers
 * are the most tempted. 10 conversions per arm is the usual rule of thumb for the approximation; 100
 * visitors keeps a few early buyers from looking like a 30 % rate. Waiting never costs validity.
 */
export const MIN_VISITORS = 100
export const MIN_CONVERSIONS = 10

/**
 * "No difference detected" only when the always-valid interval rules out any lift larger than this
 * share of the control's rate either way (20 %: 5 % → between 4 % and 6 %). Anything wider is "not
 * yet": absence of evidence is not evidence of absence.
 */
export const NEGLIGIBLE_RELATIVE_LIFT = 0.2

export type Verdict = 'control' | 'better' | 'worse' | 'no difference detected' | 'not yet' | 'withheld'

export interface CountedArm extends Arm {
  id: string
  /** The configured weight; undefined when not in the config. */
  weight?: number
}

export interface ArmJudgement {
  id: string
  verdict: Verdict
  /** Against the control (absent for the control itself, or while an arm is empty). */
  comparison?: SequentialComparison & {
    /** lift / the control's rate; undefined when the control converted nobody. */
    relativeLift?: number
  }
  /** While below the minimum sample: visitors and conversions still missing in the arm that lacks the most. */
  needs?: { visitors: number; conversions: number }
}

export interface ExperimentJudgement {
  /** The first variant in the config's order (the control), or the first id alphabetically when not configured. */
  control: string
  alpha: number
  /** Comparisons with the control: the Bonferroni divisor. */
  comparisons: number
  /** Unchecked when the weights are unknown (the experiment is not in the config given to the report). */
  split: SampleRatioCheck
  arms: ArmJudgement[]
}

function shortfall(control: Arm, variant: Arm): { visitors: number; conversions: number } | undefined {
  const visitors = Math.max(0, MIN_VISITORS - Math.min(control.visitors, variant.visitors))
  const conversions = Math.max(0, MIN_CONVERSIONS - Math.min(control.converted, variant.converted))
  return visitors || conversions ? { visitors, conversions } : undefined
}

function verdictOf(c: SequentialComparison, controlRate: number): Verdict {
  if (c.p <= ALPHA) return c.lift > 0 ? 'better' : 'worse'
  const margin = NEGLIGIBLE_RELATIVE_LIFT * controlRate
  if (margin > 0 && c.interval.low > -margin && c.interval.high < margin) return 'no difference detected'
  return 'not yet'
}

/**
 * `arms` in order, the control first. `configured`: whether the weights come from the config (only
 * then is the split checked).
 */
export function judgeExperiment(arms: readonly CountedArm[], configured: boolean): ExperimentJudgement {
  const [control, ...variants] = arms
  if (!control) throw new Error('an experiment needs at least one arm')
  const comparisons = Math.max(1, variants.length)
  const split: SampleRatioCheck = configured
    ? sampleRatioCheck(arms.map((a) => ({ id: a.id, visitors: a.visitors, weight: a.weight })))
    : { checked: false, broken: false, reason: 'the weights are unknown (the experiment is not in the config)' }
  const controlRate = control.visitors ? control.converted / control.visitors : 0
  const judged: ArmJudgement[] = [{ id: control.id, verdict: 'control' }]
  for (const arm of variants) {
    const c = compareSequential(control, arm, ALPHA, comparisons)
    const comparison = c && { ...c, ...(controlRate > 0 ? { relativeLift: c.lift / controlRate } : {}) }
    const needs = shortfall(control, arm)
    const verdict: Verdict = split.broken ? 'withheld' : needs || !c ? 'not yet' : verdictOf(c, controlRate)
    judged.push({ id: arm.id, verdict, ...(comparison ? { comparison } : {}), ...(needs ? { needs } : {}) })
  }
  return { control: control.id, alpha: ALPHA, comparisons, split, arms: judged }
}
