// What one streamed chat-completion chunk carries, whichever OpenAI-compatible provider sent it.
// Reasoning comes as `delta.reasoning_content` (DeepSeek, Qwen/DashScope, Zhipu, Doubao, Moonshot,
// llama.cpp server, older vLLM) or `delta.reasoning` (OpenRouter, Ollama, vLLM ≥ 0.11): it only tells
// us the model is thinking; its text is never read further. Usage comes in a last chunk of its own
// (`choices: []`, as OpenAI, DeepSeek, Qwen, vLLM, Ollama send it) or inside the last choice
// (Moonshot). Provider data is untrusted: counts are used only when they are plain numbers.
import type { ChatCompletionChunk } from 'openai/resources/chat/completions'
import type { ModelUsage } from './types.ts'

type Choice = ChatCompletionChunk['choices'][number]

/** The delta fields providers add for the model's reasoning. */
interface ReasoningDelta {
  reasoning_content?: unknown
  reasoning?: unknown
}

/** Moonshot's placement of the usage: in the choice that finishes. */
interface ChoiceWithUsage {
  usage?: unknown
}

const nonEmpty = (value: unknown): boolean => typeof value === 'string' && value.length > 0

/** The chunk is a piece of the model's reasoning (not of its answer). */
export function isReasoning(choice: Choice | undefined): boolean {
  const delta = choice?.delta as (Choice['delta'] & ReasoningDelta) | undefined
  return !!delta && (nonEmpty(delta.reasoning_content) || nonEmpty(delta.reasoning))
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined)

/** The chunk's usage, if it carries one, labelled with the configured model name. */
export function usageOf(chunk: ChatCompletionChunk, model: string): ModelUsage | undefined {
  const raw: unknown = chunk.usage ?? (chunk.choices[0] as (Choice & ChoiceWithUsage) | undefined)?.usage
  if (typeof raw !== 'object' || raw === null) return undefined
  const usage = raw as { prompt_tokens?: unknown; completion_tokens?: unknown; completion_tokens_details?: { reasoning_tokens?: unknown } | null }
  const prompt = count(usage.prompt_tokens)
  const completion = count(usage.completion_tokens)
  if (prompt === undefined || completion === undefined) return undefined
  const reasoning = count(usage.completion_tokens_details?.reasoning_tokens)
  return { model, prompt, completion, ...(reasoning !== undefined && { reasoning }) }
}
