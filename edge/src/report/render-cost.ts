// The report's "Assistant cost" section: LLM tokens and the estimated cost (analytics/usage-totals.ts),
// total, per conversation, per conversion and per model. Text passes through esc().
import type { CostLine, UsageReport } from '../analytics/usage-totals.ts'
import { esc } from './render.ts' // a function, called at render time: the import cycle is harmless

const num = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 0 })
/** Small sums keep two significant digits (an answer costs fractions of a cent). */
export const money = (x: number, currency: string) => `${currency} ${x >= 1 ? x.toFixed(2) : x === 0 ? '0' : x.toPrecision(2)}`

/** One line a shop owner reads: "USD 0.0021 in total · USD 0.0011 per conversation (2) · …". */
export function costLine(usage: UsageReport): string {
  const tokens = `${num(usage.turns)} answers · ${num(usage.prompt)} prompt + ${num(usage.completion)} completion tokens${usage.reasoning ? ` (${num(usage.reasoning)} reasoning)` : ''}`
  const costs = usage.cost.map((c: CostLine) =>
    [
      `${money(c.total, c.currency)} in total`,
      c.perConversation === undefined ? '' : `${money(c.perConversation, c.currency)} per conversation (${num(usage.conversations)})`,
      c.perConversion === undefined ? '' : `${money(c.perConversion, c.currency)} per conversion (${num(usage.conversions)})`,
    ].filter(Boolean).join(' · '),
  )
  const unpriced = usage.unpriced.length ? `no price in the config for ${usage.unpriced.join(', ')}` : ''
  return [tokens, ...costs, unpriced].filter(Boolean).join(' · ')
}

export function costSection(usage: UsageReport): string {
  if (!usage.turns) return '<p class="muted">No LLM usage recorded (answers from the offline responder cost nothing).</p>'
  const rows = usage.byModel
    .map((r) => `<tr><td>${esc(r.model)}</td><td>${num(r.turns)}</td><td>${num(r.prompt)}</td><td>${num(r.completion)}</td><td>${num(r.reasoning)}</td><td>${r.cost === undefined ? '–' : esc(money(r.cost, r.currency!))}</td></tr>`)
    .join('')
  return `<p data-cost>${esc(costLine(usage))}</p><table><thead><tr><th>model</th><th>answers</th><th>prompt</th><th>completion</th><th>of which reasoning</th><th>estimated cost</th></tr></thead><tbody>${rows}</tbody></table><p class="muted">Estimated from the tokens each answer reported and the prices in the config's <code>models</code>: prompt × input price + completion × output price (reasoning tokens are billed as completion; cached-prompt discounts are not counted, so the estimate errs high). Per conversation: over sessions with a message; per conversion: over orders kept.</p>`
}
