// The offline responder's answer, composed only from catalog facts: prices, stock, colours,
// attributes and FAQ of the products the turn is about. When the facts don't hold the answer it
// says so instead of guessing; that honesty is the point of a grounded assistant.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { attributeValues, formatPrice, isOutOfStock, joinValues } from '../knowledge/facts.ts'
import { analyzeQuestion } from '../knowledge/question.ts'
import { compact } from '../knowledge/text.ts'
import { OFFLINE_TEXTS, type OfflineTexts } from './offline-texts.ts'
import type { ModelInput } from './types.ts'

const MAX_SUBJECTS = 3
const GREETING = /^(你好|您好|在吗|哈喽)|^(hi|hello|hey)\b/i
/** Questions that want an overview rather than one fact. */
const GENERAL = /介绍|怎么样|推荐|详情|看看|了解|是什么|有什么|适合|tell me|about|recommend|what is|show me|suggest/i
const FILLER = /[吗呢啊吧的了这那款个它呀么嘛哪有和与是]/g

const price = (p: Product) => formatPrice(p.price, p.currency)

/** The description sentence(s) in the visitor's language; catalogs often mix both. */
function describeIn(description: string | undefined, lang: Lang): string {
  if (!description) return ''
  // Split after Chinese end marks and after ". " (not inside "6.7").
  const sentences = description.split(/(?<=[。！？!?])|(?<=\.)(?=\s)/).map((s) => s.trim()).filter(Boolean)
  const isChinese = (s: string) => /\p{Script=Han}/u.test(s)
  const wanted = sentences.filter((s) => (lang === 'en' ? !isChinese(s) : isChinese(s)))
  return (wanted.length ? wanted : sentences).join(lang === 'en' ? ' ' : '')
}

/**
 * A few real products to point at when nothing matched: one per category, never a competitor's,
 * products people have short names for (aliases) before accessories that have none.
 */
function examples(catalog: Catalog, count = 3): Product[] {
  const byCategory = new Map<string, Product>()
  const candidates = catalog.all.filter((p) => !p.competitor).sort((a, b) => Number(!a.aliases.length) - Number(!b.aliases.length))
  for (const p of candidates) if (!byCategory.has(p.category ?? p.id)) byCategory.set(p.category ?? p.id, p)
  return [...byCategory.values()].slice(0, count)
}

/** True when, without product names and filler words, the question asks for nothing specific. */
function isGeneral(question: string, subjects: readonly Product[]): boolean {
  if (GENERAL.test(question)) return true
  let rest = compact(question)
  for (const p of subjects) for (const name of [p.name, p.id, ...p.aliases]) rest = rest.replaceAll(compact(name), '')
  return rest.replace(FILLER, '').length <= 2
}

/** Sentences answering the specific things asked about one product; empty when nothing specific was asked. */
function factsAbout(p: Product, question: string, lang: Lang, t: OfflineTexts): string[] {
  const a = analyzeQuestion(question, p, lang)
  const out: string[] = []
  if (a.faq) out.push(a.faq.a)
  if (a.colour) {
    const { asked, matches, available } = a.colour
    if (!available.length) out.push(t.colourUnknown(p.name))
    else if (matches.length) out.push(t.colourYes(p.name, joinValues(matches, lang), joinValues(available.filter((v) => !matches.includes(v)), lang)))
    else out.push(t.colourNo(p.name, asked, joinValues(available, lang)))
  }
  if (a.attribute && !a.faq && !(a.colour && a.attribute.topic?.keys.includes('颜色'))) {
    const label = (lang === 'en' ? a.attribute.topic?.label.en : undefined) ?? a.attribute.key ?? a.attribute.topic?.label[lang] ?? ''
    const { values } = a.attribute
    out.push(values === undefined ? t.attributeUnknown(p.name, label) : t.attribute(p.name, label, joinValues(attributeValues(values, lang), lang)))
  }
  if (a.price) out.push(t.price(p.name, price(p)))
  if (a.stock) out.push(p.stock === undefined ? t.stockUnknown : isOutOfStock(p) ? t.outOfStock(p.name) : t.inStock(p.name))
  else if (out.length && isOutOfStock(p)) out.push(t.outOfStock())
  return out
}

function overview(p: Product, lang: Lang, t: OfflineTexts): string {
  const line = t.describe(p.name, price(p), describeIn(p.description, lang))
  return isOutOfStock(p) ? `${line}${lang === 'en' ? ' ' : ''}${t.outOfStock()}` : line
}

function competitorNote(p: Product, catalog: Catalog, lang: Lang, t: OfflineTexts): string {
  const ours = catalog.all.filter((o) => !o.competitor && o.category && o.category === p.category).slice(0, 2)
  return t.competitor(p.name, joinValues(ours.map((o) => `${o.name}（${price(o)}）`), lang))
}

export function composeOfflineAnswer(input: ModelInput, catalog: Catalog): string {
  const { lang, question, intent, sentiment } = input
  const t = OFFLINE_TEXTS[lang]
  const subjects = input.subjects.slice(0, MAX_SUBJECTS)
  const sep = lang === 'en' ? ' ' : ''
  const parts: string[] = []

  if (sentiment === 'angry' || intent === 'complaint') parts.push(t.sorry)
  if (intent === 'human') return [...parts, t.human].join(sep)
  if (intent === 'aftersales') {
    const warranty = subjects.find((p) => p.warrantyMonths !== undefined)
    if (warranty) parts.push(t.warranty(warranty.name, warranty.warrantyMonths!))
    return [...parts, t.aftersales].join(sep)
  }
  if (intent === 'promotion') parts.push(t.promotion)

  if (!subjects.length) {
    const names = joinValues(examples(catalog).map((p) => p.name), lang)
    if (intent === 'promotion') return parts.join(sep)
    if (parts.length) return [...parts, t.askDetails].join(sep)
    if (GREETING.test(question.trim())) return t.hello(names)
    const shown = question.trim().length > 20 ? `${question.trim().slice(0, 20)}…` : question.trim()
    return t.notFound(shown, names)
  }

  const specific = subjects.flatMap((p) => factsAbout(p, question, lang, t))
  if (specific.length) parts.push(...specific)
  else if (subjects.length > 1) parts.push(t.found, ...subjects.map((p) => `${lang === 'en' ? '\n- ' : '\n· '}${overview(p, lang, t)}`))
  else {
    if (!isGeneral(question, subjects) && intent !== 'promotion') parts.push(t.notInFacts)
    parts.push(overview(subjects[0]!, lang, t))
  }
  for (const p of subjects) if (p.competitor) parts.push(competitorNote(p, catalog, lang, t))
  return parts.join(sep)
}
