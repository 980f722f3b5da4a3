// Whether the catalog facts of a product plan hold what the visitor asked: the offline responder
// uses it to decide between a fact, an overview and "商品资料里没有直接提到这一点", and the handoff
// rules (dialogue/handoff-session.ts) count a round the facts could not answer as unresolved.
import type { Product } from '../../../shared/catalog.ts'
import type { TurnPlan } from '../knowledge/plan.ts'
import { factsAnswer } from '../knowledge/asks.ts'
import { asksAnything, isQuestion } from '../knowledge/question.ts'

export { isQuestion }
import { compact } from '../knowledge/text.ts'

/** The offline answer talks about at most this many products. */
export const MAX_SUBJECTS = 3

/** Questions that want an overview rather than one fact. */
const GENERAL = /介绍|怎么样|推荐|详情|看看|了解|是什么|有什么|适合|tell me|about|recommend|what is|show me|suggest/i
const FILLER = /[吗呢啊吧的了这那款个它呀么嘛哪有和与是]/g



/** True when, without product names and filler words, the question asks for nothing specific. */
export function isGeneral(question: string, subjects: readonly Product[]): boolean {
  if (GENERAL.test(question)) return true
  let rest = compact(question)
  for (const p of subjects) for (const name of [p.name, p.id, ...p.aliases]) rest = rest.replaceAll(compact(name), '')
  return rest.replace(FILLER, '').length <= 2
}

/** The question names one of these products (name, id or alias), rather than following up on one. */
export function namesAny(question: string, products: readonly Product[]): boolean {
  const q = compact(question)
  return products.some((p) => [p.name, p.id, ...p.aliases].some((name) => compact(name).length > 0 && q.includes(compact(name))))
}

/**
 * A product plan whose facts don't hold the answer: what was asked is not on file (an attribute
 * the catalog doesn't list: "商品资料里没有提到…"), or the one product's facts say nothing about a
 * specific question the vocabulary doesn't know ("X5 支持 NFC 吗": "商品资料里没有直接提到这一点").
 * `question` is the newest message; a product plan carries its own (follow-ups completed).
 */
export function missesFacts(plan: TurnPlan, question: string): boolean {
  if (plan.kind !== 'product' && plan.kind !== 'general') return false
  const answers = plan.answers.slice(0, MAX_SUBJECTS)
  if (!answers.length || answers.some(factsAnswer)) return false
  if (answers.some((a) => asksAnything(a.analysis))) return true
  // Nothing specific recognised: several products or an overview question get an overview, and a
  // statement ("X5 不好用") asked nothing the facts could miss.
  const asked = plan.kind === 'product' ? plan.question : question
  if (answers.length > 1 || !isQuestion(asked)) return false
  return !isGeneral(asked, [answers[0]!.product])
}
