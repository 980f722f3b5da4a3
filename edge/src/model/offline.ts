// The built-in responder used when no LLM key is configured, and as the fallback when the LLM fails
// before its first word. It answers from catalog facts only (offline-answer.ts) and streams like a
// model, so the widget behaves the same whichever one answered.
import type { Catalog } from '../knowledge/catalog.ts'
import { composeOfflineAnswer } from './offline-answer.ts'
import { paceWaiter } from './offline-clock.ts'
import { splitIntoPieces } from './pieces.ts'
import type { ChatModel, ModelInput } from './types.ts'

export interface OfflineResponderOptions {
  /** Pause between pieces, so the answer visibly streams; 0 in tests. */
  pieceDelayMs?: number
}

export const DEFAULT_PIECE_DELAY_MS = 15

export class OfflineResponder implements ChatModel {
  readonly provider = 'offline' as const
  readonly name = 'offline'
  readonly #catalog: Catalog
  readonly #delayMs: number

  constructor(catalog: Catalog, options: OfflineResponderOptions = {}) {
    this.#catalog = catalog
    this.#delayMs = options.pieceDelayMs ?? DEFAULT_PIECE_DELAY_MS
  }

  async *stream(input: ModelInput, signal: AbortSignal): AsyncGenerator<string, void, undefined> {
    const pieces = splitIntoPieces(composeOfflineAnswer(input, this.#catalog))
    const delay = this.#delayMs
    if (delay <= 0) {
      for (const piece of pieces) {
        if (signal.aborted) return
        yield piece
      }
      return
    }
    // Piece i is due `i × delay` after the start. A busy edge wakes up late: the pieces due by then
    // go out together, so the answer takes the same time and a crowded edge does less work per
    // answer, instead of every stream falling further behind and new visitors waiting for the loop.
    const start = performance.now()
    const clock = paceWaiter()
    const onAbort = () => clock.wakeNow()
    signal.addEventListener('abort', onAbort, { once: true })
    try {
      let sent = 0
      while (sent < pieces.length) {
        if (signal.aborted) return
        const due = Math.min(pieces.length, Math.max(sent + 1, Math.floor((performance.now() - start) / delay) + 1))
        yield due === sent + 1 ? pieces[sent]! : pieces.slice(sent, due).join('')
        sent = due
        if (sent < pieces.length && !signal.aborted) await clock.until(start + sent * delay)
      }
    } finally {
      signal.removeEventListener('abort', onAbort)
      clock.wakeNow()
    }
  }
}
