// A calm product question: the catalog's facts answer it ("滤网多久换一次" with a 滤芯寿命 on file,
// "能过多高的门槛" with a 越障高度), and it claims nothing after-sales. Such a turn is answered from the
// facts: the classifier keeps it presales and neutral, and the after-sales handlers leave it alone,
// whatever words like 换/坏/多久/门槛 it contains. Only an order, a purchase already made, or a return
// or refund asked for makes it after-sales.
import { planAnsweredByFacts } from '../knowledge/asks.ts'
import type { TurnPlan } from '../knowledge/plan.ts'
import { isQuestion } from '../knowledge/question.ts'
import { RETURN_CUE, WARRANTY_CUE } from './aftersales/cues.ts'

/** The visitor already has the item, or names an order: "我买的…坏了", "收到就漏水", "my order". */
const AFTERSALES_CLAIM =
  /订单|单号|我买的|买的|买了|收到|到货|刚到|拿到|用了.{0,6}(?:就|后|以后|之后)|我的.{0,8}(?:坏|不工作|故障|出问题|漏)|\b(?:order|i\s+(?:bought|ordered|received|purchased|got)|arrived|just\s+got)\b|\bmy\b.{0,24}\b(?:broke|broken|stopped|leaks?|leaking|faulty|defective)\b/i

/** "介绍一下云顶2", "tell me about the Walker backpack": an overview of a product is as calm as a question. */
const OVERVIEW = /介绍|怎么样|详情|了解一下|看看|tell me about|what is|what's|show me|info (?:on|about)/i

export function isCalmProductQuestion(question: string, plan: TurnPlan): boolean {
  if (AFTERSALES_CLAIM.test(question) || RETURN_CUE.test(question)) return false
  if (planAnsweredByFacts(plan)) return true
  // Asked of a product the visitor names or points at, even when its facts fall short; a warranty
  // question its facts don't answer is the warranty policy's to answer.
  return plan.kind === 'product' && !plan.carried && (isQuestion(question) || OVERVIEW.test(question)) && !WARRANTY_CUE.test(question)
}
