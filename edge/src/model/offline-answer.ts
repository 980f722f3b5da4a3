// The offline responder's answer, composed only from catalog facts: prices, stock, colours,
// attributes and FAQ of the products the turn is about, or the turn plan's recommendation,
// comparison or "not sold here" (offline-plans.ts). When the facts don't hold the answer it says so
// instead of guessing; that honesty is the point of a grounded assistant.
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { attributeValues, formatPrice, isOutOfStock, joinValues } from '../knowledge/facts.ts'
import { exampleProducts } from '../knowledge/examples.ts'
import type { ProductAnswer, TurnPlan } from '../knowledge/plan.ts'
import { analyzeQuestion } from '../knowledge/question.ts'
import { compact } from '../knowledge/text.ts'
import { overview } from './offline-overview.ts'
import { comparisonAnswer, recommendationAnswer, unknownAnswer } from './offline-plans.ts'
import { OFFLINE_TEXTS, type OfflineTexts } from './offline-texts.ts'
import type { ModelInput } from './types.ts'

const MAX_SUBJECTS = 3
const GREETING = /^(你好|您好|在吗|哈喽)|^(hi|hello|hey)\b/i
/** Questions that want an overview rather than one fact. */
const GENERAL = /介绍|怎么样|推荐|详情|看看|了解|是什么|有什么|适合|tell me|about|recommend|what is|show me|suggest/i
const FILLER = /[吗呢啊吧的了这那款个它呀么嘛哪有和与是]/g

const price = (p: Product) => formatPrice(p.price, p.currency)

/** True when, without product names and filler words, the question asks for nothing specific. */
function isGeneral(question: string, subjects: readonly Product[]): boolean {
  if (GENERAL.test(question)) return true
  let rest = compact(question)
  for (const p of subjects) for (const name of [p.name, p.id, ...p.aliases]) rest = rest.replaceAll(compact(name), '')
  return rest.replace(FILLER, '').length <= 2
}

/** Sentences answering the specific things asked about one product; empty when nothing specific was asked. */
function factsAbout({ product: p, analysis: a }: ProductAnswer, lang: Lang, t: OfflineTexts): string[] {
  const out: string[] = []
  if (a.faq) out.push(a.faq.a)
  if (a.colour) {
    const { asked, matches, available } = a.colour
    if (!available.length) out.push(t.colourUnknown(p.name))
    else if (matches.length) out.push(t.colourYes(p.name, joinValues(matches, lang), joinValues(available.filter((v) => !matches.includes(v)), lang)))
    else out.push(t.colourNo(p.name, asked, joinValues(available, lang)))
  }
  for (const { label, values } of a.attributes) {
    out.push(values === undefined ? t.attributeUnknown(p.name, label[lang]) : t.attribute(p.name, label[lang], joinValues(attributeValues(values, lang), lang)))
  }
  if (a.price) out.push(t.price(p.name, price(p)))
  if (a.stock) out.push(p.stock === undefined ? t.stockUnknown : isOutOfStock(p) ? t.outOfStock(p.name) : t.inStock(p.name))
  else if (out.length && isOutOfStock(p)) out.push(t.outOfStock())
  return out
}

function competitorNote(p: Product, catalog: Catalog, lang: Lang, t: OfflineTexts): string {
  const ours = catalog.all.filter((o) => !o.competitor && o.category && o.category === p.category).slice(0, 2)
  return t.competitor(p.name, joinValues(ours.map((o) => `${o.name}（${price(o)}）`), lang))
}

/** Without a plan (older callers, tests): the subjects, asked the question as it stands. */
function answersOf(input: ModelInput, plan: TurnPlan | undefined): ProductAnswer[] {
  if (plan?.kind === 'product' || plan?.kind === 'general') return plan.answers
  return input.subjects.map((product) => ({ product, analysis: analyzeQuestion(input.question, product, input.lang) }))
}

function asksAboutProduct(plan: TurnPlan | undefined): boolean {
  if (plan?.kind !== 'product' && plan?.kind !== 'general') return false
  return plan.answers.some(({ analysis: a }) => a.price || a.stock || a.colour || a.attributes.length > 0 || a.faq)
}

export function composeOfflineAnswer(input: ModelInput, catalog: Catalog): string {
  const { lang, question, intent, sentiment, plan } = input
  // A dialogue handler's reply is complete (its own apology, steps and next action).
  if (plan?.kind === 'dialogue') return plan.reply.text
  const t = OFFLINE_TEXTS[lang]
  const subjects = input.subjects.slice(0, MAX_SUBJECTS)
  const sep = lang === 'en' ? ' ' : ''
  const parts: string[] = []

  if (sentiment === 'angry' || intent === 'complaint') parts.push(t.sorry)
  if (intent === 'human') return [...parts, t.human].join(sep)
  // A concrete question about a product ("X5 的定位准不准") is answered from the catalog whatever the
  // classifier guessed; only an after-sales turn the plan cannot answer gets the after-sales line.
  if (intent === 'aftersales' && !asksAboutProduct(plan)) {
    const warranty = subjects.find((p) => p.warrantyMonths !== undefined)
    if (warranty) parts.push(t.warranty(warranty.name, warranty.warrantyMonths!))
    return [...parts, t.aftersales].join(sep)
  }
  if (intent === 'promotion') parts.push(t.promotion)

  if (plan?.kind === 'recommend') return [...parts, recommendationAnswer(plan.recommendation, lang, t)].join(sep)
  if (plan?.kind === 'compare') return [...parts, comparisonAnswer(plan, lang, t)].join(sep)
  if (plan?.kind === 'unknown') return [...parts, unknownAnswer(plan, lang, t)].join(sep)

  if (!subjects.length) {
    const names = joinValues(exampleProducts(catalog).map((p) => p.name), lang)
    if (intent === 'promotion') return parts.join(sep)
    if (parts.length) return [...parts, t.askDetails].join(sep)
    if (GREETING.test(question.trim())) return t.hello(names)
    const shown = question.trim().length > 20 ? `${question.trim().slice(0, 20)}…` : question.trim()
    return t.notFound(shown, names)
  }

  const answers = answersOf(input, plan).slice(0, MAX_SUBJECTS)
  const specific = answers.flatMap((a) => factsAbout(a, lang, t))
  if (specific.length) parts.push(...specific)
  else if (subjects.length > 1) parts.push(t.found, ...subjects.map((p) => `${lang === 'en' ? '\n- ' : '\n· '}${overview(p, lang, t)}`))
  else {
    const asked = plan?.kind === 'product' ? plan.question : question
    if (!isGeneral(asked, subjects) && intent !== 'promotion') parts.push(t.notInFacts)
    parts.push(overview(subjects[0]!, lang, t))
  }
  for (const p of subjects) if (p.competitor) parts.push(competitorNote(p, catalog, lang, t))
  return parts.join(sep)
}
