// Follow-ups that ask nothing new: "那Z7 Lite呢", "这款呢", "what about the X5?". They repeat the
// previous question for another product, so "Z7有紫色吗" → "那Z7 Lite呢" asks about the Lite's
// colours. Also the deictic words ("它", "这款", "it") that pin a question to the product in focus.
import type { Product } from '../../../shared/catalog.ts'
import type { ChatMessage } from '../../../shared/protocol.ts'
import type { Catalog } from './catalog.ts'
import { withoutNames } from './own-facts.ts'
import { escapeRegExp } from './text.ts'

const ZH_FILLER = /那么|那|呢|这款|这个|那款|那个|这一款|它|的|吗|呀|啊|么|嘛|和|还有|如果是|要是|换成|看看|再问|问下|一下|[?？。，,!！\s]/g
const EN_FILLER = new Set(['what', 'whats', 'about', 'how', 'and', 'the', 'a', 'an', 'this', 'one', 'it', 'that', 'then', 'for', 's', 'same', 'question', 'instead', 'ok', 'okay'])
const DEICTIC = /它|这款|这个|这只|这台|这支|这瓶|这件|这套|这顶|这把|这双|这盏|这两款|这几款|那款|那个|该款|此款|\b(it|its|this|this one|that one|they|them|their|these|those)\b/i
const ON_PAGE = /^(那|那么)?(这款|这个|这一款)呢|\bthis one\b/i
const MORE = /还有(别的|其他|其它|吗|没有|什么)|其他的呢|其它的呢|别的呢|换一批|再推荐|\b(more|others|anything else|something else|other options)\b/i

/** Latin tokens with a digit in a product name ("X5", "Z7"): how people refer to models. */
export function modelCodes(text: string): string[] {
  return (text.match(/[A-Za-z0-9][A-Za-z0-9-]*/g) ?? []).filter((t) => /\d/.test(t) && /[A-Za-z]/.test(t))
}

/** The question without the names of `products` (names, aliases, ids and model codes). */
export function stripNames(text: string, products: readonly Product[]): string {
  const names = products.flatMap((p) => [p.name, ...p.aliases, p.id, ...modelCodes(p.name)]).sort((a, b) => b.length - a.length)
  let rest = text
  for (const name of names) {
    const body = name.trim().split(/\s+/).map(escapeRegExp).join('\\s*')
    if (body) rest = rest.replace(new RegExp(body, 'giu'), ' ')
  }
  // A product named loosely ("那清泉饮水机呢") leaves pieces of its name: they go too.
  return products.reduce((r, p) => withoutNames(r, p), rest)
}

/** After names and filler words, nothing is left: the question repeats an earlier one. */
export function isBareFollowUp(question: string, named: readonly Product[]): boolean {
  const rest = stripNames(question, named)
  const zh = rest.replace(/[A-Za-z0-9'’]+/g, ' ').replace(ZH_FILLER, '')
  const en = (rest.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => !EN_FILLER.has(w))
  return zh.length === 0 && en.length === 0
}

export function pointsAtFocus(question: string): boolean {
  return DEICTIC.test(question)
}

/** "这款呢" with nothing else: the product on the page rather than the one talked about. */
export function pointsAtPage(question: string): boolean {
  return ON_PAGE.test(question.trim())
}

export function asksForMore(question: string): boolean {
  return MORE.test(question)
}

/**
 * The earlier question a bare follow-up repeats, without its product names, so it can be asked of
 * another product: the newest earlier user message that was not itself a bare follow-up.
 */
export function carriedQuestion(catalog: Catalog, messages: readonly ChatMessage[]): string | undefined {
  for (let i = messages.length - 2; i >= 0; i--) {
    const m = messages[i]!
    if (m.role !== 'user') continue
    const named = catalog.mentions(m.content)
    if (!isBareFollowUp(m.content, named)) return stripNames(m.content, named).trim()
  }
  return undefined
}

/** Earlier user messages, newest first (for carrying recommendation constraints). */
export function earlierQuestions(messages: readonly ChatMessage[]): string[] {
  return messages.slice(0, -1).filter((m) => m.role === 'user').map((m) => m.content).reverse()
}
