// How a component reads the chat's state (state.ts): the value now, and a re-render when it changes. Said
// where it is read, in the few components that read it, instead of a library hooking every render to
// track reads (the Preact integration of @preact/signals: ~1 KB gzip).
import { useLayoutEffect, useState } from './hooks.ts'
import type { ReadonlySignal } from './state.ts'

export function useValue<T>(s: ReadonlySignal<T>): T {
  const rerender = useState({})[1]
  const value = s.value
  // Subscribed as soon as the component is in the DOM, and `subscribe` calls back at once: a change
  // between this render and the subscription is not missed.
  useLayoutEffect(() => s.subscribe((now) => void (now !== value && rerender({}))), [s, value])
  return value
}
