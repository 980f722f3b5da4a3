import { describe, expect, it } from 'vitest'
import type { StoredEvent } from '../store/types.ts'
import { buildReport } from './report.ts'

const T0 = Date.UTC(2026, 9, 1, 12)
let n = 0
const ev = (type: string, visitorId: string, ts: number, props: Record<string, unknown> = {}): StoredEvent => ({ id: `x${++n}`, type, visitorId, sessionId: `s_${visitorId}`, ts, props, receivedAt: ts })

/** `visitors` exposed to `variant` of `experiment`, the first `buyers` of them buying afterwards. */
function arm(experiment: string, variant: string, visitors: number, buyers: number): StoredEvent[] {
  const events: StoredEvent[] = []
  for (let i = 0; i < visitors; i++) {
    const v = `${experiment}-${variant}-${i}`
    events.push(ev('experiment_exposure', v, T0 + i, { experiment, variant }))
    if (i < buyers) events.push(ev('purchase', v, T0 + i + 60_000, { value: 20, orderId: `${v}-o` }))
  }
  return events
}

describe('experiment results in the report', () => {
  it('puts the config\'s first variant first as the control and checks the split against the weights', () => {
    const events = [...arm('opener', 'a-challenger', 1500, 120), ...arm('opener', 'z-original', 1500, 75)]
    const design = { id: 'opener', variants: [{ id: 'z-original', weight: 50 }, { id: 'a-challenger', weight: 50 }, { id: 'paused', weight: 0 }, { id: 'new', weight: 10 }] }
    const [exp] = buildReport(events, { experiments: [design] }).experiments
    // The paused variant (weight 0, nobody in it) is left out; `new` should have had visitors: a broken split.
    expect(exp!.variants.map((v) => [v.id, v.weight, v.visitors, v.verdict])).toEqual([
      ['z-original', 50, 1500, 'control'],
      ['a-challenger', 50, 1500, 'withheld'],
      ['new', 10, 0, 'withheld'],
    ])
    expect(exp).toMatchObject({ control: 'z-original', configured: true, comparisons: 2, split: { checked: true, broken: true } })

    const fixed = { ...design, variants: design.variants.filter((v) => v.id !== 'new') }
    const [ok] = buildReport(events, { experiments: [fixed] }).experiments
    expect(ok!.split).toMatchObject({ checked: true, broken: false, df: 1, chiSquare: 0 })
    expect(ok!.variants[1]).toMatchObject({ id: 'a-challenger', verdict: 'better', comparison: { lift: 0.03, relativeLift: expect.closeTo(0.6, 10) } })
    expect(ok!.variants[0]).toMatchObject({ rate: 0.05, revenue: 1500 })
  })

  it('withholds verdicts when visitors land in a variant the config does not have', () => {
    const events = [...arm('e', 'a', 600, 30), ...arm('e', 'b', 600, 60), ...arm('e', 'retired', 40, 2)]
    const [exp] = buildReport(events, { experiments: [{ id: 'e', variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }] }] }).experiments
    expect(exp!.variants.map((v) => [v.id, v.verdict])).toEqual([['a', 'control'], ['b', 'withheld'], ['retired', 'withheld']])
    expect(exp!.split.reason).toContain('retired')
  })

  it('compares an experiment missing from the config with its first variant alphabetically, split unchecked', () => {
    const [exp] = buildReport([...arm('e', 'b', 300, 30), ...arm('e', 'a', 300, 15)]).experiments
    expect(exp).toMatchObject({ control: 'a', configured: false, split: { checked: false, broken: false } })
    expect(exp!.variants.map((v) => [v.id, v.weight, v.verdict])).toEqual([['a', undefined, 'control'], ['b', undefined, 'not yet']])
  })
})
