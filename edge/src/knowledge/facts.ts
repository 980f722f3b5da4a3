// How catalog facts read in answers, prompts and cards: one place for prices and attribute values,
// so the model, the offline responder and the cards can never disagree about a number.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'

const CURRENCY_SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', GBP: '£', JPY: '¥', HKD: 'HK$' }

/** `CNY` → `¥`; a currency without a sign keeps its code. */
export function currencySymbol(currency: string): string {
  return CURRENCY_SYMBOLS[currency.toUpperCase()] ?? currency.toUpperCase()
}

/** `899 CNY` → `¥899`; unknown currencies keep their code: `899 CHF`. */
export function formatPrice(price: number, currency: string): string {
  const amount = Number.isInteger(price) ? String(price) : price.toFixed(2)
  const symbol = CURRENCY_SYMBOLS[currency.toUpperCase()]
  return symbol ? `${symbol}${amount}` : `${amount} ${currency}`
}

export type AttributeValue = Product['attributes'][string]

/** An attribute value as a list of strings: `["粉色", "蓝色"]`, `"35g"` → `["35g"]`, `true` → `["是"]`. */
export function attributeValues(value: AttributeValue, lang: Lang = 'zh-CN'): string[] {
  if (Array.isArray(value)) return value.map(String)
  if (typeof value === 'boolean') return [value ? (lang === 'en' ? 'yes' : '是') : lang === 'en' ? 'no' : '否']
  return [String(value)]
}

export function joinValues(values: readonly string[], lang: Lang): string {
  return values.join(lang === 'en' ? ', ' : '、')
}

/** What people call a product: its first alias, for English visitors its first alias without Chinese. */
export function shortName(product: Product, lang: Lang = 'zh-CN'): string {
  const latin = lang === 'en' ? product.aliases.find((a) => !/\p{Script=Han}/u.test(a)) : undefined
  return latin ?? product.aliases[0] ?? product.name
}

export function isOutOfStock(product: Product): boolean {
  return product.stock === 0
}
