// What a flow says besides the site's own questions, in both languages.
import type { Lang } from '../../../../shared/protocol.ts'

export interface FlowTexts {
  /** "预算：¥2000左右" */
  item: (label: string, value: string) => string
  items: (items: string[]) => string
  /** Who a gift is for: "送给女士", "for her". */
  forWhom: (value: string) => string
  /** "预算是¥2000左右", for confirmations. */
  is: (label: string, value: string) => string
  noted: (items: string) => string
  changed: (label: string, value: string) => string
  skipped: (label: string) => string
  confirm: (items: string[]) => string
  recalled: (items: string[]) => string
  unclear: string
  resume: (flow: string) => string
  restart: string
  askAgain: (label: string) => string
  recommend: (wanted: string, n: number) => string
  pick: (name: string, price: string, reason: string, outOfStock: boolean) => string
  more: string
  noMore: string
  noMatch: (wanted: string) => string
  nearest: string
  nothingNear: string
  refine: string
  yes: string
  no: string
  skip: string
  anyOthers: string
  startOver: string
  change: (label: string) => string
}

export const FLOW_TEXTS: Record<Lang, FlowTexts> = {
  'zh-CN': {
    item: (label, value) => `${label}${value}`,
    items: (items) => items.join('，'),
    forWhom: (value) => `送给${value}`,
    is: (label, value) => `${label}是${value}`,
    noted: (items) => `记下了：${items}。`,
    changed: (label, value) => `好的，改为${label}${value}。`,
    skipped: (label) => `好的，${label}不限。`,
    confirm: (items) => `${items.join('、')}，对吗？`,
    recalled: (items) => `上次您说过${items.join('、')}，这次还按这个来吗？`,
    unclear: '抱歉，没太明白。',
    resume: (flow) => `好的，我们接着刚才的${flow}。`,
    restart: '好的，我们重新来。',
    askAgain: () => '好的。',
    recommend: (wanted, n) => (wanted ? `根据您的需求（${wanted}），为您推荐 ${n} 款：` : `为您推荐 ${n} 款：`),
    pick: (name, price, reason, out) => `\n· ${name} ${price}${reason ? `：${reason}` : ''}${out ? '（暂时缺货）' : ''}`,
    more: '\n还有更多符合条件的，想看可以说“还有别的吗”。',
    noMore: '符合这些条件的就是上面这些了，没有别的了。',
    noMatch: (wanted) => (wanted ? `抱歉，目前没有完全符合（${wanted}）的商品。` : '抱歉，目前没有合适的商品。'),
    nearest: '最接近的是：',
    nothingNear: '可以放宽一个条件再试试，比如预算或风格。',
    refine: '\n想挑得更准一点的话：',
    yes: '是的',
    no: '改一下',
    skip: '跳过',
    anyOthers: '还有别的吗？',
    startOver: '重新挑选',
    change: (label) => `换个${label}`,
  },
  en: {
    item: (label, value) => `${label}: ${value}`,
    items: (items) => items.join('; '),
    forWhom: (value) => `for ${value}`,
    is: (label, value) => `${label} ${value}`,
    noted: (items) => `Noted — ${items}.`,
    changed: (label, value) => `OK, ${label} changed to ${value}.`,
    skipped: (label) => `OK, any ${label}.`,
    confirm: (items) => `Just to check: ${items.join(', ')} — is that right?`,
    recalled: (items) => `Last time you told me: ${items.join(', ')}. Shall I go with that again?`,
    unclear: "Sorry, I didn't quite get that.",
    resume: (flow) => `OK, back to the ${flow}.`,
    restart: "OK, let's start over.",
    askAgain: () => 'Sure.',
    recommend: (wanted, n) => {
      const these = n === 1 ? 'is 1 product' : `are ${n} products`
      return wanted ? `Based on what you told me (${wanted}), here ${these}:` : `Here ${these} you might like:`
    },
    pick: (name, price, reason, out) => `\n- ${name}, ${price}${reason ? `: ${reason}` : ''}${out ? ' (currently out of stock)' : ''}`,
    more: '\nMore products match; ask me "any others?" to see them.',
    noMore: "That's all that matches; there are no others.",
    noMatch: (wanted) => (wanted ? `Sorry, nothing we sell matches all of that (${wanted}).` : 'Sorry, nothing we sell fits.'),
    nearest: 'The closest:',
    nothingNear: 'You could relax one of the conditions, such as the budget or the style.',
    refine: '\nTo narrow it down: ',
    yes: 'Yes',
    no: 'Change it',
    skip: 'Skip',
    anyOthers: 'Any others?',
    startOver: 'Start over',
    change: (label) => `Change the ${label}`,
  },
}
