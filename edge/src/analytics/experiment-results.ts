// Each experiment's variants from the stored events: visitors (counted in the first variant they
// were shown), conversions attributed to the variant, Wilson 95 % intervals, and a pooled two-sided
// two-proportion z-test of the best variant against the runner-up; a winner only when p < 0.05.
import type { StoredEvent } from '../store/types.ts'
import { kept, str, type Attribution } from './attribution.ts'
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

/** Each experiment's visitors and the first variant each was shown, one event at a time (in time order). */
export class ExperimentAssignments {
  readonly assigned = new Map<string, Map<string, string>>()

  add(e: StoredEvent): void {
    if (e.type !== 'experiment_exposure') return
    const exp = str(e.props.experiment)
    const variant = str(e.props.variant)
    if (!exp || !variant) return
    const visitors = this.assigned.get(exp) ?? new Map<string, string>()
    this.assigned.set(exp, visitors)
    if (!visitors.has(e.visitorId)) visitors.set(e.visitorId, variant)
  }
}

export function experiments(events: readonly StoredEvent[], orders: readonly Attribution[]): Experiment[] {
  // Each visitor counts in the first variant they were shown.
  const assignments = new ExperimentAssignments()
  for (const e of events) assignments.add(e)
  return experimentResults(assignments, orders)
}

export function experimentResults({ assigned }: ExperimentAssignments, orders: readonly Attribution[]): Experiment[] {
  const result: Experiment[] = []
  for (const [id, visitors] of assigned) {
    const stats = new Map<string, { visitors: number; buyers: Set<string>; revenue: number }>()
    for (const variant of visitors.values()) {
      const s = stats.get(variant) ?? { visitors: 0, buyers: new Set<string>(), revenue: 0 }
      stats.set(variant, s)
      s.visitors++
    }
    for (const o of orders) {
      const variant = visitors.get(o.visitorId)
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
