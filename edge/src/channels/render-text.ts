// An answer as plain text, for channels that show no cards (WeChat, WeCom): each card becomes a few
// lines copied from the catalog and the config (never from model text), links made absolute against
// the shop's site, quick replies numbered so "回复 1" picks one. Nothing here is HTML.
import type { Card, CardProduct, CouponCard, HandoffCard, Lang, TicketCard } from '../../../shared/protocol.ts'
import type { ChannelAnswer } from './channel-turn.ts'

const LABELS = {
  'zh-CN': { pick: '回复数字选择：', compare: '对比', code: '券码', until: '有效期至', stock0: '暂时缺货', hours: '服务时间', ticket: '服务单', price: (p: string) => p },
  en: { pick: 'Reply with a number:', compare: 'Compare', code: 'code', until: 'valid until', stock0: 'out of stock', hours: 'Hours', ticket: 'Case', price: (p: string) => p },
} as const

export interface RenderOptions {
  lang: Lang
  /** The shop's site (config `shop.baseUrl`): relative links become absolute; without it they are left out. */
  baseUrl?: string
  /** Epoch ms, for coupon expiry dates; default Date.now. */
  now?: number
}

/** An http(s) link a visitor can open from a chat app, or nothing: `javascript:` and friends never pass. */
export function absoluteLink(href: string | undefined, baseUrl: string | undefined): string | undefined {
  if (!href) return undefined
  try {
    const url = baseUrl ? new URL(href, baseUrl) : new URL(href)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

function money(p: CardProduct): string {
  const amount = Number.isInteger(p.price) ? String(p.price) : p.price.toFixed(2)
  return p.currency === 'CNY' ? `¥${amount}` : `${amount} ${p.currency}`
}

function productLines(p: CardProduct, o: RenderOptions, link = true): string[] {
  const l = LABELS[o.lang]
  const href = link ? absoluteLink(p.url, o.baseUrl) : undefined
  return [`【${p.name}】${money(p)}${p.stock === 0 ? `（${l.stock0}）` : ''}`, ...(p.note ? [p.note] : []), ...(href ? [href] : [])]
}

function couponLines(c: CouponCard, o: RenderOptions): string[] {
  const l = LABELS[o.lang]
  const until = c.expiresAt && c.expiresAt > (o.now ?? Date.now()) ? `，${l.until} ${new Date(c.expiresAt).toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''
  return [`🎁 ${c.title}：${c.discount}，${l.code} ${c.code}${until}`, ...(c.terms ? [c.terms] : [])]
}

function ticketLines(t: TicketCard, o: RenderOptions): string[] {
  const href = absoluteLink(t.link?.href, o.baseUrl)
  return [
    `${LABELS[o.lang].ticket} ${t.id}：${t.title}（${t.status}）`,
    ...t.steps.map((s, i) => `${i + 1}. ${s}`),
    ...(href ? [`${t.link!.label}：${href}`] : []),
  ]
}

/** The handoff's next step, hours and contacts; `tel:` and `mailto:` shown as the number or address. */
export function handoffLines(h: HandoffCard, o: RenderOptions): string[] {
  const contacts = (h.contacts ?? []).flatMap((c) => {
    const shown = /^(tel|mailto):/i.test(c.href) ? decodeURIComponent(c.href.replace(/^(tel|mailto):/i, '')) : absoluteLink(c.href, o.baseUrl)
    return shown ? [`${c.label}：${shown}`] : []
  })
  return [h.next, ...(h.hours ? [`${LABELS[o.lang].hours}：${h.hours}`] : []), ...contacts]
}

export function cardLines(card: Card, o: RenderOptions): string[] {
  switch (card.type) {
    case 'product':
      return productLines(card.product, o)
    case 'coupon':
      return couponLines(card, o)
    case 'ticket':
      return ticketLines(card, o)
    case 'handoff':
      return handoffLines(card, o)
    case 'compare': {
      // A competitor's product is never linked; ours keep their links below the table.
      const head = `${LABELS[o.lang].compare}：${card.products.map((p) => `${p.name} ${money(p)}`).join(' / ')}`
      const rows = card.rows.map((r) => `· ${r.attribute}：${r.values.map((v) => v ?? '—').join(' | ')}`)
      const links = card.products.flatMap((p) => (p.competitor ? [] : productLines(p, o).slice(-1).filter((x) => x.startsWith('http'))))
      return [head, ...rows, ...links]
    }
  }
}

/** Numbered options: what "回复 1" picks (channel-turn.ts pickOption reads the same numbering). */
export function optionLines(options: readonly string[], lang: Lang): string[] {
  return options.length ? [LABELS[lang].pick, ...options.map((s, i) => `${i + 1}. ${s}`)] : []
}

/**
 * The reply's light markdown (what the widget renders) as plain text: a link becomes its text and
 * its absolute address (the link guard already removed any the edge did not give), emphasis and
 * headings lose their marks, images are dropped.
 */
export function plainText(markdown: string, o: RenderOptions): string {
  return markdown
    .replace(/!\[[^\]\n]*\]\([^)\s]*\)/g, '')
    .replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (_, text: string, href: string) => {
      const link = absoluteLink(href, o.baseUrl)
      return link ? `${text} ${link} ` : text
    })
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/`([^`\n]+)`/g, '$1')
    .replace(/[ \t]+\n/g, '\n')
    .trim()
}

/** The whole answer as paragraphs: the reply, each card, the handoff, the numbered quick replies. */
export function renderAnswerText(answer: ChannelAnswer, o: RenderOptions): string {
  const blocks = [
    plainText(answer.text, o),
    ...answer.cards.map((c) => cardLines(c, o).join('\n')),
    ...(answer.handoff ? [handoffLines(answer.handoff, o).join('\n')] : []),
    optionLines(answer.suggestions, o.lang).join('\n'),
  ]
  return blocks.filter(Boolean).join('\n\n')
}
