// Returns: a quality problem (破损, 不开机, "defective") gets the standard process (an apology, the
// steps, a prepaid label) and a ticket the shop hears about; any other reason (不喜欢, 买错了,
// "changed my mind") gets self-service steps and the return policy. A return with no reason yet is
// asked for one. (An angry visitor never gets here: the handoff handler goes first.)
import type { Product } from '../../../../shared/catalog.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import type { DialogueContext, DialogueReply } from '../types.ts'
import { caseProduct, noticeProduct, numbered, productName, shopToday, ticketCard } from './common.ts'
import { CHANGE_OF_MIND_CUE, OWNERSHIP_CUE, PRESALES_WORRY, QUALITY_CUE, RETURN_CUE, recentUserTexts } from './cues.ts'
import { daysBetween, findPurchaseDate } from './dates.ts'
import { findOrderNumber, orderPattern } from './order-number.ts'
import { ticketId } from './ticket-id.ts'

/** How many of the visitor's newest messages a return conversation spans ("我要退货" → "屏幕坏了"). */
const WINDOW = 3

type Reason = 'quality' | 'change-of-mind'

const T = {
  'zh-CN': {
    policy: '退换货政策',
    askReason: '可以的。请问是什么原因想退货呢？如果是商品质量问题（破损、故障等），我们会优先处理，运费由我们承担。',
    askReasonReplies: ['商品有质量问题', '不想要了，买错了'],
    sorry: (name?: string) => `非常抱歉，${name ? `您的${name}` : '商品'}出了问题，给您添麻烦了。我们按质量问题为您处理，运费由我们承担：`,
    qualitySteps: (order?: string) => [
      '拍下问题处的照片或视频（看得清故障和外包装），发到这里',
      order ? `订单号 ${order} 已记下` : '告诉我们您的订单号',
      '我们会发送预付费退货面单，您免运费寄回',
      '收到商品并检测后，1–3 个工作日内为您退款或换新',
    ],
    qualityTitle: (name?: string) => (name ? `${name} · 质量问题退货` : '质量问题退货'),
    opened: '已受理',
    ticketLine: (id: string) => `工单号 ${id}，处理进度会通知您。`,
    qualityReplies: ['怎么拍照片比较好？', '退款多久到账？'],
    mindIntro: (days: number) => `可以的。签收后 ${days} 天内、商品完好不影响二次销售，可以无理由退货，您可以自助办理：`,
    mindSteps: ['在「我的订单」中找到这笔订单，点「申请退货」', '选择退货原因，按页面上的地址寄回（保持商品完好、配件齐全）', '填写快递单号；我们收到并确认后 1–3 个工作日内退款'],
    mindLate: (days: number, since: number) => `按您说的购买时间，已经过了约 ${since} 天，可能超出 ${days} 天无理由退货期；如果商品有质量问题，仍然可以按质量问题处理。`,
    mindShipping: '无理由退货的寄回运费一般由买家承担。',
    mindReplies: ['其实是质量问题', '查一下保修'],
  },
  en: {
    policy: 'Return policy',
    askReason: "Of course. May I ask why you'd like to return it? If something is wrong with the item (damaged, faulty…), we handle it first and pay the shipping.",
    askReasonReplies: ["It's defective", 'I changed my mind'],
    sorry: (name?: string) => `I'm so sorry ${name ? `your ${name}` : 'the item'} has a problem. We'll handle it as a quality return, with shipping on us:`,
    qualitySteps: (order?: string) => [
      'Take photos or a video of the problem (showing the fault and the packaging) and send them here',
      order ? `Order number ${order} noted` : 'Tell us your order number',
      "We'll send you a prepaid return label, so shipping costs you nothing",
      'Once the item arrives and is checked, we refund or replace it within 1–3 working days',
    ],
    qualityTitle: (name?: string) => (name ? `${name} · quality return` : 'Quality return'),
    opened: 'Opened',
    ticketLine: (id: string) => `Your ticket number is ${id}; we'll keep you posted.`,
    qualityReplies: ['How should I take the photos?', 'How long does the refund take?'],
    mindIntro: (days: number) => `No problem. Within ${days} days of delivery, an unused item in its original condition can be returned without a reason. You can do it yourself:`,
    mindSteps: ['Open the order in "My orders" and choose "Return"', 'Pick a reason and send the item to the address shown (complete, in its original condition)', 'Enter the tracking number; we refund within 1–3 working days of receiving it'],
    mindLate: (days: number, since: number) => `From the purchase date you gave, it has been about ${since} days, which may be past the ${days}-day window; if the item is faulty, it can still be handled as a quality return.`,
    mindShipping: 'For change-of-mind returns the return shipping is usually paid by the buyer.',
    mindReplies: ["Actually it's defective", 'Check my warranty'],
  },
} satisfies Record<Lang, unknown>

const isQuality = (text: string) => QUALITY_CUE.test(text) && !PRESALES_WORRY.test(text)

/** Why the visitor returns the item, from the newest messages of the return conversation. */
function reasonOf(texts: readonly string[]): Reason | undefined {
  if (texts.some(isQuality)) return 'quality'
  if (texts.some((t) => CHANGE_OF_MIND_CUE.test(t))) return 'change-of-mind'
  return undefined
}

/** Claims a return turn: asked now, a reason given for a return asked just before, or a quality problem reported. */
export function returnsTurn(ctx: DialogueContext, now: Date): DialogueReply | undefined {
  const recent = recentUserTexts(ctx.request.messages, WINDOW)
  const current = recent[0]!
  const returnAt = recent.findIndex((t) => RETURN_CUE.test(t))
  let texts: string[]
  if (returnAt === 0) texts = recent
  else if (returnAt > 0 && (isQuality(current) || CHANGE_OF_MIND_CUE.test(current))) texts = recent.slice(0, returnAt + 1)
  else if (isQuality(current) && (OWNERSHIP_CUE.test(current) || ctx.intent === 'aftersales' || ctx.intent === 'complaint')) texts = [current]
  else return undefined

  const reason = reasonOf(texts)
  const t = T[ctx.lang]
  if (!reason) {
    return { topic: 'return:ask', text: t.askReason, brief: 'Ask why the visitor returns the item; a quality problem is handled first and shipped free.', products: [], cards: [], suggestions: t.askReasonReplies }
  }
  const product = caseProduct(ctx, texts)
  return reason === 'quality' ? qualityReturn(ctx, now, texts, product) : changeOfMindReturn(ctx, now, texts, product)
}

function policyLink(ctx: DialogueContext): { label: string; href: string } | undefined {
  const href = ctx.config.aftersales.returnPolicyUrl
  return href ? { label: T[ctx.lang].policy, href } : undefined
}

function qualityReturn(ctx: DialogueContext, now: Date, texts: readonly string[], product: Product | undefined): DialogueReply {
  const t = T[ctx.lang]
  const pattern = orderPattern(ctx.config.aftersales.orderNumber.pattern)
  const order = texts.map((text) => findOrderNumber(text, pattern, findPurchaseDate(text, shopToday(ctx.config, now))?.text)).find((f) => f?.kind === 'order')?.value
  const today = shopToday(ctx.config, now)
  const id = ticketId(today, [ctx.request.visitorId, ctx.request.sessionId, 'quality', product?.id, order])
  const name = productName(product, ctx.lang)
  const steps = t.qualitySteps(order)
  const link = policyLink(ctx)
  return {
    topic: 'return:quality',
    text: `${t.sorry(name)}\n${numbered(steps)}\n${t.ticketLine(id)}`,
    brief: `Quality return: ticket ${id} is open${order ? ` for order ${order}` : ''}. Apologise once; give the steps; the shop pays shipping (prepaid label). Do not promise anything else.`,
    products: product ? [product] : [],
    cards: [ticketCard({ id, kind: 'quality', status: t.opened, title: t.qualityTitle(name), steps, ...(link && { link }) }, product)],
    suggestions: t.qualityReplies,
    notice: {
      type: 'ticket',
      data: { id, kind: 'quality', status: 'opened', ...(product && { product: noticeProduct(product) }), ...(order && { orderNumber: order }), problem: texts.join('\n') },
    },
  }
}

function changeOfMindReturn(ctx: DialogueContext, now: Date, texts: readonly string[], product: Product | undefined): DialogueReply {
  const t = T[ctx.lang]
  const { returnDays } = ctx.config.aftersales
  const today = shopToday(ctx.config, now)
  const bought = texts.map((text) => findPurchaseDate(text, today)).find((f) => f?.kind === 'date')
  const since = bought?.kind === 'date' ? daysBetween(bought.date, today) : undefined
  const link = policyLink(ctx)
  const lines = [t.mindIntro(returnDays), numbered(t.mindSteps), t.mindShipping]
  if (since !== undefined && since > returnDays) lines.push(t.mindLate(returnDays, since))
  if (link) lines.push(`[${link.label}](${link.href})`)
  return {
    topic: 'return:change-of-mind',
    text: lines.join('\n'),
    brief: `Change-of-mind return: self-service within ${returnDays} days of delivery, item unused and complete${link ? `; policy: ${link.href}` : ''}. Give the steps; no ticket is opened.`,
    products: product ? [product] : [],
    cards: [],
    suggestions: t.mindReplies,
  }
}

