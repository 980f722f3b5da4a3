// The built-in responder used when no LLM key is configured, and as the fallback when the LLM fails
// before its first word. It answers from catalog facts only (offline-answer.ts) and streams like a
// model, so the widget behaves the same whichever one answered.
import type { Catalog } from '../knowledge/catalog.ts'
import { composeOfflineAnswer } from './offline-answer.ts'
import { pause, splitIntoPieces } from './pieces.ts'
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
    for (const [i, piece] of pieces.entries()) {
      if (signal.aborted) return
      if (i > 0) await pause(this.#delayMs, signal)
      if (signal.aborted) return
      yield piece
    }
  }
}
