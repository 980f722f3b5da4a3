// Runs the configured model for one answer, with the fallback rules that keep a visitor from being
// left without an answer:
// - before the first token, an error or a silence longer than the first-token timeout switches to
//   the offline responder (the visitor still gets a grounded answer, marked `fallback`);
// - after the first token, an error ends the answer with an error (we cannot unsay what was shown);
// - when the visitor leaves (`signal` aborts), the upstream request is aborted too.
// Who answers is only known once the first token (or the fallback) is in, so `start` comes first.
import type { Provider } from '../../../shared/protocol.ts'
import type { ChatModel, ModelFinish, ModelInput } from './types.ts'

export type ReplyEvent =
  | { type: 'start'; provider: Provider; fallback?: 'upstream_error' }
  | { type: 'text'; text: string }
  | { type: 'end'; finish: 'stop' | 'length' | 'abort' }
  | { type: 'fail' }

export interface ReplyOptions {
  /** How long the configured model may take to send its first token. */
  firstTokenTimeoutMs?: number
  /** Where upstream failures are reported for the operator (never to the visitor). */
  log?: (message: string) => void
}

export const DEFAULT_FIRST_TOKEN_TIMEOUT_MS = 15_000

type Pieces = AsyncGenerator<string, ModelFinish | void, undefined>

class FirstTokenTimeout extends Error {
  constructor(ms: number) {
    super(`no first token within ${ms} ms`)
  }
}

/** The first non-empty piece (or the end), or a FirstTokenTimeout. */
async function firstPiece(pieces: Pieces, ms: number): Promise<IteratorResult<string, ModelFinish | void>> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FirstTokenTimeout(ms)), ms)
  })
  try {
    for (;;) {
      const next = pieces.next()
      next.catch(() => {}) // if the timeout wins, its later rejection (after abort) is expected
      const result = await Promise.race([next, timeout])
      if (result.done || result.value) return result
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer)
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) {
    const status = (err as { status?: unknown }).status
    return `${err.name}${typeof status === 'number' ? ` ${status}` : ''}: ${err.message}`
  }
  return String(err)
}

/** The rest of a stream whose first piece is already out. */
async function* rest(pieces: Pieces, signal: AbortSignal, fail: (err: unknown) => void): AsyncGenerator<ReplyEvent> {
  try {
    for (;;) {
      const result = await pieces.next()
      if (result.done) {
        yield { type: 'end', finish: result.value === 'length' ? 'length' : 'stop' }
        return
      }
      if (result.value) yield { type: 'text', text: result.value }
    }
  } catch (err) {
    if (signal.aborted) {
      yield { type: 'end', finish: 'abort' }
      return
    }
    fail(err)
    yield { type: 'fail' }
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
  const upstream = new AbortController()
  const abortUpstream = () => upstream.abort(signal.reason)
  signal.addEventListener('abort', abortUpstream, { once: true })
  try {
    const pieces = model.stream(input, upstream.signal)
    let first: IteratorResult<string, ModelFinish | void>
    try {
      first = await firstPiece(pieces, options.firstTokenTimeoutMs ?? DEFAULT_FIRST_TOKEN_TIMEOUT_MS)
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
      yield { type: 'text', text: firstOffline.value }
      yield* rest(fallback, signal, (e) => log(`huike: offline responder failed (${describe(e)})`))
      return
    }
    yield { type: 'start', provider: model.provider }
    if (first.done) return yield { type: 'end', finish: 'stop' }
    yield { type: 'text', text: first.value }
    yield* rest(pieces, signal, (e) => log(`huike: ${model.provider} model ${model.name} failed mid-answer (${describe(e)})`))
  } finally {
    signal.removeEventListener('abort', abortUpstream)
    // Also covers the consumer stopping early: nothing may keep talking to the upstream.
    upstream.abort()
  }
}
