// One pacing clock for every paced offline answer: a single timer wakes, at each tick, every stream
// whose next piece is due, instead of a timer (and an abort listener) per piece per stream. On a
// busy edge the ticks come late and each stream's due pieces go out together in one write, so the
// pacing costs less per answer the busier the edge is, and does not hold new visitors' first words.

interface Waiter {
  due: number
  wake: () => void
}

const waiting = new Set<Waiter>()
let timer: ReturnType<typeof setTimeout> | undefined
let timerAt = Infinity
/** How early a piece may go out so that streams due at nearly the same time share a tick. */
const SLACK_MS = 2

function tick(): void {
  timer = undefined
  timerAt = Infinity
  // A piece due within SLACK_MS goes now: fewer ticks, each waking more streams at once.
  const now = performance.now() + SLACK_MS
  let next = Infinity
  for (const waiter of waiting) {
    if (waiter.due <= now) {
      waiting.delete(waiter)
      waiter.wake()
    } else if (waiter.due < next) next = waiter.due
  }
  if (next !== Infinity) arm(next)
}

function arm(at: number): void {
  // An armed timer long overdue is treated as lost (a test's fake timers reset under it): armed anew.
  if (timer !== undefined && timerAt <= at && performance.now() < timerAt + 1_000) return
  if (timer !== undefined) clearTimeout(timer)
  timerAt = at
  timer = setTimeout(tick, Math.max(0, at - performance.now()))
}

/** One stream's waits on the shared clock; at most one pending at a time. */
export interface PaceWaiter {
  /** Resolves once `due` (a performance.now() time) has passed, or when woken early by wakeNow. */
  until(due: number): Promise<void>
  /** Wakes a pending wait now (the stream was aborted). */
  wakeNow(): void
}

export function paceWaiter(): PaceWaiter {
  let current: Waiter | undefined
  return {
    until(due) {
      if (due <= performance.now()) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const waiter: Waiter = {
          due,
          wake: () => {
            if (current === waiter) current = undefined
            resolve()
          },
        }
        current = waiter
        waiting.add(waiter)
        arm(due)
      })
    },
    wakeNow() {
      const waiter = current
      if (!waiter) return
      waiting.delete(waiter)
      waiter.wake()
    },
  }
}
