import { describe, expect, it } from 'vitest'
import type { Experiment } from '../analytics/report.ts'
import { experimentsSection } from './render-experiments.ts'

const base = { ci: { low: 0, high: 0 }, revenue: 0 }
const experiment: Experiment = {
  id: 'opener<b>',
  control: 'coupon',
  configured: true,
  alpha: 0.05,
  comparisons: 2,
  split: { checked: true, chiSquare: 0.4, df: 2, p: 0.82, broken: false },
  variants: [
    { ...base, id: 'coupon', weight: 1, visitors: 3000, converted: 150, rate: 0.05, verdict: 'control' },
    { ...base, id: 'flash', weight: 1, visitors: 3000, converted: 240, rate: 0.08, verdict: 'better', comparison: { lift: 0.03, relativeLift: 0.6, interval: { low: 0.0083, high: 0.0517 }, p: 0.0004 } },
    { ...base, id: 'quiz"', weight: 1, visitors: 90, converted: 4, rate: 0.044, verdict: 'not yet', needs: { visitors: 10, conversions: 6 } },
  ],
}

describe('the experiments section', () => {
  it('shows each variant against the control with its always-valid interval, verdict and what is missing', () => {
    const html = experimentsSection([experiment])
    expect(html).toContain('Experiment opener&lt;b&gt;')
    expect(html).toContain('<th>lift vs coupon</th><th>always-valid 95 % (2 comparisons together)</th>')
    expect(html).toContain('<td>+3.00 pp (+60 %)</td><td>+0.83 pp to +5.17 pp</td><td><strong>better</strong> than coupon, p = 0.0004</td>')
    expect(html).toContain('not yet: needs 10 more visitors and 6 more conversions in the smaller arm')
    expect(html).toContain('quiz&quot;')
    expect(html).toContain('Split matches the configured weights (chi-square 0.40, 2 df, p = 0.820).')
    expect(html).toMatch(/<svg class="chart" data-chart="experiment"[^>]*aria-label="Experiment opener&lt;b&gt;: lift over coupon with always-valid intervals"/)
    expect(html).toContain('always-valid sequential test (mSPRT)')
  })

  it('flags a broken split and withholds the verdicts', () => {
    const broken: Experiment = {
      ...experiment,
      split: { checked: true, broken: true, p: 0, reason: 'visitors per variant do not match the configured weights (chi-square 100.0, p < 0.001)' },
      variants: experiment.variants.map((v) => (v.verdict === 'control' ? v : { ...v, verdict: 'withheld' as const })),
    }
    const html = experimentsSection([broken])
    expect(html).toContain('<span class="flag">the split is broken: results not trustworthy</span>')
    expect(html).toContain('withheld: the split is broken')
    expect(html).not.toContain('<strong>better</strong>')
  })

  it('says when there is nothing to show', () => {
    expect(experimentsSection([])).toContain('No experiment exposures recorded.')
  })
})
