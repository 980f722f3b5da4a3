// The widget's observable state: a value, and the functions to call when it changes. What the panel
// needs of signals — components subscribe through useValue (use-value.ts), writes inside `batch` notify
// once at its end — without a general reactive library (@preact/signals-core was ~1.3 KB gzip of the app).
export interface Signal<T> {
  value: T
  /** Calls `fn` with the value now and after every change; returns the unsubscribe function. */
  subscribe(fn: (value: T) => void): () => void
}
export type ReadonlySignal<T> = Readonly<Signal<T>>

let batching = 0
const due = new Set<() => void>()

export function signal<T>(value: T): Signal<T> {
  const subscribers = new Set<(value: T) => void>()
  const notify = () => subscribers.forEach((fn) => fn(value))
  return {
    get value() {
      return value
    },
    set value(next: T) {
      if (Object.is(next, value)) return
      value = next
      if (batching) due.add(notify)
      else notify()
    },
    subscribe(fn) {
      subscribers.add(fn)
      fn(value)
      return () => void subscribers.delete(fn)
    },
  }
}

/** Runs `fn`; subscribers hear of its writes once, when it is done. */
export function batch<T>(fn: () => T): T {
  batching++
  try {
    return fn()
  } finally {
    if (!--batching) {
      const calls = [...due]
      due.clear()
      calls.forEach((call) => call())
    }
  }
}
