// Stands in for the app chunk in the loader test: records how it was mounted and every call it gets.
export const calls: unknown[][] = []
export const mounted: unknown[] = []
export function mount(root: ShadowRoot, options: unknown) {
  mounted.push({ root, options })
  return (...args: unknown[]) => {
    calls.push(args)
    return `handled ${String(args[0])}`
  }
}
