// The report's "Experiments" section: per experiment, the split check, a chart of each variant's
// lift over the control with its always-valid interval, and a table with the verdicts
// (analytics/experiment-verdict.ts). Text passes through esc(): experiment and variant ids are untrusted.
import { ALPHA, MIN_CONVERSIONS, MIN_VISITORS, NEGLIGIBLE_RELATIVE_LIFT, type Experiment, type Variant } from '../analytics/report.ts'
import { esc } from './render.ts' // a function, called at render time: the import cycle is harmless

const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 })
const pct = (x: number, digits = 2) => `${(x * 100).toFixed(digits)} %`
/** A difference of rates in percentage points, signed. */
const pp = (x: number) => `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(x * 100).toFixed(2)} pp`
const f = (x: number) => (Math.round(x * 10) / 10).toString()
const COLORS = { better: '#16a34a', worse: '#e4393c', other: '#2563eb' }

/** "95 %" for one comparison; with several, each interval is wider (Bonferroni) so all hold together. */
const level = (e: Experiment) => `${num((1 - e.alpha) * 100)} %${e.comparisons > 1 ? ` (${e.comparisons} comparisons together)` : ''}`

function liftChart(e: Experiment): string {
  const rows = e.variants.filter((v) => v.verdict !== 'control')
  const w = 640
  const row = 34
  const label = 120
  const right = 170
  const reach = Math.max(0.005, ...rows.flatMap((v) => (v.comparison ? [Math.abs(v.comparison.interval.low), Math.abs(v.comparison.interval.high)] : [])))
  const zero = label + (w - label - right) / 2
  const x = (d: number) => zero + (((w - label - right) / 2) * d) / reach
  const bars = rows
    .map((v, i) => {
      const cy = i * row + 18
      const c = v.comparison
      const name = `<text x="${label - 8}" y="${cy + 4}" text-anchor="end">${esc(v.id)}</text>`
      if (!c) return `${name}<text x="${label}" y="${cy + 4}">no comparison yet</text>`
      const color = v.verdict === 'better' ? COLORS.better : v.verdict === 'worse' ? COLORS.worse : COLORS.other
      const [lo, hi] = [x(c.interval.low), x(c.interval.high)]
      return `${name}<line x1="${f(lo)}" y1="${cy}" x2="${f(hi)}" y2="${cy}" stroke="${color}" stroke-width="3"/><line x1="${f(lo)}" y1="${cy - 7}" x2="${f(lo)}" y2="${cy + 7}" stroke="${color}" stroke-width="2"/><line x1="${f(hi)}" y1="${cy - 7}" x2="${f(hi)}" y2="${cy + 7}" stroke="${color}" stroke-width="2"/><circle cx="${f(x(c.lift))}" cy="${cy}" r="5" fill="${color}"/><text x="${w - right + 8}" y="${cy + 4}">${esc(`${pp(c.lift)} [${pp(c.interval.low)}, ${pp(c.interval.high)}]`)}</text>`
    })
    .join('')
  const h = Math.max(1, rows.length) * row + 8
  const axis = `<line x1="${f(zero)}" y1="2" x2="${f(zero)}" y2="${h - 2}" stroke="#999" stroke-dasharray="4 3"/>`
  return `<svg class="chart" data-chart="experiment" viewBox="0 0 ${w} ${h}" role="img" aria-label="${esc(`Experiment ${e.id}: lift over ${e.control} with always-valid intervals`)}">${axis}${bars}</svg>`
}

function verdictCell(v: Variant, e: Experiment): string {
  const c = v.comparison
  const p = c ? `, p ${c.p < 0.0001 ? '&lt; 0.0001' : `= ${c.p.toFixed(4)}`}` : ''
  switch (v.verdict) {
    case 'control':
      return 'control'
    case 'better':
    case 'worse':
      return `<strong>${v.verdict}</strong> than ${esc(e.control)}${p}`
    case 'no difference detected':
      return `no difference detected${p}`
    case 'withheld':
      return 'withheld: the split is broken'
    case 'not yet':
      return v.needs
        ? esc(`not yet: needs ${num(v.needs.visitors)} more visitors and ${num(v.needs.conversions)} more conversions in the smaller arm`)
        : `not yet${p}`
  }
}

function splitLine(e: Experiment): string {
  const s = e.split
  if (s.broken) return `<p><span class="flag">the split is broken: results not trustworthy</span> ${esc(s.reason ?? '')}. No verdict is given.</p>`
  if (!s.checked) return `<p class="muted">${esc(`Split not checked: ${s.reason ?? 'too few visitors yet'}.`)}</p>`
  return `<p class="muted">${esc(`Split matches the configured weights (chi-square ${s.chiSquare!.toFixed(2)}, ${s.df} df, p = ${s.p!.toFixed(3)}).`)}</p>`
}

function experimentBlock(e: Experiment): string {
  const rows = e.variants
    .map((v) => {
      const c = v.comparison
      const lift = c ? `${pp(c.lift)}${c.relativeLift === undefined ? '' : ` (${c.relativeLift > 0 ? '+' : ''}${(c.relativeLift * 100).toFixed(0)} %)`}` : '–'
      const interval = c ? `${pp(c.interval.low)} to ${pp(c.interval.high)}` : '–'
      return `<tr><td>${esc(v.id)}</td><td>${v.weight === undefined ? '–' : num(v.weight)}</td><td>${num(v.visitors)}</td><td>${num(v.converted)}</td><td>${pct(v.rate)}</td><td>${esc(lift)}</td><td>${esc(interval)}</td><td>${verdictCell(v, e)}</td><td>${num(v.revenue)}</td></tr>`
    })
    .join('')
  return `<div class="exp"><h3>Experiment ${esc(e.id)}</h3>${splitLine(e)}${liftChart(e)}<table><thead><tr><th>variant</th><th>weight</th><th>visitors</th><th>converted</th><th>rate</th><th>lift vs ${esc(e.control)}</th><th>always-valid ${esc(level(e))}</th><th>verdict</th><th>net revenue</th></tr></thead><tbody>${rows}</tbody></table></div>`
}

/** The section's body: how to read it, then each experiment. */
export function experimentsSection(experiments: readonly Experiment[]): string {
  if (!experiments.length) return '<p class="muted">No experiment exposures recorded.</p>'
  const intro = `Conversion = visitors with a purchase (not fully refunded) after their first exposure, within the attribution window. Each variant is compared with the control (the config's first variant) by an always-valid sequential test (mSPRT), so the report may be read at any time without inflating false winners; with several variants the intervals are widened (Bonferroni) so at most ${num(ALPHA * 100)} % of experiments ever show a false winner. No verdict before ${MIN_VISITORS} visitors and ${MIN_CONVERSIONS} conversions in both arms; "no difference detected" only once the interval rules out lifts of ${num(NEGLIGIBLE_RELATIVE_LIFT * 100)} % of the control's rate either way; a split that does not match the weights withholds every verdict.`
  return `<p class="muted">${esc(intro)}</p>${experiments.map(experimentBlock).join('')}`
}
