// The CPU-heavy part of a chat turn (understanding, plan, dialogue) runs in rounds of at most
// ROUND_MS per turn of the event loop, first come first served. Node takes roughly one new
// connection per turn of the loop: when one turn of the loop prepared every chat that had arrived
// (hundreds of ms on a saturated edge), a visitor opening a new connection waited seconds for the
// first word while visitors on open keep-alive connections kept being served.
const ROUND_MS = 10
/**
 * Under load a round may take as long as the rest of the loop's pass took (the paced answers'
 * writes, reading requests), up to this: new visitors' turns get about half the thread, so their
 * first word does not queue behind other visitors' streams (whose pacing then catches up by sending
 * what is due in fewer, larger writes).
 */
const MAX_ROUND_MS = 30
let lastRoundEnd = 0

interface Job {
  work: () => unknown
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

const queue: Job[] = []
let scheduled = false

// Taken at load: a test's fake timers must not hold chat turns back. No setImmediate (Workers): a 0 ms timer.
const nativeImmediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate
const later = nativeImmediate ? (callback: () => void) => void nativeImmediate(callback) : (callback: () => void) => void setTimeout(callback, 0)

function round(): void {
  scheduled = false
  const start = performance.now()
  const budget = Math.min(MAX_ROUND_MS, Math.max(ROUND_MS, start - lastRoundEnd))
  while (queue.length && performance.now() - start < budget) {
    const job = queue.shift()!
    try {
      job.resolve(job.work())
    } catch (err) {
      job.reject(err)
    }
  }
  lastRoundEnd = performance.now()
  if (queue.length) schedule()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  later(round)
}

/** `work()` run in its turn: at the end of this turn of the event loop, or in a later one when this one's round is used up. */
export function inTurnBudget<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (value: unknown) => void, reject })
    schedule()
  })
}
