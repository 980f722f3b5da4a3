// Any OpenAI-compatible chat-completions API (OpenAI, DeepSeek, Qwen, Moonshot, Ollama, vLLM, …)
// through the official SDK, streamed. Retries and timeouts stay short: a visitor is waiting, and
// stream-reply.ts falls back to the offline responder rather than letting them stare at a spinner.
// Every request asks for the token usage (`stream_options.include_usage`); a provider that refuses
// the field with a 400 is asked again without it, and never again with it in this process.
import OpenAI from 'openai'
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions'
import { maskPII } from '../../../shared/mask.ts'
import { MAX_HISTORY } from '../../../shared/protocol.ts'
import type { ModelOptions } from './model-options.ts'
import { isReasoning, usageOf } from './openai-chunks.ts'
import type { ChatModel, ModelFinish, ModelInput, ModelSignal, ModelUsage } from './types.ts'

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
  /** HUIKE_MODEL_OPTIONS, already checked (model-options.ts): sent with every request. */
  options?: ModelOptions
}

const THINKING: ModelSignal = { type: 'thinking' }

/** A provider saying it does not know `stream_options` (a 400 naming it). */
function rejectsStreamOptions(err: unknown): boolean {
  if (!(err instanceof OpenAI.APIError) || err.status !== 400) return false
  return /stream_options|include_usage/i.test(`${err.message} ${JSON.stringify(err.error ?? '')}`)
}

export class OpenAIModel implements ChatModel {
  readonly provider = 'openai' as const
  readonly name: string
  readonly #client: OpenAI
  readonly #maxTokens: number
  readonly #options: ModelOptions
  /** Cleared when the provider refused `stream_options`: usage is then whatever it sends unasked. */
  #askUsage = true

  constructor(options: OpenAIModelOptions) {
    this.name = options.model ?? DEFAULT_MODEL
    this.#maxTokens = options.maxTokens ?? MAX_TOKENS
    this.#options = options.options ?? {}
    this.#client = new OpenAI({
      apiKey: options.apiKey,
      baseURL: options.baseURL,
      maxRetries: options.maxRetries ?? 1,
      timeout: options.timeoutMs ?? 30_000,
    })
  }

  /** The request body: the shop's options, then what the edge must decide (model, messages, stream, limit). */
  #body(input: ModelInput): ChatCompletionCreateParamsStreaming {
    // The widget masks before sending; masked again here, so an older widget or a direct API call
    // still never hands a third-party model a phone number, email, ID or card number.
    const history = input.messages.slice(-MAX_HISTORY).map((m) => ({ role: m.role, content: maskPII(m.content) }))
    const { max_tokens: maxTokens, ...options } = this.#options
    // max_completion_tokens (OpenAI's reasoning models) replaces max_tokens; otherwise the cap holds.
    const limit = options.max_completion_tokens === undefined ? { max_tokens: Math.min(maxTokens ?? this.#maxTokens, this.#maxTokens) } : {}
    return {
      ...(options as Omit<ModelOptions, 'max_tokens'>),
      ...limit,
      model: this.name,
      messages: [{ role: 'system', content: input.system }, ...history],
      stream: true,
      ...(this.#askUsage && { stream_options: { include_usage: true } }),
    } as ChatCompletionCreateParamsStreaming
  }

  async #open(input: ModelInput, signal: AbortSignal) {
    try {
      return await this.#client.chat.completions.create(this.#body(input), { signal })
    } catch (err) {
      if (!this.#askUsage || !rejectsStreamOptions(err)) throw err
      this.#askUsage = false
      return await this.#client.chat.completions.create(this.#body(input), { signal })
    }
  }

  async *stream(input: ModelInput, signal: AbortSignal): AsyncGenerator<string | ModelSignal, ModelFinish | void, undefined> {
    const stream = await this.#open(input, signal)
    let finish: ModelFinish | void = undefined
    let usage: ModelUsage | undefined
    for await (const chunk of stream) {
      const choice = chunk.choices[0]
      const text = choice?.delta?.content
      if (text) yield text
      else if (isReasoning(choice)) yield THINKING
      if (choice?.finish_reason === 'length') finish = 'length'
      usage = usageOf(chunk, this.name) ?? usage // some send running totals: the last one counts
    }
    if (usage) yield { type: 'usage', usage }
    return finish
  }
}
