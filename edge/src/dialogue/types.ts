// The seam for conversations that are more than a product question: human handoff, guided selling
// (slot-filling flows), returns and warranty. Each is a handler that may claim a turn and answer it
// with a complete, deterministic DialogueReply; the first handler that claims a turn wins.
// The rest of the pipeline treats a reply like any plan: the offline responder streams its text,
// an LLM is told its brief and text and says it in its own words, cards/suggestions/profile come
// from it, and its notice (handoff, ticket) is delivered after the stream without blocking it.
import type { Product } from '../../../shared/catalog.ts'
import type { SiteConfig } from '../../../shared/config.ts'
import type { Card, ChatRequest, Intent, Lang, Sentiment, VisitorProfile } from '../../../shared/protocol.ts'
import type { Catalog } from '../knowledge/catalog.ts'
import type { TurnPlan } from '../knowledge/plan.ts'
import type { Vocabulary } from '../knowledge/synonyms.ts'

export interface DialogueContext {
  request: ChatRequest
  /** The visitor's newest message. */
  question: string
  lang: Lang
  intent: Intent
  sentiment: Sentiment
  catalog: Catalog
  config: SiteConfig
  vocabulary: Vocabulary
  /** The product-knowledge plan for this turn, for handlers that build on it (e.g. "unresolved"). */
  productPlan: TurnPlan
  /**
   * A calm question about a catalog product, claiming nothing after-sales (product-question.ts): no
   * after-sales handler takes it, no flow starts on it, and only a clear request for a person hands off.
   */
  productQuestion?: boolean
  /** The message names a product of the plan or points at the one in focus: a live flow steps aside for it. */
  namesProduct?: boolean
  /**
   * A person can join this chat through a live channel (HUIKE_AGENT_TOKEN or Chatwoot), waiting at most
   * `waitMs`; absent: no live channel, so no text may promise that a person will join.
   */
  live?: { waitMs: number }
  /**
   * HUIKE_WEBHOOK_URL is set: a message the visitor leaves (POST /v1/handoff/message) reaches the shop even
   * without the config's handoff.webhook, so the handoff card may offer the form.
   */
  webhook?: boolean
}

/** Something the site must hear about, delivered after the visitor's stream (webhook). */
export interface DialogueNotice {
  type: 'handoff' | 'ticket'
  /** JSON-safe details: reason, ticket id, order number… (PII is masked before delivery). */
  data: Record<string, unknown>
}

export interface DialogueReply {
  /** Which handler answered and why, e.g. "handoff:angry", "flow:gift-watch", "return:quality". */
  topic: string
  /** The complete answer in the visitor's language: streamed as is offline; conveyed by an LLM. */
  text: string
  /** Extra facts for the LLM (flow state, known slots, ticket id, policy link); never shown as is. */
  brief?: string
  /** Catalog products behind the reply: the LLM's facts, the price guard's prices, meta.products. */
  products: Product[]
  cards: Card[]
  suggestions: string[]
  /** Merged into the visitor's profile on their device (flow slots, session counters…). */
  profile?: VisitorProfile
  notice?: DialogueNotice
}

export type DialogueHandler = (ctx: DialogueContext) => DialogueReply | undefined
