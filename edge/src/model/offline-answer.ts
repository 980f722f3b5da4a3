// The offline responder's answer, composed only from catalog facts: prices, stock, colours,
// attributes and FAQ of the products the turn is about, or the turn plan's recommendation,
// comparison or "not sold here" (offline-plans.ts). When the facts don't hold the answer it says so
// instead of guessing; that honesty is the point of a grounded assistant. A negative or angry
// visitor gets concise mode: an apology, what they asked (if anything), the next concrete step, and
// no product blurbs, alternatives or promotion they didn't ask for. Small talk ("在吗", "你是机器人吗",
// "讲个笑话") gets a short human answer instead of a product (offline-chitchat.ts).
import type { Product } from '../../../shared/catalog.ts'
import type { Lang } from '../../../shared/protocol.ts'
import { asksAboutOffers, factsAnswer, planAsksAboutProduct } from '../knowledge/asks.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import { attributeValues, formatPrice, isOutOfStock, joinValues } from '../knowledge/facts.ts'
import { exampleProducts } from '../knowledge/examples.ts'
import type { ProductAnswer, TurnPlan } from '../knowledge/plan.ts'
import { analyzeQuestion } from '../knowledge/question.ts'
import { CHANGE_OF_MIND_CUE, OWNERSHIP_CUE, QUALITY_CUE, RETURN_CUE, WARRANTY_CUE } from '../dialogue/aftersales/cues.ts'
import { handedOff } from '../dialogue/handoff.ts'
import { chitChat } from '../understanding/chit-chat.ts'
import { isUpset } from '../understanding/mood.ts'
import { isGeneral, isQuestion, MAX_SUBJECTS, missesFacts, namesAny } from './offline-coverage.ts'
import { overview } from './offline-overview.ts'
import { comparisonAnswer, recommendationAnswer, unknownAnswer } from './offline-plans.ts'
import { OFFLINE_TEXTS, type OfflineTexts } from './offline-texts.ts'
import type { ModelInput } from './types.ts'

/** A message that starts with a greeting ("你好，…"), when nothing else matched. */
const GREETING = /^(你好|您好|在吗|哈喽)|^(hi|hello|hey)\b/i

/** Thinking it over ("有点贵，我再考虑一下"): a statement, not a question the facts could miss. */
const HESITATION = /贵|考虑|想想|再看看|犹豫|expensive|pricey|think about|think it over|not sure/i

/** Words that make a turn after-sales: a return, a fault, a warranty, an item the visitor has or an order. */
const AFTERSALES_WORDS = [RETURN_CUE, QUALITY_CUE, CHANGE_OF_MIND_CUE, WARRANTY_CUE, OWNERSHIP_CUE, /订单|单号|\border\b/i]

/** An acknowledgement that thanks. */
const THANKS = /谢|感谢|辛苦|thank|thx|\bty\b|cheers/i
const price = (p: Product) => formatPrice(p.price, p.currency)

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

/** How many attributes "what I can confirm" lists after the price. */
const KEY_FACTS = 3

/** The price and the first few short attributes: what the facts do say about a product. */
function keyFactsOf(p: Product, lang: Lang, t: OfflineTexts): string {
  const attributes = Object.entries(p.attributes)
    .map(([key, value]) => `${key}${lang === 'en' ? ': ' : ' '}${joinValues(attributeValues(value, lang), lang)}`)
    .filter((fact) => fact.length <= 40)
    .slice(0, KEY_FACTS)
  return t.keyFacts(p.name, joinValues([price(p), ...attributes], lang === 'en' ? 'en' : 'zh-CN').replaceAll('、', '，'))
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

/** Concise mode apologises once: a later "抱歉，…" / "Sorry, …" sentence loses its apology. */
function apologiseOnce(text: string, sorry: string): string {
  if (!text.startsWith(sorry)) return text
  const rest = text.slice(sorry.length).replace(/(^|[。！？.!?]\s*)(?:抱歉，|Sorry, )(\p{Ll})?/gu, (_, before: string, first?: string) => before + (first?.toUpperCase() ?? ''))
  return sorry + rest
}

export function composeOfflineAnswer(input: ModelInput, catalog: Catalog): string {
  return apologiseOnce(composeAnswer(input, catalog), OFFLINE_TEXTS[input.lang].sorry)
}

function composeAnswer(input: ModelInput, catalog: Catalog): string {
  const { lang, question, intent, sentiment, plan } = input
  // A dialogue handler's reply is complete (its own apology, steps and next action).
  if (plan?.kind === 'dialogue') return plan.reply.text
  const t = OFFLINE_TEXTS[lang]
  const subjects = input.subjects.slice(0, MAX_SUBJECTS)
  const sep = lang === 'en' ? ' ' : ''
  const parts: string[] = []
  const concise = isUpset({ intent, sentiment })
  const examples = () => joinValues(exampleProducts(catalog).map((p) => p.name), lang)

  // "在吗" / "你好" on their own: a greeting back, never a product (even one carried from before).
  const chat = chitChat(question)
  if (chat === 'presence') return t.presence(concise)
  if (chat === 'greeting') return concise ? t.presence(true) : t.hello(examples())
  // "好的" / "谢谢": a short acknowledgement, never a product pitch.
  const passed = handedOff(input.messages.slice(0, -1))
  if (chat === 'ack') return t.ack(THANKS.test(question), passed)
  const nextStep = passed ? t.nextStepHandedOff : t.nextStep

  if (concise) parts.push(t.sorry)
  if (intent === 'human') return [...parts, t.human].join(sep)
  // "你是机器人吗", "讲个笑话": unless the plan found a real question about products in it.
  const aboutProducts = planAsksAboutProduct(plan) || plan?.kind === 'recommend' || plan?.kind === 'compare' || plan?.kind === 'unknown'
  if (chat === 'identity' && !aboutProducts) return [...parts, t.identity].join(sep)
  if (chat === 'offtopic' && !aboutProducts && !namesAny(question, subjects)) return [...parts, t.offTopic(examples())].join(sep)
  // A concrete question about a product ("X5 的定位准不准") is answered from the catalog whatever the
  // classifier guessed; only an after-sales turn the plan cannot answer gets the after-sales line.
  // "发票怎么开" is a service question, not a return: no order number is asked for without an after-sales cue.
  if (intent === 'aftersales' && !planAsksAboutProduct(plan) && !AFTERSALES_WORDS.some((cue) => cue.test(question))) {
    return [...parts, t.serviceUnknown].join(sep)
  }
  if (intent === 'aftersales' && !planAsksAboutProduct(plan)) {
    const warranty = subjects.find((p) => p.warrantyMonths !== undefined)
    if (warranty) parts.push(t.warranty(warranty.name, warranty.warrantyMonths!))
    return [...parts, t.aftersales].join(sep)
  }
  // "No coupons right now" only answers a question about deals, not a product question the classifier took for one.
  const promotion = intent === 'promotion' && (asksAboutOffers(question) || !planAsksAboutProduct(plan))
  if (promotion && !input.offered) parts.push(t.promotion)

  if (plan?.kind === 'recommend') return [...parts, recommendationAnswer(plan.recommendation, lang, t)].join(sep)
  if (plan?.kind === 'compare') return [...parts, comparisonAnswer(plan, lang, t)].join(sep)
  // Concise: say we don't sell it, without suggesting other products.
  if (plan?.kind === 'unknown') return [...parts, concise ? [t.notSold(plan.unknown.asked), nextStep].join(sep) : unknownAnswer(plan, lang, t)].join(sep)

  if (!subjects.length) {
    if (promotion) return parts.join(sep)
    if (concise) return [...parts, nextStep].join(sep)
    if (parts.length) return [...parts, t.askDetails].join(sep)
    if (GREETING.test(question.trim())) return t.hello(examples())
    const shown = question.trim().length > 20 ? `${question.trim().slice(0, 20)}…` : question.trim()
    return t.notFound(shown, examples())
  }

  const answers = answersOf(input, plan).slice(0, MAX_SUBJECTS)
  const specific = answers.flatMap((a) => factsAbout(a, lang, t))
  if (specific.length) {
    parts.push(...specific)
    // Only "the facts don't mention its X": what they do say instead, and who can check.
    if (!concise && answers.length === 1 && !answers.some(factsAnswer)) parts.push(keyFactsOf(answers[0]!.product, lang, t), t.askPerson)
  }
  // Concise: nothing concrete was asked about the product, so no blurb about it; the next step instead.
  else if (concise) return [...parts, ...(missesFacts(plan ?? { kind: 'product', answers, question, carried: false }, question) ? [t.notInFacts] : []), nextStep].join(sep)
  else if (subjects.length > 1) parts.push(t.found, ...subjects.map((p) => `${lang === 'en' ? '\n- ' : '\n· '}${overview(p, lang, t)}`))
  else {
    const asked = plan?.kind === 'product' ? plan.question : question
    // A question about this one product its facts don't answer: say so, what they do say, and who can check.
    if (!isQuestion(asked) && HESITATION.test(asked)) parts.push(t.considering)
    else if (isQuestion(asked) && !isGeneral(asked, subjects) && !promotion) parts.push(t.notInFacts, keyFactsOf(subjects[0]!, lang, t), t.askPerson)
    else parts.push(overview(subjects[0]!, lang, t))
  }
  for (const p of subjects) if (p.competitor) parts.push(concise ? t.competitor(p.name, '') : competitorNote(p, catalog, lang, t))
  return parts.join(sep)
}
