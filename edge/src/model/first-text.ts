// Waiting for the first piece of an answer. A model has the first-token timeout to start; a model
// that reasons first (DeepSeek, Qwen3, GLM, Kimi, gpt-oss on Ollama…) streams reasoning chunks
// before any answer text, and each of them restarts that timeout, so it is not cut off while it
// visibly works, but only up to MAX_THINKING_FACTOR first-token timeouts from the request
// (1 minute with the 15 s default): a model that thinks longer is given up on like a silent one
// and the offline responder answers. While it thinks, `thinking` notices go out (at most one every
// THINKING_NOTICE_MS): the visitor sees the typing indicator, never the reasoning, and the bytes
// keep the widget's own stall timer (30 s) from firing.
import type { ModelFinish, ModelSignal, ModelUsage } from './types.ts'

/** The longest a model may think before its first answer text, in first-token timeouts. */
export const MAX_THINKING_FACTOR = 4
/** While a model thinks, the visitor is told so at most this often. */
export const THINKING_NOTICE_MS = 5_000

export type Pieces = AsyncGenerator<string | ModelSignal, ModelFinish | void, undefined>
export type FirstResult = IteratorResult<string, ModelFinish | void>

export class FirstTokenTimeout extends Error {
  constructor(ms: number, thoughtMs?: number) {
    super(thoughtMs === undefined ? `no first token within ${ms} ms` : `no answer text after ${thoughtMs} ms of thinking (the cap is ${MAX_THINKING_FACTOR} × the first-token timeout)`)
  }
}

export interface FirstTextLimits {
  firstTokenMs: number
  /** Default MAX_THINKING_FACTOR × firstTokenMs. */
  maxThinkingMs?: number
  onUsage?: (usage: ModelUsage) => void
}

/** The first non-empty text (or the end); yields `thinking` notices on the way; throws FirstTokenTimeout. */
export async function* firstText(pieces: Pieces, limits: FirstTextLimits): AsyncGenerator<{ type: 'thinking' }, FirstResult, undefined> {
  const started = Date.now()
  const cap = started + (limits.maxThinkingMs ?? MAX_THINKING_FACTOR * limits.firstTokenMs)
  let deadline = started + limits.firstTokenMs
  let thought = false
  let noticed = -Infinity
  let timer: ReturnType<typeof setTimeout> | undefined
  try {
    for (;;) {
      const next = pieces.next()
      next.catch(() => {}) // if the timeout wins, its later rejection (after abort) is expected
      const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now()))))
      const result = await Promise.race([next, timeout])
      if (timer !== undefined) clearTimeout(timer)
      if (result === 'timeout') throw new FirstTokenTimeout(limits.firstTokenMs, thought && deadline >= cap ? Date.now() - started : undefined)
      if (result.done) return result
      const piece = result.value
      if (typeof piece === 'string') {
        if (piece) return { done: false, value: piece }
        continue
      }
      if (piece.type === 'usage') {
        limits.onUsage?.(piece.usage)
        continue
      }
      thought = true
      const now = Date.now()
      deadline = Math.min(now + limits.firstTokenMs, cap)
      if (now - noticed >= THINKING_NOTICE_MS) {
        noticed = now
        yield { type: 'thinking' }
      }
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}
