// A recommendation's constraints as the visitor would say them back: "儿童手表、¥500以内、适合女士",
// "kids watch, under ¥500, for women". Used by the offline answer and the LLM's note alike.
import type { Lang } from '../../../shared/protocol.ts'
import type { Budget } from './budget.ts'
import type { Audience, Constraints } from './constraints.ts'
import { formatPrice, joinValues } from './facts.ts'

const AUDIENCE: Record<Lang, Record<Audience, string>> = {
  'zh-CN': { 女士: '适合女士', 男士: '适合男士', 儿童: '适合儿童' },
  en: { 女士: 'for women', 男士: 'for men', 儿童: 'for children' },
}

export function describeBudget(b: Budget, lang: Lang, currency = 'CNY'): string {
  const money = (n: number) => formatPrice(n, currency)
  const zh = lang === 'zh-CN'
  if (b.around !== undefined) return zh ? `${money(b.around)}左右` : `around ${money(b.around)}`
  if (b.min !== undefined && b.max !== undefined) return `${money(b.min)}–${money(b.max)}`
  if (b.max !== undefined) return zh ? `${money(b.max)}以内` : `under ${money(b.max)}`
  return zh ? `${money(b.min ?? 0)}以上` : `over ${money(b.min ?? 0)}`
}

export function describeConstraints(c: Constraints, lang: Lang, currency = 'CNY'): string {
  const parts = [
    ...c.terms.map((t) => t.asked),
    ...(c.requirements ?? []).map((r) => r.label),
    ...(c.colour ? [c.colour.label] : []),
    ...(c.recipient ? [AUDIENCE[lang][c.recipient]] : []),
    ...(c.budget ? [describeBudget(c.budget, lang, currency)] : []),
  ]
  return joinValues(parts, lang)
}
