// Everything the edge works out about one chat turn before anyone writes an answer: what the
// visitor wants, which products it is about, and the model input built from those facts.
import type { SiteConfig } from '../../shared/config.ts'
import type { ChatRequest, Intent, Sentiment } from '../../shared/protocol.ts'
import { subjectsOf, type Catalog, type Snippet } from './knowledge/catalog.ts'
import { findFocusId } from './knowledge/focus.ts'
import type { ModelInput } from './model/types.ts'
import { buildSystemPrompt } from './prompt.ts'
import { classifyTurn } from './understanding.ts'

export interface Turn {
  intent: Intent
  sentiment: Sentiment
  snippets: Snippet[]
  input: ModelInput
}

export function prepareTurn(request: ChatRequest, catalog: Catalog, config: SiteConfig): Turn {
  const { messages, lang, page } = request
  const question = messages.at(-1)!.content
  const snippets = catalog.retrieveSnippets(question, { focusId: findFocusId(catalog, messages, page) })
  const subjects = subjectsOf(snippets)
  const aboutProduct = snippets.some((s) => s.match !== 'keyword')
  const { intent, sentiment } = classifyTurn(messages, lang, { aboutProduct: aboutProduct || subjects.length > 0 })
  const products = snippets.map((s) => s.product)
  return {
    intent,
    sentiment,
    snippets,
    input: {
      system: buildSystemPrompt({ config, lang, snippets: products }),
      messages,
      lang,
      question,
      snippets: products,
      subjects,
      intent,
      sentiment,
    },
  }
}
