// `huike('on', event, fn)` listeners. A failing listener is logged and never breaks the widget.
export type Listener = (data?: unknown) => void

export function createEmitter<Name extends string>() {
  const listeners = new Map<string, Set<Listener>>()
  return {
    /** Adds a listener; returns a function that removes it. */
    on(name: string, fn: Listener): () => void {
      if (typeof fn !== 'function') return () => {}
      const set = listeners.get(name) ?? new Set<Listener>()
      listeners.set(name, set)
      set.add(fn)
      return () => set.delete(fn)
    },
    emit(name: Name, data?: unknown): void {
      listeners.get(name)?.forEach((fn) => {
        try {
          fn(data)
        } catch (err) {
          console.error('[huike] listener failed', err)
        }
      })
    },
  }
}
