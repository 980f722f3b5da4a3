// Each experiment's variants from the stored events: visitors (counted in the first variant they
// were shown), conversions attributed to the variant, each variant's own Wilson 95 % interval, and
// what may be said of each against the control (experiment-verdict.ts: an always-valid sequential
// test, a minimum sample, the split checked against the configured weights).
import type { StoredEvent } from '../store/types.ts'
import { byTsId, kept, str, type Attribution } from './attribution.ts'
import type { SampleRatioCheck } from './experiment-srm.ts'
import { judgeExperiment, type ArmJudgement, type CountedArm } from './experiment-verdict.ts'
import { KeyTally } from './tally.ts'
import { wilson, type Interval } from './stats.ts'

export { ALPHA, MIN_CONVERSIONS, MIN_VISITORS, NEGLIGIBLE_RELATIVE_LIFT, type Verdict } from './experiment-verdict.ts'

/** What the report needs of the config's experiments (ExperimentConfig fits): the order (the first is the control) and the weights. */
export interface ExperimentDesign {
  id: string
  variants: readonly { id: string; weight: number }[]
}

export interface Variant extends ArmJudgement {
  /** The configured weight; absent when the config does not have the variant. */
  weight?: number
  visitors: number
  converted: number
  rate: number
  /** This variant's own rate, Wilson 95 %: a description, not a comparison (for that see `comparison`). */
  ci: Interval
  revenue: number
}

export interface Experiment {
  id: string
  /** The control: the config's first variant (or, for an experiment not in the config, the first id alphabetically). */
  control: string
  /** Whether the experiment is in the config given to the report (its order and weights known). */
  configured: boolean
  /** Family-wise false-winner rate over all comparisons and all readings. */
  alpha: number
  /** Variants compared with the control (the Bonferroni divisor). */
  comparisons: number
  /** Sample-ratio check of the visitors per variant against the weights; `broken` withholds every verdict. */
  split: SampleRatioCheck
  /** The control first, then the config's order (variants it lacks last, alphabetically). */
  variants: Variant[]
}

interface Exposure {
  variant: string
  ts: number
  id: string
}

/**
 * Each experiment's visitors and the first variant each was shown. A visitor's exposures are held
 * until `endVisitor`, then only counted (the report reads visitors one after another and ends
 * each as the next begins); the variants of visitors who bought are kept for their orders.
 */
export class ExperimentAssignments {
  /** Visitors not yet ended: visitor → experiment → their earliest exposure so far. */
  private readonly open = new Map<string, Map<string, Exposure>>()
  /** Experiment → visitors per variant (first met: the earliest first exposure), experiments first met first. */
  private readonly tallies = new Map<string, KeyTally>()
  private readonly experiments = new KeyTally()
  /** Ended visitors who bought: visitor → experiment → variant. */
  private readonly kept = new Map<string, Map<string, string>>()

  add(e: StoredEvent): void {
    if (e.type !== 'experiment_exposure') return
    const exp = str(e.props.experiment)
    const variant = str(e.props.variant)
    if (!exp || !variant) return
    let mine = this.open.get(e.visitorId)
    if (!mine) this.open.set(e.visitorId, (mine = new Map()))
    const first = mine.get(exp)
    // The earliest in (ts, id) order, whatever order the visitor's events came in.
    if (!first || byTsId(e, first) < 0) mine.set(exp, { variant, ts: e.ts, id: e.id })
  }

  /** Counts the visitor's variants and forgets them, unless `bought` (their orders need them). */
  endVisitor(visitorId: string, bought: boolean): void {
    const mine = this.open.get(visitorId)
    if (!mine) return
    this.open.delete(visitorId)
    for (const [exp, first] of mine) {
      let tally = this.tallies.get(exp)
      if (!tally) this.tallies.set(exp, (tally = new KeyTally()))
      tally.add(first.variant, first)
      this.experiments.add(exp, first, 0)
    }
    if (bought) this.kept.set(visitorId, new Map([...mine].map(([exp, first]) => [exp, first.variant])))
  }

  /** Ends every visitor still open, keeping their variants. */
  endAll(): void {
    for (const visitorId of [...this.open.keys()]) this.endVisitor(visitorId, true)
  }

  /** Experiments, first met first, each with its variants' visitor counts (first met first). */
  counts(): [string, [string, number][]][] {
    return this.experiments.entries().map(([exp]) => [exp, this.tallies.get(exp)!.entries()])
  }

  /** The variant a visitor who bought was assigned in an experiment. */
  variantOf(visitorId: string, exp: string): string | undefined {
    return this.kept.get(visitorId)?.get(exp)
  }
}

export function experiments(events: readonly StoredEvent[], orders: readonly Attribution[], designs: readonly ExperimentDesign[] = []): Experiment[] {
  // Each visitor counts in the first variant they were shown.
  const assignments = new ExperimentAssignments()
  for (const e of events) assignments.add(e)
  return experimentResults(assignments, orders, designs)
}

/** The variants in the order the verdicts need: the control first (see Experiment.variants). */
function ordered(seen: readonly string[], design: ExperimentDesign | undefined): { id: string; weight?: number }[] {
  const rest = (ids: readonly string[]) => [...ids].sort((a, b) => a.localeCompare(b)).map((id) => ({ id }))
  if (!design) return rest(seen)
  const configured = new Set(design.variants.map((v) => v.id))
  // A configured variant nobody reached still belongs in the split check when it has a weight; the control always shows.
  const listed = design.variants.filter((v, i) => i === 0 || v.weight > 0 || seen.includes(v.id)).map((v) => ({ id: v.id, weight: v.weight }))
  return [...listed, ...rest(seen.filter((id) => !configured.has(id)))]
}

export function experimentResults(assignments: ExperimentAssignments, orders: readonly Attribution[], designs: readonly ExperimentDesign[] = []): Experiment[] {
  assignments.endAll()
  const result: Experiment[] = []
  for (const [id, counts] of assignments.counts()) {
    const design = designs.find((d) => d.id === id)
    const visitors = new Map(counts)
    const arms = ordered([...visitors.keys()], design)
    const stats = new Map(arms.map((a) => [a.id, { visitors: visitors.get(a.id) ?? 0, buyers: new Set<string>(), revenue: 0 }]))
    for (const o of orders) {
      const variant = assignments.variantOf(o.visitorId, id)
      if (!variant || !kept(o) || o.variants.get(id) === undefined) continue // a purchase after exposure, within the window
      const s = stats.get(variant)!
      s.buyers.add(o.visitorId)
      s.revenue += o.value - o.refunded
    }
    const counted: CountedArm[] = arms.map((a) => ({ ...a, visitors: stats.get(a.id)!.visitors, converted: stats.get(a.id)!.buyers.size }))
    const judged = judgeExperiment(counted, design !== undefined)
    const variants: Variant[] = counted.map((a, i) => ({
      ...judged.arms[i]!,
      ...(a.weight === undefined ? {} : { weight: a.weight }),
      visitors: a.visitors,
      converted: a.converted,
      rate: a.visitors ? a.converted / a.visitors : 0,
      ci: wilson(a.converted, a.visitors),
      revenue: stats.get(a.id)!.revenue,
    }))
    result.push({ id, control: judged.control, configured: design !== undefined, alpha: judged.alpha, comparisons: judged.comparisons, split: judged.split, variants })
  }
  return result.sort((a, b) => a.id.localeCompare(b.id))
}
