// Any OpenAI-compatible chat-completions API (OpenAI, DeepSeek, Qwen, Moonshot, Ollama, vLLM, …)
// through the official SDK, streamed. Retries and timeouts stay short: a visitor is waiting, and
// stream-reply.ts falls back to the offline responder rather than letting them stare at a spinner.
import OpenAI from 'openai'
import { maskPII } from '../../../shared/mask.ts'
import { MAX_HISTORY } from '../../../shared/protocol.ts'
import type { ChatModel, ModelFinish, ModelInput } from './types.ts'

/** Used when HUIKE_MODEL is unset: cheap, fast and good at following the grounding rules. */
export const DEFAULT_MODEL = 'gpt-4o-mini'

/** The answer's token limit: a chat answer, not an essay (stream-reply.ts also caps it in bytes). */
export const MAX_TOKENS = 600

export interface OpenAIModelOptions {
  apiKey: string
  /** e.g. `https://api.deepseek.com/v1`; unset: the SDK's default (api.openai.com). */
  baseURL?: string
  model?: string
  /** Per attempt, until the response starts; the first-token timeout usually fires first. */
  timeoutMs?: number
  maxRetries?: number
  /** The answer's token limit (default MAX_TOKENS). */
  maxTokens?: number
}

export class OpenAIModel implements ChatModel {
  readonly provider = 'openai' as const
  readonly name: string
  readonly #client: OpenAI
  readonly #maxTokens: number

  constructor(options: OpenAIModelOptions) {
    this.name = options.model ?? DEFAULT_MODEL
    this.#maxTokens = options.maxTokens ?? MAX_TOKENS
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: options.maxRetries ?? 1,
      timeout: options.timeoutMs ?? 30_000,
    })
  }

  async *stream(input: ModelInput, signal: AbortSignal): AsyncGenerator<string, ModelFinish | void, undefined> {
    // The widget masks before sending; masked again here, so an older widget or a direct API call
    // still never hands a third-party model a phone number, email, ID or card number.
    const history = input.messages.slice(-MAX_HISTORY).map((m) => ({ role: m.role, content: maskPII(m.content) }))
    const stream = await this.#client.chat.completions.create(
      { model: this.name, messages: [{ role: 'system', content: input.system }, ...history], stream: true, max_tokens: this.#maxTokens },
      { signal },
    )
    let finish: ModelFinish | void = undefined
    for await (const chunk of stream) {
      const choice = chunk.choices[0]
      const text = choice?.delta?.content
      if (text) yield text
      if (choice?.finish_reason === 'length') finish = 'length'
    }
    return finish
  }
}
