// Test helper (not a test file): a DialogueContext for a conversation over the demo catalog and
// config, with intent and sentiment given by the test (so handler tests do not depend on the classifier).
import type { SiteConfig } from '../../../shared/config.ts'
import { ChatRequestSchema, type Intent, type Lang, type Sentiment } from '../../../shared/protocol.ts'
import { planTurn } from '../knowledge/plan.ts'
import { Vocabulary } from '../knowledge/synonyms.ts'
import { demoCatalog, demoConfig } from '../testing.ts'
import type { DialogueContext } from './types.ts'

export interface ContextOptions {
  lang?: Lang
  intent?: Intent
  sentiment?: Sentiment
  profile?: Record<string, unknown>
  page?: Record<string, unknown>
  sessionId?: string
  config?: SiteConfig
}

/** `turns`: the visitor's messages, oldest first; assistant messages in between are placeholders. */
export function dialogueContext(turns: string[] | { role: 'user' | 'assistant'; content: string }[], o: ContextOptions = {}): DialogueContext {
  const messages = turns.flatMap((t, i) =>
    typeof t === 'string' ? (i ? [{ role: 'assistant' as const, content: '好的。' }, { role: 'user' as const, content: t }] : [{ role: 'user' as const, content: t }]) : [t],
  )
  const request = ChatRequestSchema.parse({ visitorId: 'v_test', sessionId: o.sessionId ?? 's_test', messages, profile: o.profile ?? {}, page: o.page ?? {}, lang: o.lang ?? 'zh-CN' })
  const config = o.config ?? demoConfig
  const vocabulary = Vocabulary.of(config)
  return {
    request,
    question: messages.at(-1)!.content,
    lang: request.lang,
    intent: o.intent ?? 'other',
    sentiment: o.sentiment ?? 'neutral',
    catalog: demoCatalog,
    config,
    vocabulary,
    productPlan: planTurn({ messages: request.messages, page: request.page, lang: request.lang }, demoCatalog, vocabulary),
  }
}
