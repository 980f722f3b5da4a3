// The offline responder's answers for recommendations, comparisons and products we don't sell,
// composed from the turn plan's catalog facts only. Each says plainly when the facts fall short:
// no product meets the request, no data about other brands, a product not sold here.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { differences, type CompareTable } from '../knowledge/compare.ts'
import { describeBudget, describeConstraints } from '../knowledge/describe.ts'
import { currencySymbol, formatPrice, joinValues, shortName } from '../knowledge/facts.ts'
import type { TurnPlan } from '../knowledge/plan.ts'
import type { Pick, Recommendation } from '../knowledge/recommend.ts'
import { overview } from './offline-overview.ts'
import type { OfflineTexts } from './offline-texts.ts'

/** A comparison talks about the price and this many other differences; the card shows the rest. */
const MAX_DIFFERENCES = 5

const price = (p: Product) => formatPrice(p.price, p.currency)

function picks(list: readonly Pick[], t: OfflineTexts): string {
  return list.map(({ product: p, reason }) => t.pick(p.name, price(p), reason, p.stock === 0)).join('')
}

export function recommendationAnswer(r: Recommendation, lang: Lang, t: OfflineTexts): string {
  const other = r.constraints.otherCurrency
  if (!other) return recommendationBody(r, lang, t)
  // A budget in another currency was not applied: say which currency the prices are in, and ask again.
  const note = t.otherCurrency(describeBudget(other.budget, lang, other.currency), currencySymbol(other.catalog), other.catalog)
  return `${recommendationBody(r, lang, t)}\n${note}`
}

function recommendationBody(r: Recommendation, lang: Lang, t: OfflineTexts): string {
  const currency = (r.picks[0] ?? r.nearest[0])?.product.currency
  const wanted = describeConstraints(r.constraints, lang, currency)
  if (r.picks.length) return (wanted ? t.recommend(r.picks.length, wanted) : t.browse) + picks(r.picks, t) + (r.more ? t.more : '')
  const sep = lang === 'en' ? ' ' : ''
  if (!r.nearest.length) return [t.noMatch(wanted), t.tryOther].join(sep)
  return [t.noMatch(wanted), t.nearest].join(sep) + picks(r.nearest, t)
}

/** "X5 ¥899；K9 ¥999": each product's value under its short name. */
function rowValues(table: CompareTable, values: readonly (string | null)[], lang: Lang): string {
  const missing = lang === 'en' ? 'not listed' : '未列出'
  return values.map((v, i) => `${shortName(table.products[i]!, lang)} ${v ?? missing}`).join(lang === 'en' ? '; ' : '；')
}

export function comparisonAnswer(plan: Extract<TurnPlan, { kind: 'compare' }>, lang: Lang, t: OfflineTexts): string {
  const { table } = plan
  const [first] = table.products
  // No rival on file: say so, then what we do know about our own product.
  if (table.products.length < 2) return first ? [t.noRivals(first.name), overview(first, lang, t)].join(lang === 'en' ? ' ' : '') : t.noRivals('')
  const names = joinValues(table.products.map((p) => p.name), lang)
  // The rows the visitor asked about first (even where the products agree), then the differences.
  const asked = table.rows.filter((r) => plan.asked.includes(r.key))
  const rows = [...asked, ...differences(table).filter((r) => !asked.includes(r))]
  const shown = rows.slice(0, MAX_DIFFERENCES).map((r) => t.compareRow(r.attribute, rowValues(table, r.values, lang))).join('')
  // Either the other rows agree, or there is more in the table than the answer says.
  const rest = rows.length > MAX_DIFFERENCES ? t.moreInTable : rows.length < table.rows.length ? t.sameOtherwise : ''
  const rivals = table.products.filter((p) => p.competitor).map((p) => t.competitor(p.name, '')).join(lang === 'en' ? ' ' : '')
  return `${t.compare(names)}${shown}${rest}${rivals ? `\n${rivals}` : ''}`
}

/** Alternatives are named without prices: right after "X9 多少钱", a price would read as X9's. */
export function unknownAnswer(plan: Extract<TurnPlan, { kind: 'unknown' }>, lang: Lang, t: OfflineTexts): string {
  const names = joinValues(plan.closest.map((p) => p.name), lang)
  return [t.unknown(plan.unknown.asked), ...(names ? [t.alternatives(names)] : [])].join(lang === 'en' ? ' ' : '')
}
