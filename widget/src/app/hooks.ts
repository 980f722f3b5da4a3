// The four hooks the widget's components use — state, ref, effect, layout effect — on Preact's render
// option: a few hundred bytes instead of preact/hooks (~1 KB gzip of the app: it also carries context,
// memo, ids, error boundaries, after-paint scheduling and devtools hooks, and hooks every diff, commit
// and unmount).
// Effects run in Preact's commit, once the DOM is in place (children before parents, as layout effects
// do in preact/hooks), when a dependency changed; their cleanup runs before the next run and at unmount
// (componentWillUnmount, which Preact calls on function components too).
import { options } from 'preact'

interface Hook {
  /** State or ref. */
  v?: unknown
  /** State setter. */
  s?: (next: unknown) => void
  /** Effect dependencies, as of the last render that scheduled it. */
  d?: unknown[]
  /** What the effect returned: its cleanup if a function. */
  c?: unknown
}
interface Instance {
  h?: Hook[]
  /** Preact's `_renderCallbacks` (mangled; stable within Preact 10 and 11): called in the commit. */
  __h: (() => void)[]
  setState(update: object): void
  componentWillUnmount?: () => void
}

let current: Instance
let index = 0
// Preact's `_render` option (mangled `__r`, which preact/hooks uses too): before each component renders,
// with its vnode, whose `__c` is the component instance.
const o = options as unknown as { __r?: (vnode: { __c: Instance }) => void }
const before = o.__r
o.__r = (vnode) => {
  before?.(vnode)
  current = vnode.__c
  index = 0
}

const cleanup = (hook: Hook) => typeof hook.c == 'function' && hook.c()

function hook(): Hook {
  const c = current
  if (!c.h) {
    const list: Hook[] = (c.h = [])
    c.componentWillUnmount = () => list.forEach(cleanup)
  }
  return (c.h[index++] ||= {})
}

export function useState<S>(initial: S | (() => S)): [S, (next: S | ((now: S) => S)) => void] {
  const h = hook()
  const c = current
  if (!h.s) {
    h.v = typeof initial == 'function' ? (initial as () => S)() : initial
    h.s = (next) => {
      next = typeof next == 'function' ? (next as (now: unknown) => unknown)(h.v) : next
      if (!Object.is(next, h.v)) {
        h.v = next
        c.setState({})
      }
    }
  }
  return [h.v as S, h.s]
}

export function useRef<T>(initial: T | null): { current: T | null } {
  const h = hook()
  return (h.v ||= { current: initial }) as { current: T | null }
}

export function useEffect(effect: () => unknown, deps: readonly unknown[]): void {
  const h = hook()
  if (!h.d || deps.some((d, i) => !Object.is(d, h.d![i]))) {
    h.d = deps as unknown[]
    current.__h.push(() => {
      cleanup(h)
      h.c = effect()
    })
  }
}

export const useLayoutEffect = useEffect
