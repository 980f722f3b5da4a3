// Each experiment's variants from the stored events: visitors (counted in the first variant they
// were shown), conversions attributed to the variant, Wilson 95 % intervals, and a pooled two-sided
// two-proportion z-test of the best variant against the runner-up; a winner only when p < 0.05.
import type { StoredEvent } from '../store/types.ts'
import { byTsId, kept, str, type Attribution } from './attribution.ts'
import { KeyTally } from './tally.ts'
import { twoProportionZ, wilson, type Interval, type ZTest } from './stats.ts'

export const SIGNIFICANCE = 0.05

export interface Variant {
  id: string
  visitors: number
  converted: number
  rate: number
  ci: Interval
  revenue: number
}

export interface Experiment {
  id: string
  variants: Variant[]
  /** The best variant against the runner-up (two-proportion z-test, pooled, two-sided). */
  test?: ZTest & { best: string; against: string }
  /** Named only when p < 0.05. */
  winner?: string
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

export function experiments(events: readonly StoredEvent[], orders: readonly Attribution[]): Experiment[] {
  // Each visitor counts in the first variant they were shown.
  const assignments = new ExperimentAssignments()
  for (const e of events) assignments.add(e)
  return experimentResults(assignments, orders)
}

export function experimentResults(assignments: ExperimentAssignments, orders: readonly Attribution[]): Experiment[] {
  assignments.endAll()
  const result: Experiment[] = []
  for (const [id, counts] of assignments.counts()) {
    const stats = new Map(counts.map(([variant, visitors]) => [variant, { visitors, buyers: new Set<string>(), revenue: 0 }]))
    for (const o of orders) {
      const variant = assignments.variantOf(o.visitorId, id)
      if (!variant || !kept(o) || o.variants.get(id) === undefined) continue // a purchase after exposure, within the window
      const s = stats.get(variant)!
      s.buyers.add(o.visitorId)
      s.revenue += o.value - o.refunded
    }
    const variants: Variant[] = [...stats]
      .map(([vid, s]) => ({ id: vid, visitors: s.visitors, converted: s.buyers.size, rate: s.buyers.size / s.visitors, ci: wilson(s.buyers.size, s.visitors), revenue: s.revenue }))
      .sort((a, b) => a.id.localeCompare(b.id))
    const ranked = [...variants].sort((a, b) => b.rate - a.rate)
    const [best, second] = ranked
    const experiment: Experiment = { id, variants }
    if (best && second) {
      const z = twoProportionZ(best.converted, best.visitors, second.converted, second.visitors)
      if (z) {
        experiment.test = { ...z, best: best.id, against: second.id }
        if (z.p < SIGNIFICANCE && best.rate > second.rate) experiment.winner = best.id
      }
    }
    result.push(experiment)
  }
  return result.sort((a, b) => a.id.localeCompare(b.id))
}
