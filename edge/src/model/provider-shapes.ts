// For tests: the streaming shapes of real OpenAI-compatible providers, as openai-stub.ts behaviours.
// Each sends some reasoning first (under the provider's field name), then the answer, then the
// token usage where that provider puts it. Shapes from each provider's API docs (README Providers).
import type { ServerResponse } from 'node:http'
import { startEvents, type Behaviour } from './openai-stub.ts'

export interface ProviderShape {
  /** The delta field reasoning arrives in; none: the model does not reason. */
  reasoningField?: 'reasoning_content' | 'reasoning'
  /** Where the usage goes: a last chunk with `choices: []` (OpenAI) or inside the finishing choice (Moonshot). */
  usageIn: 'own-chunk' | 'choice'
  /** Whether the usage says how many completion tokens were reasoning. */
  reasoningTokens?: boolean
}

export const PROVIDER_SHAPES: Record<string, ProviderShape> = {
  'OpenAI': { usageIn: 'own-chunk', reasoningTokens: true },
  'DeepSeek': { reasoningField: 'reasoning_content', usageIn: 'own-chunk', reasoningTokens: true },
  'Qwen (DashScope)': { reasoningField: 'reasoning_content', usageIn: 'own-chunk', reasoningTokens: true },
  'Moonshot (Kimi)': { reasoningField: 'reasoning_content', usageIn: 'choice' },
  'Zhipu (GLM)': { reasoningField: 'reasoning_content', usageIn: 'own-chunk' },
  'Doubao (Volcengine Ark)': { reasoningField: 'reasoning_content', usageIn: 'own-chunk', reasoningTokens: true },
  'Ollama': { reasoningField: 'reasoning', usageIn: 'own-chunk' },
  'vLLM': { reasoningField: 'reasoning', usageIn: 'own-chunk' },
  'llama.cpp server': { reasoningField: 'reasoning_content', usageIn: 'own-chunk' },
  'OpenRouter': { reasoningField: 'reasoning', usageIn: 'own-chunk', reasoningTokens: true },
}

/** What the stub's reasoning says: it must never reach the visitor, the turn log or a webhook. */
export const SECRET_REASONING = '用户问价格，我先想想REASONING-MARKER'

const frame = (body: object) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'served-model-2026', ...body })}\n\n`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export interface ShapedAnswer {
  answer: readonly string[]
  usage: { prompt: number; completion: number; reasoning?: number }
  /** Reasoning chunks and the pause between them (a model thinking longer than the first-token timeout). */
  thinking?: { chunks: number; everyMs: number }
}

/** The stub answering like `shape`. */
export const shaped = (shape: ProviderShape, reply: ShapedAnswer): Behaviour => async (res: ServerResponse) => {
  startEvents(res)
  const { chunks = 3, everyMs = 5 } = reply.thinking ?? {}
  if (shape.reasoningField) {
    for (let i = 0; i < chunks; i++) {
      res.write(frame({ choices: [{ index: 0, delta: { role: 'assistant', content: shape.reasoningField === 'reasoning_content' ? null : '', [shape.reasoningField]: `${SECRET_REASONING}${i}` }, finish_reason: null }] }))
      await sleep(everyMs)
    }
  }
  for (const piece of reply.answer) res.write(frame({ choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] }))
  const { prompt, completion, reasoning } = reply.usage
  const usage = {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(shape.reasoningTokens && reasoning !== undefined && { completion_tokens_details: { reasoning_tokens: reasoning } }),
  }
  if (shape.usageIn === 'choice') res.write(frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop', usage }] }))
  else {
    res.write(frame({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }))
    res.write(frame({ choices: [], usage }))
  }
  res.end('data: [DONE]\n\n')
}
