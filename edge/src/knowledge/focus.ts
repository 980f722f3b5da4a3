// Which product(s) a follow-up is about when it names none ("内存多大？" after asking about the Z7):
// the most recent earlier message that named a product, else the page the visitor is on, else the
// product of the search ad they came from. The conversation wins over the page because it is what
// the visitor is talking about right now.
import type { Product } from '../../../shared/catalog.ts'
import type { ChatMessage, PageContext } from '../../../shared/protocol.ts'
import type { Catalog } from './catalog.ts'
import { namedIn } from './naming.ts'

/** A follow-up about several products ("哪个更轻？" after a comparison) keeps at most this many. */
const MAX_FOCUS = 3

/**
 * The products of the most recent earlier message that named any. A visitor's message keeps all it
 * named ("X5和Y1哪个好"); an assistant's answer keeps its first, the one it answered about, unless it
 * answered the visitor's comparison just before, whose products then stay in focus together.
 */
function fromConversation(catalog: Catalog, messages: readonly ChatMessage[]): Product[] {
  for (let i = messages.length - 2; i >= 0; i--) {
    const message = messages[i]!
    // The visitor names products loosely ("那个清泉饮水机"); answers name them in full.
    const named = message.role === 'user' ? namedIn(message.content, catalog) : catalog.mentions(message.content)
    if (!named.length) continue
    if (message.role === 'user') return named.slice(0, MAX_FOCUS)
    const asked = i > 0 && messages[i - 1]!.role === 'user' ? catalog.mentions(messages[i - 1]!.content) : []
    if (asked.length > 1 && asked.some((p) => p.id === named[0]!.id)) return asked.slice(0, MAX_FOCUS)
    return [named[0]!]
  }
  return []
}

export interface FocusOptions {
  /** "这款呢" points at what the visitor is looking at: the page, when it shows a product. */
  preferPage?: boolean
  /** The last resort: the product of the search ad the visitor landed from. */
  landing?: Product
}

export function findFocus(catalog: Catalog, messages: readonly ChatMessage[], page: PageContext, options: FocusOptions = {}): Product[] {
  const onPage = page.productId ? catalog.get(page.productId) : undefined
  if (onPage && options.preferPage) return [onPage]
  const talked = fromConversation(catalog, messages)
  if (talked.length) return talked
  if (onPage) return [onPage]
  return options.landing ? [options.landing] : []
}

/** The single product in focus, as the skeleton's callers use it. */
export function findFocusId(catalog: Catalog, messages: readonly ChatMessage[], page: PageContext): string | undefined {
  return findFocus(catalog, messages, page)[0]?.id
}
