// A calm product question: the visitor names or points at a catalog product (or one is in focus and
// the question asks a property of it: `planAsksAboutProduct`) and asks about it, claiming nothing
// after-sales. "滤网多久换一次", "能过多高的门槛", "HEPA滤网吗", "能机洗吗", "会不会撞坏家具" are such
// questions whatever their words: the classifier keeps them presales and neutral, the after-sales
// handlers and the flows leave them alone, and only an unmistakable request for a person hands off.
// An order, a purchase already made ("我买的", "收到就", "用了一周后"), a return or refund, or a fault
// reported with "what now" ("屏幕坏了怎么办") makes the turn after-sales again.
import type { Product } from '../../../shared/catalog.ts'
import { planAnsweredByFacts, planAsksAboutProduct } from '../knowledge/asks.ts'
import { pointsAtFocus } from '../knowledge/follow-up.ts'
import { planProducts, type TurnPlan } from '../knowledge/plan.ts'
import { concepts } from '../understanding/concepts.ts'
import { normalize } from '../understanding/text.ts'
import { QUALITY_CUE, RETURN_CUE } from './aftersales/cues.ts'

export interface ProductQuestion {
  /** A calm question about a catalog product, with no after-sales claim. */
  calm: boolean
  /** The message names a product of the plan or points at the one in focus ("这款", "it"). */
  named: boolean
}

/** An order or its number: "订单号", "my order". */
const ORDER = /订单|单号|\border\s*(?:number|no\.?|#)|\bmy\s+order\b|\border\s+\d/i

/** A purchase already made or an item already in hand: "我买的", "收到就", "到手后", "用了一周". */
const PURCHASED =
  /我买的|我(?:刚|前天|昨天|上周|上个月|去年)?买了|刚买的?|已经买|(?:已|刚)?收到(?:了|的|货|后|之后|以后|就|时)|到货(?:了|后|之后|就)|刚到(?:货|手)?|拿到(?:了|手|后|之后|就)|到手(?:了|后|之后|以后|就|才)|签收|用了(?:[一两二三四五六七八九十几半\d]+)|用了.{0,6}(?:就|后|以后|之后)|\bi\s+(?:bought|ordered|received|purchased|got)\b|\b(?:it|they|mine|the\s+\w+)\s+arrived\b|\bjust\s+got\b|\bafter\s+(?:using|a\s+(?:day|week|month)|\d+\s+(?:days|weeks|months))\b/i

/** The visitor's own item with a problem: "我的X5定位不准", "my filter is leaking". */
const OWN_PROBLEM =
  /(?:我的|我家的?|咱家的?)[^，。,.!?！？]{0,12}(?:坏|不准|不行了|不好用了|有问题|出问题|不工作|故障|异响|漏|不亮|没反应|失灵)|\bmy\b[^,.!?]{0,24}\b(?:broke|broken|stopped|leaks?|leaking|faulty|defective|not\s+working|doesn'?t\s+work|won'?t)\b/i

/** A fault reported with "what now": "屏幕坏了怎么办", "it broke, what do I do". */
const FAULT_WHAT_NOW = /怎么办|咋办|怎么处理|怎么弄|怎么修|能修吗|给修吗|能不能修|修一下|售后|\bwhat\s+(?:should|do|can)\s+i\s+do\b|\bcan\s+you\s+fix\b|\bhow\s+do\s+i\s+get\s+it\s+(?:fixed|repaired)\b/i

/** "万一坏了怎么办": a worry before buying, not a fault. */
const HYPOTHETICAL = /万一|如果|要是|假如|假设|会不会|容易|\bif\b|\bwhat\s+if\b|\bin\s+case\b/i
/** A clause that asks something. */
const ASKS_CLAUSE = /[?？]|吗|么|呢|嘛|多少|几|什么|啥|怎么|如何|能不能|可不可以|有没有|是不是|\b(?:does|do|is|are|can|could|will|how|what|which)\b/i
/** A clause about repair, exchange or warranty. */
const AFTERSALES_CLAUSE = /修|换|退|保修|质保|售后|\b(?:fix|repair|replace|exchange|return|refund|warranty)\b/i

/**
 * "屏幕坏了怎么办" reports a fault; "地毯坏了怎么办，好打理吗" weighs one before buying (its other
 * question asks a property), and "万一坏了怎么办" only worries.
 */
function reportsFault(question: string): boolean {
  if (!QUALITY_CUE.test(question) || !FAULT_WHAT_NOW.test(question) || HYPOTHETICAL.test(question)) return false
  const clauses = question.split(/[,，。;；!！]+/).filter((c) => c.trim())
  return clauses.every((c) => (QUALITY_CUE.test(c) && FAULT_WHAT_NOW.test(c)) || !ASKS_CLAUSE.test(c) || AFTERSALES_CLAUSE.test(c))
}

/** Whether the message claims something after-sales: an order, a purchase, a return, the visitor's own faulty item. */
export function claimsAftersales(question: string): boolean {
  return ORDER.test(question) || PURCHASED.test(question) || OWN_PROBLEM.test(question) || RETURN_CUE.test(question) || reportsFault(question)
}

/** Reads as a question or a request for facts, not a statement ("X5 不好用"). */
const ASKS =
  /[?？]|吗|么|呢|嘛|还是|多少|几|什么|啥|怎么|如何|是否|能否|能不能|可不可以|会不会|有没有|是不是|支不支持|多[久高大重长宽厚深远]|哪|介绍|怎么样|详情|了解一下|看看|(?:^|[,.;:!，。；：！]\s*)(?:does|do|is|are|can|could|will|would|what|which|how|has|have|should|tell\s+me)\b|\b(?:tell\s+me\s+about|what\s+is|what's|show\s+me|info\s+(?:on|about))\b/i

/**
 * Cues of a service or a grievance rather than a product's properties (delivery, invoices, warranty,
 * complaints, a callback; and deals or repairs unless a fact of the product is asked): a message
 * with one of these is the classifier's and the handlers' to read ("X5怎么还没发货？", "X5 保修多久").
 */
const AFTERSALES_CUES = new Set(['@delivery', '@order', '@invoice', '@contact', '@complain', '@insult', '@slow', '@aftersvc', '@refund', '@return', '@warranty'])
const SERVICE_CUES = new Set([...AFTERSALES_CUES, '@discount', '@campaign', '@repair', '@botrefusal'])

/** Segments of a name a visitor uses for it: model codes, brand and name words, a category's head noun ("机器人" of 扫地机器人). */
function namePieces(p: Product): string[] {
  const texts = [p.name, p.id, p.brand ?? '', p.category ?? '', ...p.aliases]
  const pieces = new Set<string>()
  for (const text of texts) {
    for (const segment of normalize(text).split(/[\s()（）【】[\]、,，/·|+:：;；"'“”]+/)) {
      if (!segment) continue
      if (/[a-z]/.test(segment) && /\d/.test(segment)) pieces.add(segment)
      else if (/^[a-z][a-z'-]{2,}$/.test(segment)) pieces.add(segment)
      const han = segment.match(/\p{Script=Han}+/gu) ?? []
      for (const run of han) {
        if (run.length >= 2) pieces.add(run)
        if (run.length >= 4) pieces.add(run.slice(-3))
        if (run.length >= 3) pieces.add(run.slice(-2))
      }
    }
  }
  return [...pieces]
}

function namesProduct(question: string, p: Product): boolean {
  const q = normalize(question)
  return namePieces(p).some((piece) => (/^[a-z0-9'-]+$/.test(piece) ? new RegExp(`(?<![a-z0-9])${piece.replace(/[-']/g, '\\$&')}(?![a-z0-9])`).test(q) : q.includes(piece)))
}

/** Asking for products to be chosen ("油皮用什么洁面？", "which one should I get"): a search, not a question about one. */
const CHOOSE = /推荐|用什么|买什么|选什么|挑什么|哪款|哪个好|哪种|哪一款|有什么好|有啥好|什么.{0,4}好用|\b(?:which\s+(?:one|should|would|do\s+you)|recommend|suggest|what\s+should\s+i\s+(?:buy|get|use))\b/i

export function readProductQuestion(question: string, plan: TurnPlan): ProductQuestion {
  const products = plan.kind === 'product' || plan.kind === 'general' || plan.kind === 'compare' ? planProducts(plan) : []
  const named = products.length > 0 && (pointsAtFocus(question) || products.some((p) => namesProduct(question, p)))
  if (!products.length || claimsAftersales(question)) return { calm: false, named }
  // A request to choose is a search (a flow may take it), even when a product's generic name is in
  // it ("油皮用什么洁面？" on the cleanser's page), unless it points at one ("这款推荐吗").
  if (plan.kind !== 'compare' && CHOOSE.test(question) && !pointsAtFocus(question)) return { calm: false, named }
  // "AP-300 vs RV-9 哪个更值得买": two of the shop's products set side by side.
  if (plan.kind === 'compare') return { calm: true, named }
  const cues = concepts(normalize(question))
  // A property asked of a product named, pointed at, in focus or found ("滤网多久换一次"), unless the
  // question is about delivery, an invoice or its warranty, which have their own answers (a warranty
  // its own facts state, "电机5年", is the product's to answer).
  if (planAsksAboutProduct(plan)) {
    const ownWarranty = planAnsweredByFacts(plan)
    return { calm: !cues.some((c) => AFTERSALES_CUES.has(c) && !(c === '@warranty' && ownWarranty)), named }
  }
  // Asked of a product the visitor names or points at, even when its facts fall short ("X5 SOS功能怎么用",
  // "这个表是真人试戴图吗"), unless it is about a service or a grievance; the question carried over
  // from an earlier turn ("那Z7 Lite呢") is the earlier turn's.
  const calm = plan.kind === 'product' && !plan.carried && named && ASKS.test(question) && !cues.some((c) => SERVICE_CUES.has(c))
  return { calm, named }
}
