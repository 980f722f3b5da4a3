// The seam between the chat route and whatever writes the answer: an OpenAI-compatible LLM or the
// built-in offline responder. Both get the same input; each uses what it can (the LLM reads the
// system prompt, the offline responder reads the structured facts).
import type { Product } from '../../../shared/catalog.ts'
import type { ChatMessage, Intent, Lang, Provider, Sentiment } from '../../../shared/protocol.ts'
import type { TurnPlan } from '../knowledge/plan.ts'

export interface ModelInput {
  /** The whole system prompt: persona, language, rules and product facts (see prompt.ts). */
  system: string
  /** The conversation, oldest first, newest (the question) last. */
  messages: ChatMessage[]
  lang: Lang
  /** The newest user message. */
  question: string
  /** Retrieved products, best first: exactly the facts listed in the system prompt. */
  snippets: Product[]
  /** The products this turn is about (named, carried from earlier, or best matches); may be empty. */
  subjects: Product[]
  intent: Intent
  sentiment: Sentiment
  /** What kind of answer the edge worked out (recommendation, comparison…); absent: answer about `subjects`. */
  plan?: TurnPlan
  /** The marketing rules add an offer (or the visitor's earlier one) under this answer: don't say there is none. */
  offered?: boolean
}

/** `length` when the model stopped at its token limit; nothing (or `stop`) when it finished. */
export type ModelFinish = 'stop' | 'length'

/** One answer's tokens as the provider counted them (`stream_options.include_usage`). */
export interface ModelUsage {
  /** The configured model name (HUIKE_MODEL): what the config's prices are keyed by. */
  model: string
  prompt: number
  /** Reasoning tokens included (as OpenAI, DeepSeek and Qwen count them). */
  completion: number
  /** Of `completion`, the reasoning tokens, when the provider says. */
  reasoning?: number
}

/**
 * What a model may send besides answer text: it is reasoning (its text is never passed on: the
 * visitor only learns that it thinks), or its token usage (at the end).
 */
export type ModelSignal = { type: 'thinking' } | { type: 'usage'; usage: ModelUsage }

export interface ChatModel {
  readonly provider: Provider
  /** A label for logs and /healthz, e.g. `gpt-4o-mini`. */
  readonly name: string
  /**
   * The answer as text pieces, with signals between them. Must stop promptly (and release upstream
   * resources) when `signal` aborts. May throw; may `return` a ModelFinish.
   */
  stream(input: ModelInput, signal: AbortSignal): AsyncGenerator<string | ModelSignal, ModelFinish | void, undefined>
}
