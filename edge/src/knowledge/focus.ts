// Which product a follow-up question is about when it names none ("内存多大？" after asking about
// the Z7): the most recent earlier message that named a product, else the page the visitor is on.
// The conversation wins over the page because it is what the visitor is talking about right now.
import type { ChatMessage, PageContext } from '../../../shared/protocol.ts'
import type { Catalog } from './catalog.ts'

export function findFocusId(catalog: Catalog, messages: readonly ChatMessage[], page: PageContext): string | undefined {
  for (let i = messages.length - 2; i >= 0; i--) {
    const named = catalog.mentions(messages[i]!.content)
    if (named.length) return named[0]!.id
  }
  return page.productId && catalog.get(page.productId) ? page.productId : undefined
}
