// Runs the configured model for one answer, with the fallback rules that keep a visitor from being
// left without an answer:
// - before the first token, an error or a silence longer than the first-token timeout switches to
//   the offline responder (the visitor still gets a grounded answer, marked `fallback`);
// - after the first token, an error ends the answer with an error (we cannot unsay what was shown),
//   and so does a silence longer than the idle timeout (the upstream request is aborted);
// - a shorter pause with text held back by the guards sends an empty `text` (a pause): the chat's
//   guards then release what they hold through their end-of-sentence judgement (guards.ts);
// - the answer is capped in UTF-8 bytes (each chunk is cut to what is left): beyond the cap the
//   upstream request is aborted and the answer ends with what was said (`length`), so nothing
//   after it, the guards included, ever sees more than the cap; a chunk bigger than
//   MAX_CHUNK_BYTES goes on in pieces of that size, the event loop free between them;
// - when the visitor leaves (`signal` aborts), the upstream request is aborted too.
// Who answers is only known once the first token (or the fallback) is in, so `start` comes first;
// a model that reasons first sends `thinking` before it (first-text.ts: the reasoning keeps the
// first-token timer alive, up to a cap). Reasoning after the first text only counts as a sign of
// life; the token usage the model reports at the end goes to `onUsage`, never to the visitor.
import type { Provider } from '../../../shared/protocol.ts'
import { firstText, type FirstResult, type Pieces } from './first-text.ts'
import type { ChatModel, ModelFinish, ModelInput, ModelSignal, ModelUsage } from './types.ts'

export type ReplyEvent =
  /** Before `start`: the model is reasoning (nothing of it is shown). */
  | { type: 'thinking' }
  | { type: 'start'; provider: Provider; fallback?: 'upstream_error' }
  /** A piece of the answer; an empty `text` is a pause (the model went quiet for `holdReleaseMs`). */
  | { type: 'text'; text: string }
  | { type: 'end'; finish: 'stop' | 'length' | 'abort' }
  | { type: 'fail' }

export interface ReplyOptions {
  /** How long the configured model may take to send its first token. */
  firstTokenTimeoutMs?: number
  /** After the first token: how long the model may send nothing before the answer ends in `fail`. */
  idleTimeoutMs?: number
  /** After the first token: a pause this long sends an empty `text`, so held text is released. */
  holdReleaseMs?: number
  /** The whole answer's cap in UTF-8 bytes. */
  maxAnswerBytes?: number
  /** How long a model may reason before its first text; default MAX_THINKING_FACTOR × the first-token timeout (first-text.ts). */
  maxThinkingMs?: number
  /** Where upstream failures are reported for the operator (never to the visitor). */
  log?: (message: string) => void
  /** The model's token usage for this answer, when it reports one (the turn log records it). */
  onUsage?: (usage: ModelUsage) => void
}

export const DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 15_000
/** HUIKE_STREAM_IDLE_MS's default: far above a model thinking between tokens, far below undici's 300 s. */
export const DEFAULT_STREAM_IDLE_MS = 20_000
/** A pause after which what the guards hold back is released (or dropped) rather than kept waiting. */
export const DEFAULT_HOLD_RELEASE_MS = 2_000
/** 16 KB: several times the longest answer a 600-token limit allows (model/openai.ts MAX_TOKENS). */
export const MAX_ANSWER_BYTES = 16 * 1024
/** A bigger chunk from the model goes on in pieces this size, with the event loop free between them. */
export const MAX_CHUNK_BYTES = 1024

function describe(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { status?: unknown }).status
    return `${err.name}${typeof status === 'number' ? ` ${status}` : ''}: ${err.message}`
  }
  return String(err)
}

/** The longest prefix of `text` that fits in `budget` UTF-8 bytes (never splitting a surrogate pair): O(prefix), not O(text). */
export function fitBytes(text: string, budget: number): { text: string; bytes: number; cut: boolean } {
  let bytes = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length
    const size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3
    if (bytes + size > budget) return { text: text.slice(0, i), bytes, cut: true }
    bytes += size
    if (pair) i++
  }
  return { text, bytes, cut: false }
}

/** `text` (already within the answer's cap) as `text` events of at most MAX_CHUNK_BYTES, other work running between them. */
async function* inChunks(text: string): AsyncGenerator<ReplyEvent> {
  for (let first = true; text; first = false) {
    if (!first) await new Promise((resolve) => setTimeout(resolve, 0))
    const piece = fitBytes(text, MAX_CHUNK_BYTES)
    yield { type: 'text', text: piece.text }
    text = text.slice(piece.text.length)
  }
}

class IdleTimeout extends Error {
  constructor(ms: number) {
    super(`nothing from the model for ${ms} ms`)
  }
}

interface RestLimits {
  idleMs: number
  holdMs: number
  /** What is left of the answer's byte cap. */
  budget: number
  onUsage?: (usage: ModelUsage) => void
}

/** The rest of a stream whose first piece is already out. */
async function* rest(
  pieces: Pieces,
  signal: AbortSignal,
  limits: RestLimits,
  stop: () => void,
  fail: (err: unknown) => void,
): AsyncGenerator<ReplyEvent> {
  let budget = limits.budget
  let timer: ReturnType<typeof setTimeout> | undefined
  const wait = (ms: number) => new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)))
  try {
    for (;;) {
      const next = pieces.next()
      next.catch(() => {}) // after an idle timeout, its rejection (the abort) is expected
      let result: IteratorResult<string | ModelSignal, ModelFinish | void> | 'timeout'
      let waited = 0
      for (;;) {
        // First a short wait (then a pause, so held text is released), then the rest of the idle timeout.
        const step = waited === 0 && limits.holdMs < limits.idleMs ? limits.holdMs : limits.idleMs - waited
        result = await Promise.race([next, wait(step)])
        if (timer !== undefined) clearTimeout(timer)
        if (result !== 'timeout') break
        waited += step
        if (waited >= limits.idleMs) throw new IdleTimeout(limits.idleMs)
        yield { type: 'text', text: '' }
      }
      if (result.done) {
        yield { type: 'end', finish: result.value === 'length' ? 'length' : 'stop' }
        return
      }
      if (typeof result.value !== 'string') {
        // Reasoning is a sign of life, nothing to show; the usage comes last, for the turn log.
        if (result.value.type === 'usage') limits.onUsage?.(result.value.usage)
        continue
      }
      if (!result.value) continue
      const piece = fitBytes(result.value, budget)
      budget -= piece.bytes
      yield* inChunks(piece.text)
      if (piece.cut) {
        stop() // nothing more is read: the answer ends with what was said
        yield { type: 'end', finish: 'length' }
        return
      }
    }
  } catch (err) {
    if (signal.aborted) {
      yield { type: 'end', finish: 'abort' }
      return
    }
    stop()
    fail(err)
    yield { type: 'fail' }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

export async function* streamReply(
  model: ChatModel,
  offline: ChatModel,
  input: ModelInput,
  signal: AbortSignal,
  options: ReplyOptions = {},
): AsyncGenerator<ReplyEvent> {
  const log = options.log ?? ((m: string) => console.warn(m))
  const limits: RestLimits = {
    idleMs: options.idleTimeoutMs ?? DEFAULT_STREAM_IDLE_MS,
    holdMs: options.holdReleaseMs ?? DEFAULT_HOLD_RELEASE_MS,
    budget: options.maxAnswerBytes ?? MAX_ANSWER_BYTES,
    onUsage: options.onUsage,
  }
  const upstream = new AbortController()
  const abortUpstream = () => upstream.abort(signal.reason)
  signal.addEventListener('abort', abortUpstream, { once: true })
  try {
    const pieces = model.stream(input, upstream.signal)
    let first: FirstResult
    try {
      first = yield* firstText(pieces, { firstTokenMs: options.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS, maxThinkingMs: options.maxThinkingMs, onUsage: options.onUsage })
      if (first.done && model !== offline) throw new Error('the model sent an empty answer')
    } catch (err) {
      upstream.abort()
      if (signal.aborted) {
        yield { type: 'end', finish: 'abort' }
        return
      }
      log(`huike: ${model.provider} model ${model.name} failed before its first token (${describe(err)}); answering offline`)
      const fallback = offline.stream(input, signal)
      const firstOffline = await fallback.next()
      yield { type: 'start', provider: offline.provider, fallback: 'upstream_error' }
      if (firstOffline.done) return yield { type: 'end', finish: 'stop' }
      const head = fitBytes(typeof firstOffline.value === 'string' ? firstOffline.value : '', limits.budget)
      yield* inChunks(head.text)
      if (head.cut) return yield { type: 'end', finish: 'length' }
      const stopOffline = () => void fallback.return(undefined).catch(() => {})
      yield* rest(fallback, signal, { ...limits, budget: limits.budget - head.bytes }, stopOffline, (e) => log(`huike: offline responder failed (${describe(e)})`))
      return
    }
    yield { type: 'start', provider: model.provider }
    if (first.done) return yield { type: 'end', finish: 'stop' }
    const head = fitBytes(first.value, limits.budget)
    yield* inChunks(head.text)
    if (head.cut) return yield { type: 'end', finish: 'length' } // `finally` aborts the upstream
    const stop = () => upstream.abort(new Error('the answer ended early'))
    yield* rest(pieces, signal, { ...limits, budget: limits.budget - head.bytes }, stop, (e) => log(`huike: ${model.provider} model ${model.name} failed mid-answer (${describe(e)})`))
  } finally {
    signal.removeEventListener('abort', abortUpstream)
    // Also covers the consumer stopping early: nothing may keep talking to the upstream.
    upstream.abort()
  }
}
