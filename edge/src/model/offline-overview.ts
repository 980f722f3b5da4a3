// A product in a sentence or two for the offline responder: name, price, the description in the
// visitor's language, and an honest out-of-stock note.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { formatPrice, isOutOfStock } from '../knowledge/facts.ts'
import type { OfflineTexts } from './offline-texts.ts'

/** The description sentence(s) in the visitor's language; catalogs often mix both. */
function describeIn(description: string | undefined, lang: Lang): string {
  if (!description) return ''
  // Split after Chinese end marks and after ". " (not inside "6.7").
  const sentences = description.split(/(?<=[。！？!?])|(?<=\.)(?=\s)/).map((s) => s.trim()).filter(Boolean)
  const isChinese = (s: string) => /\p{Script=Han}/u.test(s)
  const wanted = sentences.filter((s) => (lang === 'en' ? !isChinese(s) : isChinese(s)))
  return (wanted.length ? wanted : sentences).join(lang === 'en' ? ' ' : '')
}

export function overview(p: Product, lang: Lang, t: OfflineTexts): string {
  const line = t.describe(p.name, formatPrice(p.price, p.currency), describeIn(p.description, lang))
  return isOutOfStock(p) ? `${line}${lang === 'en' ? ' ' : ''}${t.outOfStock()}` : line
}

