import { describe, expect, it } from 'vitest'
import type { ExperimentConfig } from '../../../shared/config.ts'
import { assignVariant } from './experiments.ts'

const experiment: ExperimentConfig = { id: 'opener', variants: [{ id: 'a', weight: 50 }, { id: 'b', weight: 50 }] }

describe('experiment assignment', () => {
  it('is sticky: the same visitor always gets the same variant', () => {
    for (let i = 0; i < 50; i++) expect(assignVariant(`v_${i}`, experiment).id).toBe(assignVariant(`v_${i}`, experiment).id)
  })

  it('splits 10,000 visitors by the weights within ±2 %', () => {
    const count = (e: ExperimentConfig) => {
      const counts: Record<string, number> = {}
      for (let i = 0; i < 10_000; i++) {
        const id = assignVariant(`v_${i.toString(36)}_${i}`, e).id
        counts[id] = (counts[id] ?? 0) + 1
      }
      return counts
    }
    const even = count(experiment)
    expect(Math.abs(even.a! / 10_000 - 0.5)).toBeLessThan(0.02)
    const skewed = count({ id: 'x', variants: [{ id: 'a', weight: 20 }, { id: 'b', weight: 80 }] })
    expect(Math.abs(skewed.a! / 10_000 - 0.2)).toBeLessThan(0.02)
  })

  it('never picks a variant with weight 0', () => {
    const off: ExperimentConfig = { id: 'o', variants: [{ id: 'a', weight: 0 }, { id: 'b', weight: 1 }] }
    for (let i = 0; i < 200; i++) expect(assignVariant(`v${i}`, off).id).toBe('b')
  })
})
