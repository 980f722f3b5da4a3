// What kind of answer a turn needs, decided once from the question and the conversation, so the
// offline responder, the LLM prompt, the cards and the quick replies all agree: facts about named
// or focused products, a recommendation, a comparison, an honest "we don't sell that", or a search.
import type { Product } from '../../../shared/catalog.ts'
import type { ChatMessage, Lang, PageContext } from '../../../shared/protocol.ts'
import { subjectsOf, type Catalog } from './catalog.ts'
import { asksAboutOtherBrands, asksComparison, compareTable, competitorsOf, ourCounterpart, type CompareTable } from './compare.ts'
import { hasConstraints, hasTerm, parseConstraints, satisfies, type Constraints } from './constraints.ts'
import { asksAboutOffers, planAsksAboutProduct } from './asks.ts'
import { findFocus } from './focus.ts'
import { namedIn, RECOMMEND_CUE } from './naming.ts'
import { asksForMore, carriedQuestion, earlierQuestions, isBareFollowUp, pointsAtFocus, pointsAtPage } from './follow-up.ts'
import { analyzeQuestion, asksAnything, type QuestionAnalysis } from './question.ts'
import { recommend, type Recommendation } from './recommend.ts'
import { wordsPattern, type Vocabulary } from './synonyms.ts'
import { closestProducts, findUnknownProduct, namedRivalBrand, type UnknownProduct } from './unknown.ts'
import type { DialogueReply } from '../dialogue/types.ts'

export interface ProductAnswer {
  product: Product
  analysis: QuestionAnalysis
}

export type TurnPlan =
  /** Facts about the named products, or the ones in focus; `question` is what is asked of them. */
  | { kind: 'product'; answers: ProductAnswer[]; question: string; carried: boolean }
  | { kind: 'recommend'; recommendation: Recommendation }
  /** `otherBrands`: the visitor asked how we compare with other brands; `asked`: attribute keys the question names. */
  | { kind: 'compare'; table: CompareTable; otherBrands: boolean; asked: string[] }
  | { kind: 'unknown'; unknown: UnknownProduct; closest: Product[] }
  /** Nothing specific: the best keyword matches, possibly none. */
  | { kind: 'general'; answers: ProductAnswer[] }
  /** A handoff, guided-selling flow, return or warranty turn, answered whole by a dialogue handler. */
  | { kind: 'dialogue'; reply: DialogueReply }

export interface PlanRequest {
  messages: ChatMessage[]
  page: PageContext
  lang: Lang
  /** The search ad's lead product (marketing/landing.ts), for questions nothing else points at. */
  landing?: Product
}

/** Words that set one thing against another, for comparisons with the product in focus. */
const COMPARE_WITH = /比(?!如)|对比|相比|pk|\bvs\.?(?![a-z])|versus|compar/i
/** "那1000以内呢": a refinement of the previous request. */
const REFINEMENT = /呢|\b(what|how) about\b|\band\b|\binstead\b/i

/** A plan with nothing found: a product we don't sell, or a question nothing in the catalog matched. */
export function findsNothing(plan: TurnPlan): boolean {
  return plan.kind === 'unknown' || (plan.kind === 'general' && plan.answers.length === 0)
}

/** The products a plan is about: what cards show and what the LLM is given. */
export function planProducts(plan: TurnPlan): Product[] {
  switch (plan.kind) {
    case 'product':
    case 'general':
      return plan.answers.map((a) => a.product)
    case 'recommend':
      return (plan.recommendation.picks.length ? plan.recommendation.picks : plan.recommendation.nearest).map((p) => p.product)
    case 'compare':
      return plan.table.products
    case 'unknown':
      return plan.closest
    case 'dialogue':
      return plan.reply.products
  }
}

interface Context {
  question: string
  named: Product[]
  focus: Product[]
  catalog: Catalog
  vocabulary: Vocabulary
  request: PlanRequest
}

function comparePlan({ question, named, focus, catalog, vocabulary, request }: Context): TurnPlan | undefined {
  const compare = (products: Product[], otherBrands = false): TurnPlan => {
    const table = compareTable(products, request.lang, vocabulary)
    // "Z7 Lite 比 Z7 轻吗" is about weight: that row leads the answer.
    const named = vocabulary.attributeHits(question).flatMap((h) => h.entry.keys)
    const literal = table.rows.map((r) => r.key).filter((k) => k !== 'price' && question.toLowerCase().includes(k.toLowerCase()))
    const asked = table.rows.map((r) => r.key).filter((k) => named.includes(k) || literal.includes(k))
    return { kind: 'compare', table, otherBrands, asked }
  }
  if (asksAboutOtherBrands(question)) {
    const base = named.find((p) => !p.competitor) ?? (named.length ? undefined : focus.find((p) => !p.competitor))
    if (base) return compare([base, ...competitorsOf(catalog, base)], true)
  }
  // "X5和小天才哪个好": another brand by name. With its records on file, compare with those; without,
  // the honest other-brands comparison: no facts about that brand, only our product's.
  // Without our product named, only an explicit "比/vs" compares the one in focus ("小米哪个颜色好看" doesn't).
  const weighs = named.length === 1 ? asksComparison(question) : !named.length && COMPARE_WITH.test(question)
  const brand = weighs && !named.some((p) => p.competitor) ? namedRivalBrand(question, catalog) : undefined
  const ourProduct = brand && (named[0] ?? focus.find((p) => !p.competitor))
  if (brand && ourProduct) {
    const rivals = brand.records.filter((r) => r.category === ourProduct.category)
    return rivals.length ? compare([ourProduct, ...rivals]) : compare([ourProduct], true)
  }
  if (named.length >= 2 && asksComparison(question)) return compare(named)
  const rival = named.length === 1 && named[0]!.competitor ? named[0]! : undefined
  const ours = rival && ourCounterpart(catalog, rival, focus[0])
  if (rival && ours) return compare([ours, rival])
  const other = focus[0]
  if (named.length === 1 && other && other.id !== named[0]!.id && asksComparison(question)) return compare([other, named[0]!])
  if (!named.length && focus.length >= 2 && asksComparison(question)) return compare(focus)
  return undefined
}

/** The constraints of the newest earlier question that asked for a recommendation, if any. */
function earlierRequest(ctx: Context): Constraints | undefined {
  for (const text of earlierQuestions(ctx.request.messages)) {
    if (ctx.catalog.mentions(text).length) return undefined
    const c = parseConstraints(text, ctx.catalog.all, ctx.vocabulary)
    if (hasConstraints(c)) return c
  }
  return undefined
}

/** Products the assistant already showed, so "还有别的吗" shows others. */
function shownEarlier(ctx: Context): Set<string> {
  const shown = ctx.request.messages.slice(0, -1).filter((m) => m.role === 'assistant')
  return new Set(shown.flatMap((m) => ctx.catalog.mentions(m.content).map((p) => p.id)))
}

/** A budget-only question about a product in focus means "like this one": its category. */
function withFocusCategory(c: Constraints, focused: Product | undefined): Constraints {
  if (c.terms.length || !focused?.category) return c
  return { ...c, terms: [{ entry: { words: [focused.category], pattern: wordsPattern([focused.category]) }, asked: focused.category }] }
}

/** The product's own facts answer the question: a FAQ entry or an attribute it has. */
function answeredBy(question: string, product: Product, { request, vocabulary }: Context): boolean {
  const a = analyzeQuestion(question, product, request.lang, vocabulary)
  return a.faq !== undefined || a.attributes.some((x) => x.values !== undefined)
}

function recommendPlan(ctx: Context, c: Constraints, exclude?: Set<string>): TurnPlan {
  const { catalog, question, vocabulary, request } = ctx
  return { kind: 'recommend', recommendation: recommend(catalog, question, c, { lang: request.lang, vocabulary, exclude }) }
}

/** Questions that name no product: another brand's, a recommendation, or a refinement of one. */
function unnamedPlan(ctx: Context): TurnPlan | undefined {
  const { question, focus, catalog, vocabulary } = ctx
  const c = parseConstraints(question, catalog.all, vocabulary)
  const unknown = findUnknownProduct(question, catalog)
  if (unknown) {
    const byTerms = c.terms.length ? (p: Product) => satisfies(p, { terms: c.terms }) : undefined
    return { kind: 'unknown', unknown, closest: closestProducts(catalog, unknown, question, byTerms) }
  }
  const earlier = earlierRequest(ctx)
  if (earlier && !hasConstraints(c) && asksForMore(question)) return recommendPlan(ctx, earlier, shownEarlier(ctx))
  if (earlier && hasConstraints(c) && !c.terms.length && REFINEMENT.test(question)) {
    // "那$300以内呢" in a ¥ shop replaces the earlier budget with one we can't apply: neither filters.
    const budget = c.otherCurrency ? undefined : (c.budget ?? earlier.budget)
    const { budget: _replaced, ...rest } = earlier
    return recommendPlan(ctx, { ...rest, ...c, ...(budget && { budget }), terms: earlier.terms, recipient: c.recipient ?? earlier.recipient })
  }
  const focused = focus[0]
  // "推荐一下" with nothing to go by: a few of our products, and the visitor can narrow it down.
  if (!hasConstraints(c) && !focused && RECOMMEND_CUE.test(question)) return recommendPlan(ctx, c)
  if (!hasConstraints(c) || (focused && pointsAtFocus(question))) return undefined
  if (!focused) return recommendPlan(ctx, c)
  // With a product in focus, "防水吗" or "有紫色吗" asks about it; a budget, another kind of
  // product or an explicit "推荐" asks for a recommendation.
  // "可以用手机控制吗" on a page whose FAQ answers it is about that product, whatever words it shares with other kinds.
  if (!c.budget && !RECOMMEND_CUE.test(question) && answeredBy(question, focused, ctx)) return undefined
  const otherKind = c.terms.some((t) => !hasTerm(focused, t.entry))
  if (c.budget || otherKind || RECOMMEND_CUE.test(question)) return recommendPlan(ctx, withFocusCategory(c, otherKind ? undefined : focused))
  return undefined
}

function productPlan({ question, named, focus, catalog, vocabulary, request }: Context): TurnPlan | undefined {
  const products = named.length ? named : focus
  if (!products.length) return undefined
  // "那Z7 Lite呢" asks the previous question again, of another product.
  const carried = isBareFollowUp(question, named) ? carriedQuestion(catalog, request.messages) : undefined
  const asked = carried ?? question
  const answers = products.map((product) => ({ product, analysis: analyzeQuestion(asked, product, request.lang, vocabulary) }))
  return { kind: 'product', answers, question: asked, carried: carried !== undefined }
}

/** The ad's product, when the question asks something of it ("防水吗", "这款多少钱"); not for "你好". */
function landingAsked(request: PlanRequest, question: string, vocabulary: Vocabulary): Product | undefined {
  const product = request.landing
  if (!product) return undefined
  return asksAnything(analyzeQuestion(question, product, request.lang, vocabulary)) || pointsAtFocus(question) ? product : undefined
}

export function planTurn(request: PlanRequest, catalog: Catalog, vocabulary: Vocabulary): TurnPlan {
  const question = request.messages.at(-1)!.content
  // "它的除湿量是多少" is about the product in focus, even if another one's name has 除湿量 in it.
  const exact = catalog.mentions(question)
  const pointed = !exact.length && pointsAtFocus(question) && findFocus(catalog, request.messages, request.page).length > 0
  const named = pointed ? exact : namedIn(question, catalog)
  const preferPage = !named.length && isBareFollowUp(question, named) && pointsAtPage(question)
  const focus = findFocus(catalog, request.messages, request.page, { preferPage, landing: landingAsked(request, question, vocabulary) })
  const ctx: Context = { question, named, focus, catalog, vocabulary, request }
  const plan = comparePlan(ctx) ?? (named.length ? undefined : unnamedPlan(ctx)) ?? productPlan(ctx)
  // "有优惠券吗？" on a product page or after a product answer is about offers, not that product:
  // no blurb or card for it ("这款有优惠吗" points at it and keeps it).
  if (plan?.kind === 'product' && !named.length && asksAboutOffers(question) && !pointsAtFocus(question) && !planAsksAboutProduct(plan)) return { kind: 'general', answers: [] }
  if (plan) return plan
  const found = subjectsOf(catalog.retrieveSnippets(question))
  return { kind: 'general', answers: found.map((product) => ({ product, analysis: analyzeQuestion(question, product, request.lang, vocabulary) })) }
}
