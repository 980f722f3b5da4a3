// Every sentence the offline responder can say, in both languages, in one table, so wording
// changes and new languages happen here and not in the answering logic.
import type { Lang } from '../../../shared/protocol.ts'

export interface OfflineTexts {
  price(name: string, price: string): string
  /** With a name when the visitor asked about stock; without when added to another answer. */
  inStock(name: string): string
  outOfStock(name?: string): string
  stockUnknown: string
  colourYes(name: string, matches: string, others: string): string
  colourNo(name: string, asked: string, available: string): string
  colourUnknown(name: string): string
  attribute(name: string, label: string, values: string): string
  attributeUnknown(name: string, label: string): string
  notInFacts: string
  /** After "the facts don't say": what they do say about the product (price and a few attributes). */
  keyFacts(name: string, facts: string): string
  /** A service question the facts don't cover ("发票怎么开"): honest, and who can help; no order number asked. */
  serviceUnknown: string
  /** "有点贵，我再考虑一下": no pressure, no facts nobody asked for. */
  considering: string
  /** After "the facts don't say": a person can check. */
  askPerson: string
  describe(name: string, price: string, description: string): string
  found: string
  competitor(name: string, alternatives: string): string
  notFound(query: string, examples: string): string
  hello(examples: string): string
  /** "在吗": yes, how can I help; with an apology when the visitor has been waiting. */
  presence(waited: boolean): string
  /** "你是机器人吗": honestly an AI assistant, and how to reach a person. */
  identity: string
  /** Not about shopping: a polite way back to what the assistant can do. */
  offTopic(examples: string): string
  /** Concise mode's next step when nothing concrete was asked: what went wrong, or a person. */
  nextStep: string
  /** The same after a handoff already left the team a message: no "say 转人工" again. */
  nextStepHandedOff: string
  /** "好的" / "谢谢" on their own: a short acknowledgement (thanks: they thanked; handedOff: a person follows up). */
  ack(thanks: boolean, handedOff: boolean): string
  human: string
  aftersales: string
  warranty(name: string, months: number): string
  promotion: string
  sorry: string
  askDetails: string
  recommend(count: number, wanted: string): string
  /** One recommended product: name, price, reason from its attributes. */
  pick(name: string, price: string, reason: string, outOfStock: boolean): string
  more: string
  /** Asked for a recommendation without saying what kind: a few products, and how to narrow it down. */
  browse: string
  noMatch(wanted: string): string
  nearest: string
  tryOther: string
  /** A budget given in another currency than the shop's (asked: "$300以内"), not applied. */
  otherCurrency(asked: string, symbol: string, code: string): string
  compare(names: string): string
  compareRow(attribute: string, values: string): string
  sameOtherwise: string
  moreInTable: string
  noRivals(name: string): string
  unknown(asked: string): string
  /** Concise mode's "not sold here", after its own apology. */
  notSold(asked: string): string
  alternatives(names: string): string
}

export const OFFLINE_TEXTS: Record<Lang, OfflineTexts> = {
  'zh-CN': {
    price: (n, p) => `${n}售价 ${p}。`,
    inStock: (n) => `${n}目前有现货。`,
    outOfStock: (n) => `${n ?? ''}目前暂时缺货。`,
    stockUnknown: '商品资料里没有库存信息，请以商品页为准。',
    colourYes: (n, m, o) => `有的，${n}有${m}${o ? `，另外还有${o}可选` : ''}。`,
    colourNo: (n, a, av) => `抱歉，${n}目前没有${a}，有${av}可选。`,
    colourUnknown: (n) => `商品资料里没有写${n}有哪些颜色，我不能确定。`,
    attribute: (n, l, v) => `${n}的${l}：${v}。`,
    attributeUnknown: (n, l) => `商品资料里没有提到${n}的${l}，我不能确定。`,
    notInFacts: '商品资料里没有直接提到这一点。',
    keyFacts: (n, f) => `我能确认的是：${n}，${f}。`,
    askPerson: '需要的话，可以请人工客服帮您进一步确认。',
    considering: '好的，您可以慢慢比较考虑，有任何问题随时问我。',
    serviceUnknown: '这个问题我这里没有现成的资料，不想给您说错。需要的话可以请人工客服帮您确认。',
    describe: (n, p, d) => `${n}，售价 ${p}。${d}`,
    found: '为您找到这些商品：',
    competitor: (n, alt) => `${n}不是本店商品，资料仅供对比参考。${alt ? `本店同类商品有：${alt}。` : ''}`,
    notFound: (q, ex) => `抱歉，没找到和“${q}”相关的商品。您可以看看：${ex}。`,
    hello: (ex) => `您好！想了解哪款商品？比如 ${ex}。`,
    presence: (w) => (w ? '在的，抱歉让您久等了。请问有什么可以帮您？' : '在的，请问有什么可以帮您？'),
    identity: '我是本店的 AI 智能客服，可以帮您查商品价格、参数、库存和售后问题。需要真人帮忙的话，回复“转人工”就能联系人工客服。',
    offTopic: (ex) => `这个我帮不上忙哦，我是本店的购物助手，可以帮您查商品、比较和挑选。比如 ${ex}，想了解哪款？`,
    nextStep: '请告诉我具体哪里没解决好，我马上帮您处理；也可以回复“转人工”，由人工客服跟进。',
    nextStepHandedOff: '请告诉我具体哪里没解决好，我先帮您处理；人工客服的联系方式在上面的卡片里。',
    ack: (thanks, handedOff) => (handedOff ? `${thanks ? '不客气。' : '好的。'}有补充随时告诉我。` : thanks ? '不客气！还有什么需要随时问我。' : '好的，还有什么需要随时问我。'),
    human: '抱歉，目前还不能转接人工客服。您可以把问题告诉我，我尽力帮您解决。',
    aftersales: '退换货、维修等售后问题需要核对订单，请提供订单号和问题描述，方便我们核实处理。',
    warranty: (n, m) => `${n}享受 ${m} 个月质保。`,
    promotion: '目前我这里没有查到可用的优惠券或折扣信息，价格以商品页为准。',
    sorry: '非常抱歉给您带来不好的体验。',
    askDetails: '请告诉我具体遇到了什么问题，我会尽力帮您解决。',
    recommend: (n, w) => `为您找到 ${n} 款符合「${w}」的商品：`,
    pick: (n, p, r, out) => `\n· ${n} ${p}${r ? `：${r}` : ''}${out ? '（暂时缺货）' : ''}`,
    more: '\n还有更多符合条件的商品，想看可以问我“还有别的吗”。',
    browse: '您想找哪类商品、预算多少？先给您看看本店的几款：',
    noMatch: (w) => `抱歉，目前没有同时满足「${w}」的商品。`,
    nearest: '最接近的是：',
    tryOther: '您可以放宽一下条件再试试。',
    otherCurrency: (a, s, c) => `注意：本店商品以${s}（${c}）标价，没有按「${a}」筛选，也不做汇率换算；如需按预算挑选，请告诉我${s}预算。`,
    compare: (n) => `${n}的对比：`,
    compareRow: (a, v) => `\n· ${a}：${v}`,
    sameOtherwise: '\n其余列出的参数相同。',
    moreInTable: '\n更多参数见对比表。',
    noRivals: (n) => `商品资料里没有其他品牌同类商品的数据，没法和${n}做客观对比。`,
    unknown: (a) => `抱歉，本店没有“${a}”这款商品，也没有它的资料，不能替您猜测价格或参数。`,
    alternatives: (n) => `您可以看看本店的：${n}。`,
    notSold: (a) => `本店没有“${a}”这款商品，也没有它的资料。`,
  },
  en: {
    price: (n, p) => `${n} costs ${p}.`,
    inStock: (n) => `${n} is in stock.`,
    outOfStock: (n) => `${n ?? 'It'} is currently out of stock.`,
    stockUnknown: 'The product facts say nothing about stock; please check the product page.',
    colourYes: (n, m, o) => `Yes, ${n} comes in ${m}${o ? `; it is also available in ${o}` : ''}.`,
    colourNo: (n, a, av) => `Sorry, ${n} doesn't come in ${a}; it is available in ${av}.`,
    colourUnknown: (n) => `The product facts don't list the colours of ${n}, so I can't say for sure.`,
    attribute: (n, l, v) => `${n} — ${l}: ${v}.`,
    attributeUnknown: (n, l) => `The product facts don't mention the ${l} of ${n}, so I can't say for sure.`,
    notInFacts: "The product facts don't mention that directly.",
    keyFacts: (n, f) => `What I can confirm about ${n}: ${f}.`,
    askPerson: 'A colleague can check it for you if you ask for a person.',
    considering: 'Sure, take your time; ask me anything while you compare.',
    serviceUnknown: "I don't have that information here and would rather not guess; a colleague can confirm it if you ask for a person.",
    describe: (n, p, d) => `${n}, ${p}. ${d}`,
    found: 'Here is what I found:',
    competitor: (n, alt) => `${n} is not sold here; its facts are for comparison only.${alt ? ` Similar products we sell: ${alt}.` : ''}`,
    notFound: (q, ex) => `Sorry, I couldn't find a product matching "${q}". You could look at: ${ex}.`,
    hello: (ex) => `Hello! Which product would you like to know about? For example ${ex}.`,
    presence: (w) => (w ? "Yes, I'm here. Sorry to keep you waiting. How can I help?" : "Yes, I'm here. How can I help?"),
    identity: "I'm the shop's AI assistant: I can look up prices, specs, stock and after-sales questions for you. If you'd rather talk to a person, just say \"talk to a human\".",
    offTopic: (ex) => `I can't help with that, I'm afraid: I'm the shop's shopping assistant and can help you find, compare and choose products, for example ${ex}. Which one interests you?`,
    nextStep: 'Please tell me what went wrong and I will sort it out right away; or say "talk to a human" and a person will follow up.',
    nextStepHandedOff: "Please tell me what went wrong and I will help where I can; how to reach our team is on the card above.",
    ack: (thanks, handedOff) => (handedOff ? `${thanks ? "You're welcome." : 'OK.'} Tell me anything you'd like to add.` : thanks ? "You're welcome! Anything else, just ask." : 'OK. Anything else, just ask.'),
    human: "Sorry, I can't transfer you to a human agent yet. Tell me what you need and I'll do my best to help.",
    aftersales: 'Returns, exchanges and repairs need your order details: please share your order number and what happened so we can check it.',
    warranty: (n, m) => `${n} comes with a ${m}-month warranty.`,
    promotion: "I don't have any coupons or discounts to offer right now; the price on the product page applies.",
    sorry: "I'm very sorry about this experience.",
    askDetails: 'Please tell me what went wrong and I will do my best to help.',
    recommend: (n, w) => `Here ${n === 1 ? 'is 1 product' : `are ${n} products`} matching "${w}":`,
    pick: (n, p, r, out) => `\n- ${n}, ${p}${r ? `: ${r}` : ''}${out ? ' (currently out of stock)' : ''}`,
    more: '\nMore products match; ask me "any others?" to see them.',
    browse: 'What kind of product, and what budget? Meanwhile, a few of ours:',
    noMatch: (w) => `Sorry, nothing we sell matches all of "${w}".`,
    nearest: 'The closest:',
    tryOther: 'You could try with fewer conditions.',
    otherCurrency: (a, s, c) => `Note: our prices are in ${s} (${c}), so I haven't filtered by "${a}" or converted it; tell me your budget in ${s} and I'll narrow it down.`,
    compare: (n) => `${n} compared:`,
    compareRow: (a, v) => `\n- ${a}: ${v}`,
    sameOtherwise: '\nThe other listed facts are the same.',
    moreInTable: '\nThe comparison table shows the rest.',
    noRivals: (n) => `The product facts hold no data about other brands' products, so I can't compare ${n} with them fairly.`,
    unknown: (a) => `Sorry, we don't sell "${a}" and have no facts about it, so I can't guess its price or specs.`,
    alternatives: (n) => `You could look at: ${n}.`,
    notSold: (a) => `We don't sell "${a}" and have no facts about it.`,
  },
}
