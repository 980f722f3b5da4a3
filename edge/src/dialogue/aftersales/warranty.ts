// Warranty check: needs the product, the order number and the purchase date, in one message
// ("订单号 202311150123，去年3月买的") or over several turns (read from the visitor's newest messages
// since they asked). The status comes from the product's warrantyMonths (catalog) or the config's
// default, counted from the purchase date to the shop's today. A wrong order number, a future or
// unreadable date is answered by asking again, saying what is expected.
import type { Product } from '../../../../shared/catalog.ts'
import { localized } from '../../../../shared/config.ts'
import type { Lang } from '../../../../shared/protocol.ts'
import { exampleProducts } from '../../knowledge/examples.ts'
import type { DialogueContext, DialogueReply } from '../types.ts'
import { caseProduct, noticeProduct, numbered, productName, shopToday, ticketCard } from './common.ts'
import { OWNERSHIP_CUE, RETURN_CUE, WARRANTY_CUE, recentUserTexts } from './cues.ts'

/** "保修多久", "质保几年", "how long is the warranty": a question about the policy itself. */
const ASKS_LENGTH = /多久|多长|几年|几个月|多少个?月|多少年|\bhow\s+long\b|\bhow\s+many\s+(?:months|years)\b|\bwhat(?:'s|\s+is)\s+the\s+warranty\b/i
import { addDays, addMonths, findPurchaseDate, formatYmd, ymdKey, type DateFinding, type Ymd } from './dates.ts'
import { findOrderNumber, orderPattern, type OrderFinding } from './order-number.ts'
import { ticketId } from './ticket-id.ts'

/** How many of the visitor's newest messages a warranty check spans. */
const WINDOW = 4

type Missing = 'product' | 'order' | 'date'

const T = {
  'zh-CN': {
    intro: (name?: string) => (name ? `可以帮您查 ${name} 的保修。` : '可以帮您查保修。'),
    missing: { product: '是哪款商品', order: '订单号', date: '购买日期' } as Record<Missing, string>,
    ask: (items: string[], example: boolean) => `请告诉我${items.length > 1 ? `${items.slice(0, -1).join('、')}和${items.at(-1)}` : items[0]}${example ? '（例如：订单号 202311150123，2025年3月2日买的）' : ''}。`,
    badOrder: (value: string, hint: string) => `订单号「${value}」好像不对：订单号是${hint}，可以在「我的订单」里找到，请再发一次。`,
    future: (text: string) => `购买日期「${text}」还没到呢，请再确认一下购买日期。`,
    invalid: (text: string) => `没看懂购买日期「${text}」，请按「2025年3月2日」这样的格式再发一次。`,
    vague: (text: string) => `请问是${text}几月买的？告诉我月份就能查。`,
    bought: (d: Ymd, approx: boolean) => (approx ? `${d.y}年${d.m}月购买（按 ${formatYmd(d)} 计算，以订单记录为准）` : `${formatYmd(d)} 购买`),
    inText: (name: string, order: string, bought: string, months: number, until: string) => `查到了：${name}（订单号 ${order}）${bought}，保修 ${months} 个月，到 ${until}。目前在保修期内，可以免费维修：`,
    outText: (name: string, order: string, bought: string, months: number, until: string) => `查到了：${name}（订单号 ${order}）${bought}，保修 ${months} 个月，已于 ${until} 过保。过保后仍可以付费维修：`,
    inSteps: (until: string, months: number) => [`保修至 ${until}（${months} 个月）`, '把故障的照片或视频发到这里，简单描述一下问题', '我们会发送免费寄修面单，寄回即可', '检测维修约 3–5 个工作日，修好后免费寄回'],
    outSteps: (until: string, months: number) => [`已于 ${until} 过保（${months} 个月保修）`, '把故障的照片或视频发到这里，简单描述一下问题', '寄回检测后我们先报价，您确认后再维修', '也可以转人工客服详细咨询'],
    inStatus: '保修期内',
    outStatus: '已过保',
    title: (name: string) => `${name} · 保修查询`,
    ticketLine: (id: string) => `工单号 ${id}。`,
    policy: '保修政策',
    replies: ['转人工客服', '我要退货'],
    length: (name: string, months: number) => `${name} 享受 ${months} 个月保修，保修期内非人为损坏免费维修。需要查询您订单的保修状态，告诉我订单号和购买日期就行。`,
    lengthReplies: ['查询我的保修状态', '怎么寄修？'],
    doneReplies: { in: ['怎么寄修？', '转人工客服'], out: ['维修大概多少钱？', '转人工客服'] },
  },
  en: {
    intro: (name?: string) => (name ? `Happy to check the warranty for your ${name}.` : 'Happy to check your warranty.'),
    missing: { product: 'which product it is', order: 'the order number', date: 'the purchase date' } as Record<Missing, string>,
    ask: (items: string[], example: boolean) => `Please tell me ${items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1)}` : items[0]}${example ? ' (e.g. "order 202311150123, bought 2025-03-02")' : ''}.`,
    badOrder: (value: string, hint: string) => `"${value}" doesn't look like an order number: it should be ${hint}, as shown under "My orders". Please send it again.`,
    future: (text: string) => `The purchase date "${text}" is in the future; please check it.`,
    invalid: (text: string) => `I couldn't read the purchase date "${text}". Please send it like 2025-03-02.`,
    vague: (text: string) => `Which month of ${text} did you buy it? The month is enough.`,
    bought: (d: Ymd, approx: boolean) => (approx ? `bought in ${formatYmd(d).slice(0, 7)} (counted from ${formatYmd(d)}; your order record decides)` : `bought on ${formatYmd(d)}`),
    inText: (name: string, order: string, bought: string, months: number, until: string) => `Found it: ${name} (order ${order}), ${bought}, has a ${months}-month warranty until ${until}. It is under warranty, so the repair is free:`,
    outText: (name: string, order: string, bought: string, months: number, until: string) => `Found it: ${name} (order ${order}), ${bought}, had a ${months}-month warranty that ended on ${until}. We can still repair it for a fee:`,
    inSteps: (until: string, months: number) => [`Under warranty until ${until} (${months} months)`, 'Send photos or a video of the fault here, with a short description', "We'll send a free repair shipping label; just send it in", 'The check and repair take about 3–5 working days; we ship it back free'],
    outSteps: (until: string, months: number) => [`Warranty ended on ${until} (${months} months)`, 'Send photos or a video of the fault here, with a short description', "After checking it we quote a price; we only repair once you agree", 'You can also ask a person for details'],
    inStatus: 'In warranty',
    outStatus: 'Out of warranty',
    title: (name: string) => `Warranty check · ${name}`,
    ticketLine: (id: string) => `Ticket number: ${id}.`,
    policy: 'Warranty policy',
    replies: ['Talk to a person', 'I want to return it'],
    length: (name: string, months: number) => `The ${name} comes with a ${months}-month warranty: faults not caused by damage are repaired free. To check your own order, just send me the order number and purchase date.`,
    lengthReplies: ['Check my warranty status', 'How do I send it in?'],
    doneReplies: { in: ['How do I send it in?', 'Talk to a person'], out: ['How much does a repair cost?', 'Talk to a person'] },
  },
} satisfies Record<Lang, unknown>

interface Reading {
  date?: DateFinding
  order?: OrderFinding
}

/** "X5" or "是Z7手机" after we asked which product: a product and little else, no new question. */
function namesProductOnly(ctx: DialogueContext, text: string): boolean {
  return text.length <= 20 && ctx.catalog.mentions(text).length > 0 && !/[?？吗呢]|多少|怎么|什么|哪|\b(?:how|what|which|price|much|does|is)\b/i.test(text)
}

function productReplies(ctx: DialogueContext): string[] {
  const asked = ctx.catalog.ours(ctx.request.profile.askedProducts)
  const products = asked.length >= 2 ? asked.slice(-3).reverse() : [...asked, ...exampleProducts(ctx.catalog, 3).filter((p) => !asked.includes(p))].slice(0, 3)
  return products.map((p) => productName(p, ctx.lang)!)
}

export function warrantyTurn(ctx: DialogueContext, now: Date): DialogueReply | undefined {
  const recent = recentUserTexts(ctx.request.messages, WINDOW)
  const cueAt = recent.findIndex((t) => WARRANTY_CUE.test(t))
  if (cueAt < 0) return undefined
  const today = shopToday(ctx.config, now)
  const pattern = orderPattern(ctx.config.aftersales.orderNumber.pattern)
  const texts = recent.slice(0, cueAt + 1)
  const readings: Reading[] = texts.map((text) => {
    const date = findPurchaseDate(text, today)
    return { date, order: findOrderNumber(text, pattern, date?.text) }
  })
  if (cueAt > 0) {
    // A follow-up must add something to the check, and not start a return instead.
    const current = readings[0]!
    if (RETURN_CUE.test(texts[0]!)) return undefined
    if (!current.date && !current.order && !namesProductOnly(ctx, texts[0]!)) return undefined
  }
  // The newest attempt at each wins: a corrected order number replaces a wrong one.
  const date = readings.find((r) => r.date)?.date
  const order = readings.find((r) => r.order)?.order
  const product = caseProduct(ctx, texts)
  const t = T[ctx.lang]
  const name = productName(product, ctx.lang)
  // "保修多久?" before anything is owned or broken asks the policy, not for a check of an order.
  if (product && !date && !order && cueAt === 0 && ASKS_LENGTH.test(texts[0]!) && !OWNERSHIP_CUE.test(texts[0]!)) {
    const months = product.warrantyMonths ?? ctx.config.aftersales.defaultWarrantyMonths
    return { topic: 'warranty:policy', text: t.length(name!, months), products: [product], cards: [], suggestions: t.lengthReplies }
  }

  const problems: string[] = []
  let topic = 'warranty:ask'
  if (order?.kind === 'invalid') {
    problems.push(t.badOrder(order.value, localized(ctx.config.aftersales.orderNumber.hint, ctx.lang)))
    topic = 'warranty:invalid-order'
  }
  if (date && date.kind !== 'date') {
    problems.push(date.kind === 'future' ? t.future(date.text) : date.kind === 'vague' ? t.vague(date.text) : t.invalid(date.text))
    if (topic === 'warranty:ask') topic = 'warranty:invalid-date'
  }
  const missing: Missing[] = []
  if (!product) missing.push('product')
  if (!order) missing.push('order')
  if (!date) missing.push('date')
  if (problems.length || missing.length || !product || order?.kind !== 'order' || date?.kind !== 'date') {
    const lines = problems.length ? problems : [t.intro(name)]
    if (missing.length) lines.push(t.ask(missing.map((m) => t.missing[m]), missing.includes('order') || missing.includes('date')))
    return {
      topic,
      text: lines.join(ctx.lang === 'en' ? ' ' : ''),
      brief: `Warranty check: still needed: ${[...missing, ...(problems.length ? ['a corrected value'] : [])].join(', ')}. Ask for exactly that; do not guess the warranty status.`,
      products: product ? [product] : [],
      cards: [],
      suggestions: missing.includes('product') ? productReplies(ctx) : t.replies,
    }
  }
  return warrantyResult(ctx, today, product, order.value, date)
}

function warrantyResult(ctx: DialogueContext, today: Ymd, product: Product, order: string, bought: Extract<DateFinding, { kind: 'date' }>): DialogueReply {
  const t = T[ctx.lang]
  const months = product.warrantyMonths ?? ctx.config.aftersales.defaultWarrantyMonths
  // The last day still covered: 12 months from 2025-03-02 runs to 2026-03-01.
  const until = addDays(addMonths(bought.date, months), -1)
  const covered = ymdKey(today) <= ymdKey(until)
  const name = productName(product, ctx.lang)!
  const untilText = formatYmd(until)
  const boughtText = t.bought(bought.date, bought.approx)
  const id = ticketId(today, [ctx.request.visitorId, ctx.request.sessionId, 'warranty', product.id, order])
  const steps = covered ? t.inSteps(untilText, months) : t.outSteps(untilText, months)
  const href = ctx.config.aftersales.warrantyPolicyUrl
  const intro = covered ? t.inText(name, order, boughtText, months, untilText) : t.outText(name, order, boughtText, months, untilText)
  return {
    topic: covered ? 'warranty:in' : 'warranty:expired',
    text: `${intro}\n${numbered(steps.slice(1))}\n${t.ticketLine(id)}`,
    brief: `Warranty check, ticket ${id}: ${product.name}, order ${order}, bought ${formatYmd(bought.date)}${bought.approx ? ' (month only)' : ''}, ${months}-month warranty until ${untilText}: ${covered ? 'IN warranty (free repair)' : 'EXPIRED (paid repair, quote first)'}. State exactly this; invent no prices.`,
    products: [product],
    cards: [ticketCard({ id, kind: 'warranty', status: covered ? t.inStatus : t.outStatus, title: t.title(name), steps, ...(href && { link: { label: t.policy, href } }) }, product)],
    suggestions: covered ? t.doneReplies.in : t.doneReplies.out,
    notice: {
      type: 'ticket',
      data: {
        id,
        kind: 'warranty',
        status: covered ? 'in-warranty' : 'expired',
        product: noticeProduct(product),
        orderNumber: order,
        purchaseDate: formatYmd(bought.date),
        ...(bought.approx && { purchaseDateApprox: true }),
        warrantyMonths: months,
        warrantyUntil: untilText,
      },
    },
  }
}
