// Where the visitor is: part of every chat and greet request. Apart from history.ts because the bubble
// chunk needs it on every page view, and the history helpers only once the panel is used.
import type { PageContext } from './types.ts'

/**
 * The page context of a request: where the visitor is now, plus what `huike('page', …)` said, and how
 * long they have been on this page (`dwellMs`: the edge's hesitation trigger decides what it means).
 */
export function pageContext(extra: { productId?: string; category?: string }): PageContext {
  const page: PageContext = {
    url: location.href.slice(0, 2048), title: document.title.slice(0, 300), dwellMs: Math.round(performance.now()),
  }
  if (extra.productId) page.productId = String(extra.productId).slice(0, 100)
  if (extra.category) page.category = String(extra.category).slice(0, 100)
  return page
}
