// HUIKE_MODEL_OPTIONS: a JSON object of request fields passed through to chat.completions.create,
// checked at start-up so a typo fails naming the variable, not at the first visitor's question.
// Known fields are type-checked; other fields pass as given (providers add their own, e.g. vLLM's
// chat_template_kwargs), except those that would break the streamed text protocol the edge relies on.
// `extra_body` (how the Python SDK and DashScope's docs spell provider fields) is merged into the top
// level: the Node SDK sends the body's fields as they are.
import { z } from 'zod'

export const MODEL_OPTIONS_VAR = 'HUIKE_MODEL_OPTIONS'

/** The edge sets these itself (or one answer must be one streamed text): a value from the env would break it. */
const FORBIDDEN: Record<string, string> = {
  model: 'set HUIKE_MODEL instead',
  messages: 'the edge writes the conversation',
  stream: 'answers are always streamed',
  stream_options: 'the edge asks for usage itself',
  n: 'one answer per turn',
  tools: 'the model answers in text, from the facts it was given',
  tool_choice: 'no tools',
  functions: 'no tools',
  function_call: 'no tools',
  parallel_tool_calls: 'no tools',
  response_format: 'the answer is chat text',
  modalities: 'the answer is chat text',
  audio: 'the answer is chat text',
  prediction: 'the answer is new text',
  logprobs: 'not read',
  top_logprobs: 'not read',
  echo: 'not a chat-completions field',
  prompt: 'not a chat-completions field',
}

const KnownOptionsSchema = z.looseObject({
  /** OpenAI, Ollama (`"none"` turns thinking off), Moonshot, OpenRouter: none | minimal | low | medium | high… */
  reasoning_effort: z.string().min(1).max(20).optional(),
  /** Qwen (DashScope), vLLM/SGLang serving Qwen3. */
  enable_thinking: z.boolean().optional(),
  /** Qwen: the most reasoning tokens. */
  thinking_budget: z.number().int().positive().optional(),
  /** DeepSeek, Zhipu GLM, Doubao (Ark), Moonshot: `{"type": "enabled" | "disabled" | "auto"}`. */
  thinking: z.looseObject({ type: z.string().min(1).max(20) }).optional(),
  max_tokens: z.number().int().positive().optional(),
  /** OpenAI reasoning models accept only this one: it counts reasoning tokens too, so it is not capped at MAX_TOKENS. */
  max_completion_tokens: z.number().int().positive().optional(),
  temperature: z.number().min(0).max(2).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  frequency_penalty: z.number().min(-2).max(2).optional(),
  seed: z.number().int().optional(),
  stop: z.union([z.string(), z.array(z.string()).max(4)]).optional(),
})

/** The fields sent with every chat-completions request, besides the ones the edge sets. */
export type ModelOptions = z.infer<typeof KnownOptionsSchema>

export interface ParsedModelOptions {
  options: ModelOptions
  /** What was changed on the way, for the start-up log (a max_tokens above the cap). */
  notes: string[]
}

/** The options as the edge will send them, `max_tokens` held to `cap`; throws naming HUIKE_MODEL_OPTIONS. */
export function parseModelOptions(raw: string, cap: number): ParsedModelOptions {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch (err) {
    throw new Error(`${MODEL_OPTIONS_VAR} must be a JSON object, e.g. '{"reasoning_effort":"low"}' (${err instanceof Error ? err.message : String(err)})`)
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error(`${MODEL_OPTIONS_VAR} must be a JSON object, e.g. '{"temperature":0.3}', got ${raw}`)
  const { extra_body: extra, ...top } = json as Record<string, unknown>
  if (extra !== undefined && (typeof extra !== 'object' || extra === null || Array.isArray(extra))) throw new Error(`${MODEL_OPTIONS_VAR}: extra_body must be an object`)
  const merged: Record<string, unknown> = { ...top, ...(extra as Record<string, unknown> | undefined) }
  const forbidden = Object.keys(merged).filter((key) => key in FORBIDDEN)
  if (forbidden.length) throw new Error(`${MODEL_OPTIONS_VAR} may not set ${forbidden.map((key) => `"${key}" (${FORBIDDEN[key]})`).join(', ')}`)
  const parsed = KnownOptionsSchema.safeParse(merged)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    throw new Error(`${MODEL_OPTIONS_VAR} is not valid: ${problems.join('; ')}`)
  }
  const options: ModelOptions = parsed.data
  const notes: string[] = []
  if (options.max_tokens !== undefined && options.max_tokens > cap) {
    notes.push(`max_tokens ${options.max_tokens} lowered to the answer cap of ${cap}`)
    options.max_tokens = cap
  }
  return { options, notes }
}
