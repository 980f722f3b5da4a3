// The admin report as one static HTML page: inline CSS, inline SVG charts, no scripts and no
// external requests (a CSP meta forbids them), so it can be mailed or opened offline. Every piece
// of text passes through esc(): event props are untrusted.
import type { Breakdown, Report } from '../analytics/report.ts'
import { costSection } from './render-cost.ts'
import { experimentsSection } from './render-experiments.ts'

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

const pct = (x: number | undefined, digits = 1) => (x === undefined ? '–' : `${(x * 100).toFixed(digits)} %`)
const ms = (x: number | undefined) => (x === undefined ? '–' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${Math.round(x)} ms`)
const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 })
const day = (ts: number | undefined) => (ts === undefined ? '–' : new Date(ts).toISOString().slice(0, 10))
const f = (x: number) => (Math.round(x * 10) / 10).toString()

const COLORS = ['#2563eb', '#e4393c', '#16a34a', '#d97706', '#7c3aed', '#0891b2']

function funnelChart(report: Report): string {
  const steps = report.funnel
  const max = Math.max(1, ...steps.map((s) => s.visitors))
  const w = 640
  const row = 30
  const label = 130
  const bars = steps
    .map((s, i) => {
      const bw = ((w - label - 110) * s.visitors) / max
      const prev = i > 0 ? steps[i - 1]!.visitors : undefined
      const rate = prev ? ` (${pct(s.visitors / prev)})` : ''
      return `<text x="${label - 8}" y="${i * row + 19}" text-anchor="end">${esc(s.step)}</text><rect x="${label}" y="${i * row + 4}" width="${f(bw)}" height="22" rx="3" fill="${COLORS[0]}"/><text x="${f(label + bw + 6)}" y="${i * row + 19}">${esc(num(s.visitors))}${esc(rate)}</text>`
    })
    .join('')
  return `<svg class="chart" data-chart="funnel" viewBox="0 0 ${w} ${steps.length * row + 8}" role="img" aria-label="Conversion funnel">${bars}</svg>`
}

function histogramChart(report: Report): string {
  const bins = report.responseTime.histogram
  const max = Math.max(1, ...bins.map((b) => b.count))
  const w = 640
  const h = 200
  const bw = (w - 40) / bins.length
  const bars = bins
    .map((b, i) => {
      const bh = ((h - 50) * b.count) / max
      const x = 20 + i * bw
      const lab = b.to === Infinity ? `≥${ms(b.from)}` : `<${ms(b.to)}`
      return `<rect x="${f(x + 3)}" y="${f(h - 30 - bh)}" width="${f(bw - 6)}" height="${f(bh)}" fill="${COLORS[2]}"/><text x="${f(x + bw / 2)}" y="${f(h - 34 - bh)}" text-anchor="middle">${b.count}</text><text x="${f(x + bw / 2)}" y="${h - 12}" text-anchor="middle">${esc(lab)}</text>`
    })
    .join('')
  return `<svg class="chart" data-chart="latency" viewBox="0 0 ${w} ${h}" role="img" aria-label="Response time histogram"><line x1="20" y1="${h - 30}" x2="${w - 20}" y2="${h - 30}" stroke="#999"/>${bars}</svg>`
}

function satisfactionChart(report: Report): string {
  const points = report.satisfaction.filter((d) => d.share !== undefined)
  const w = 640
  const h = 220
  const left = 44
  const right = 16
  const top = 14
  const bottom = 34
  const x = (i: number) => left + (points.length <= 1 ? (w - left - right) / 2 : ((w - left - right) * i) / (points.length - 1))
  const y = (share: number) => top + (h - top - bottom) * (1 - share)
  const grid = [0, 0.5, 0.8, 1]
    .map((g) => `<line x1="${left}" y1="${f(y(g))}" x2="${w - right}" y2="${f(y(g))}" stroke="${g === 0.8 ? '#d97706' : '#ddd'}"${g === 0.8 ? ' stroke-dasharray="4 3"' : ''}/><text x="${left - 6}" y="${f(y(g) + 4)}" text-anchor="end">${g * 100}%</text>`)
    .join('')
  const line = points.map((p, i) => `${i ? 'L' : 'M'}${f(x(i))} ${f(y(p.share!))}`).join(' ')
  const dots = points.map((p, i) => `<circle cx="${f(x(i))}" cy="${f(y(p.share!))}" r="3" fill="${COLORS[1]}"><title>${esc(`${p.day}: ${pct(p.share)}`)}</title></circle>`).join('')
  const step = Math.max(1, Math.ceil(points.length / 6))
  const labels = points
    .map((p, i) => (i % step === 0 || i === points.length - 1 ? `<text x="${f(x(i))}" y="${h - 12}" text-anchor="middle">${esc(p.day.slice(5))}</text>` : ''))
    .join('')
  return `<svg class="chart" data-chart="satisfaction" viewBox="0 0 ${w} ${h}" role="img" aria-label="Satisfaction over time">${grid}${points.length ? `<path d="${line}" fill="none" stroke="${COLORS[1]}" stroke-width="2"/>` : ''}${dots}${labels}</svg>`
}

function breakdownTable(title: string, rows: readonly Breakdown[]): string {
  if (rows.length === 0) return ''
  const body = rows
    .slice(0, 20)
    .map((r) => `<tr><td>${esc(r.key)}</td><td>${num(r.visitors)}</td><td>${num(r.converted)}</td><td>${pct(r.rate)}</td><td>${num(r.orders)}</td><td>${num(r.revenue)}</td></tr>`)
    .join('')
  return `<h3>${esc(title)}</h3><table><thead><tr><th></th><th>visitors</th><th>converted</th><th>rate</th><th>orders</th><th>net revenue</th></tr></thead><tbody>${body}</tbody></table>`
}

export const CSS = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1f2937;margin:0;background:#f5f6f8}
main{max-width:1080px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 12px}h3{font-size:15px;margin:16px 0 8px}
.muted{color:#6b7280}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin:16px 0}
.kpi,section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px}.kpi b{display:block;font-size:22px}
section{margin:16px 0}.two{display:grid;grid-template-columns:1fr 1fr;gap:16px}@media(max-width:800px){.two{grid-template-columns:1fr}}
.chart{width:100%;height:auto;font-size:11px;fill:#374151}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee}td:not(:first-child),th:not(:first-child){text-align:right}
.flag{background:#fee2e2;color:#991b1b;border-radius:4px;padding:1px 6px;font-size:12px}.verdict{margin:8px 0 0}`

/** Live handoffs to a person: taken, first human answer, how they ended, satisfaction after. */
function liveSummary(l: Report['live']): string {
  if (!l.taken && !l.unanswered) return ''
  const fr = l.firstResponse
  return `<p>${esc(`${num(l.taken)} taken by a person · first answer p50 ${ms(fr.p50)}, p90 ${ms(fr.p90)} · ${num(l.closed)} closed by a person, ${num(l.released)} back to the assistant, ${num(l.unanswered)} unanswered${l.resolvedShare === undefined ? '' : ` · resolved after handoff ${pct(l.resolvedShare)}`}${l.csat === undefined ? '' : ` · satisfaction after ${l.csat.toFixed(1)}/5 (${num(l.csatN)})`}`)}</p>`
}

export function renderReport(report: Report, title = 'huike report'): string {
  const rt = report.responseTime
  const kpis: [string, string][] = [
    ['visitors', num(report.visitors)],
    ['conversations', num(report.conversations)],
    ['orders (kept)', num(report.revenue.orders)],
    ['net revenue', num(report.revenue.net)],
    ['handoff share', pct(report.handoff.share)],
    ['reply p50 / p95', `${ms(rt.p50)} / ${ms(rt.p95)}`],
  ]
  const gaps = report.gaps
    .slice(0, 50)
    .map((g) => `<tr><td>${esc(g.question)}${g.examples.length ? `<div class="muted">${esc(g.examples.join(' · '))}</div>` : ''}</td><td>${g.count}</td><td>${esc(g.topic ?? '')}</td><td>${g.needsReview ? '<span class="flag">needs review</span>' : ''}</td></tr>`)
    .join('')
  const flagged = report.topics.filter((t) => t.needsReview)
  const section = (h: string, body: string, cls = '') => `<section${cls ? ` class="${cls}"` : ''}><h2>${esc(h)}</h2>${body}</section>`
  const list = (rows: { label: string; count: number }[]) =>
    rows.length ? `<table><tbody>${rows.map((r) => `<tr><td>${esc(r.label)}</td><td>${num(r.count)}</td></tr>`).join('')}</tbody></table>` : '<p class="muted">none</p>'
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="robots" content="noindex"><title>${esc(title)}</title><style>${CSS}</style></head>
<body><main>
<h1>${esc(title)}</h1>
<p class="muted">${esc(`${day(report.from)} – ${day(report.to)} · ${num(report.events)} events · ${num(report.sessions)} sessions · attribution window ${num(report.windowMs / 86_400_000)} days`)}</p>
<div class="grid">${kpis.map(([k, v]) => `<div class="kpi"><span class="muted">${esc(k)}</span><b>${esc(v)}</b></div>`).join('')}</div>
${section('Conversion funnel', `${funnelChart(report)}<p class="muted">Visitors who reached each step and every step before it; purchase counts orders not fully refunded. In brackets: share of the step before.</p>`)}
<div class="two">
${section('Response time', `${histogramChart(report)}<p class="muted">${esc(`${num(rt.count)} replies · p50 ${ms(rt.p50)} · p90 ${ms(rt.p90)} · p95 ${ms(rt.p95)} · p99 ${ms(rt.p99)}`)}</p>`)}
${section('Satisfaction over time', `${satisfactionChart(report)}<p class="muted">Daily share of satisfied feedback (CSAT 4–5 or thumbs up); dashed line: the 80 % review threshold.</p>`)}
</div>
${section(
  'Experiments',
  experimentsSection(report.experiments),
)}
${section(
  'Attribution',
  `<p class="muted">${esc(`${num(report.revenue.orders)} orders kept · gross ${num(report.revenue.gross)} − refunds ${num(report.revenue.refunds)} (${num(report.revenue.refundedOrders)} orders) = net ${num(report.revenue.net)}. Each purchase goes to the visitor's latest campaign, keyword, source, rule and channel within the window.`)}</p>${breakdownTable('By channel', report.byChannel)}${breakdownTable('By campaign', report.byCampaign)}${breakdownTable('By keyword', report.byKeyword)}${breakdownTable('By source', report.bySource)}${breakdownTable('By rule', report.byRule)}`,
)}
<div class="two">
${section('Handoffs', `<p>${esc(`${num(report.handoff.sessions)} sessions handed off (${pct(report.handoff.share)} of conversations)`)}</p>${list(report.handoff.reasons.map((r) => ({ label: r.reason, count: r.count })))}${liveSummary(report.live)}`)}
${section('Intent mix', list(report.intents.map((i) => ({ label: i.intent, count: i.count }))))}
</div>
${section('Assistant cost', costSection(report.usage))}
${section(
  'Knowledge gaps',
  `${flagged.length ? `<p><span class="flag">needs review</span> ${esc(flagged.map((t) => t.topic).join(', '))}: satisfaction under 80 % for 3 consecutive days.</p>` : ''}<p class="muted">Questions the assistant could not answer (or that got a thumbs-down), grouped by character-bigram similarity (Jaccard ≥ 0.5).</p>${gaps ? `<table><thead><tr><th>question</th><th>count</th><th>topic</th><th></th></tr></thead><tbody>${gaps}</tbody></table>` : '<p class="muted">none</p>'}`,
)}
</main></body></html>
`
}
