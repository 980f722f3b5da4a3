// The widget's own hooks (src/app/hooks.ts, in place of preact/hooks): state, refs, effects and their
// cleanups, as the components rely on them.
import { act, render } from '@testing-library/preact'
import { describe, expect, it } from 'vitest'
import { useEffect, useLayoutEffect, useRef, useState } from '../src/app/hooks.ts'

describe('hooks', () => {
  it('keeps state and a stable setter, takes updater functions and lazy initial state, skips equal values', () => {
    let renders = 0
    let set!: (next: number | ((n: number) => number)) => void
    const setters = new Set<unknown>()
    function Counter() {
      renders++
      const [n, setN] = useState(() => 40)
      set = setN
      setters.add(setN)
      return <p>{n}</p>
    }
    const c = render(<Counter />).container
    expect(c.textContent).toBe('40')
    act(() => set((n) => n + 1))
    act(() => set(42))
    expect(c.textContent).toBe('42')
    const before = renders
    act(() => set(42))
    expect(renders).toBe(before)
    expect(setters.size).toBe(1)
  })

  it('keeps a ref across renders and points it at the element', () => {
    const refs = new Set<unknown>()
    let rerender!: (v: object) => void
    function Box() {
      rerender = useState({})[1]
      const ref = useRef<HTMLDivElement>(null)
      refs.add(ref)
      return <div ref={ref} />
    }
    const c = render(<Box />).container
    act(() => rerender({}))
    expect(refs.size).toBe(1)
    expect((refs.values().next().value as { current: unknown }).current).toBe(c.firstChild)
  })

  it('runs effects once the DOM is in place, again when a dependency changes (after the cleanup), and cleans up at unmount', () => {
    const log: string[] = []
    function Effects({ dep }: { dep: number }) {
      const ref = useRef<HTMLSpanElement>(null)
      useEffect(() => {
        log.push(`effect ${dep} ${ref.current?.isConnected}`)
        return () => log.push(`cleanup ${dep}`)
      }, [dep])
      useLayoutEffect(() => void log.push('layout once'), [])
      return <span ref={ref} />
    }
    const r = render(<Effects dep={1} />)
    expect(log).toEqual(['effect 1 true', 'layout once'])
    r.rerender(<Effects dep={1} />)
    expect(log).toHaveLength(2)
    r.rerender(<Effects dep={2} />)
    expect(log.slice(2)).toEqual(['cleanup 1', 'effect 2 true'])
    r.unmount()
    expect(log.slice(4)).toEqual(['cleanup 2'])
  })
})
