// Whether a turn asks something concrete of a product (its price, stock, a colour, an attribute, a
// FAQ), as opposed to only naming or pointing at one. Small talk and an upset "没用" ask nothing:
// they get no product facts, blurbs or cards (model/offline-answer.ts, chat-turn.ts).
import type { TurnPlan } from './plan.ts'
import type { QuestionAnalysis } from './question.ts'

export function asksSomething(a: QuestionAnalysis): boolean {
  return a.price || a.stock || !!a.colour || a.attributes.length > 0 || !!a.faq
}

export function planAsksAboutProduct(plan: TurnPlan | undefined): boolean {
  if (plan?.kind !== 'product' && plan?.kind !== 'general') return false
  return plan.answers.some(({ analysis }) => asksSomething(analysis))
}
