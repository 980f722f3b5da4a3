import { describe, expect, it } from 'vitest'
import { sampleRatioCheck } from './experiment-srm.ts'

describe('the sample-ratio check', () => {
  it('flags a 50/50 config that got a 55/45 split at 10,000 visitors', () => {
    const check = sampleRatioCheck([
      { id: 'a', visitors: 5500, weight: 50 },
      { id: 'b', visitors: 4500, weight: 50 },
    ])
    // scipy.stats.chisquare([5500, 4500]): statistic 100, p 1.5e-23.
    expect(check).toMatchObject({ checked: true, broken: true, chiSquare: 100, df: 1 })
    expect(check.p!).toBeLessThan(1e-20)
    expect(check.reason).toContain('do not match the configured weights')
  })

  it('accepts chance wobble, uneven weights and several variants', () => {
    expect(sampleRatioCheck([{ id: 'a', visitors: 520, weight: 1 }, { id: 'b', visitors: 480, weight: 1 }])).toMatchObject({ checked: true, broken: false, p: expect.closeTo(0.2059032107, 8) })
    expect(sampleRatioCheck([{ id: 'a', visitors: 9010, weight: 90 }, { id: 'b', visitors: 990, weight: 10 }]).broken).toBe(false)
    expect(sampleRatioCheck([{ id: 'a', visitors: 8700, weight: 90 }, { id: 'b', visitors: 1300, weight: 10 }]).broken).toBe(true)
    expect(sampleRatioCheck([{ id: 'a', visitors: 340, weight: 1 }, { id: 'b', visitors: 330, weight: 1 }, { id: 'c', visitors: 330, weight: 1 }])).toMatchObject({ broken: false, df: 2 })
  })

  it('waits for about 5 expected visitors a variant, and calls visitors in an unweighted variant broken', () => {
    expect(sampleRatioCheck([{ id: 'a', visitors: 7, weight: 1 }, { id: 'b', visitors: 1, weight: 1 }])).toEqual({ checked: false, broken: false })
    expect(sampleRatioCheck([{ id: 'a', visitors: 500, weight: 1 }, { id: 'b', visitors: 500, weight: 0 }])).toMatchObject({ broken: true, reason: expect.stringContaining('b') })
    expect(sampleRatioCheck([{ id: 'a', visitors: 500, weight: 1 }, { id: 'b', visitors: 500, weight: 1 }, { id: 'old', visitors: 3, weight: undefined }]).broken).toBe(true)
  })
})
