// Stands in for the app chunk in the loader test: records how it was mounted and every call it gets.
// The records live on globalThis: when the loader's import and the test's import of this file race,
// vitest's module runner may evaluate it twice, and both copies must write to the same lists.
const records = ((globalThis as { __huikeFakeApp?: { calls: unknown[][]; mounted: unknown[] } }).__huikeFakeApp ||= {
  calls: [],
  mounted: [],
})
export const { calls, mounted } = records
export function mount(root: ShadowRoot, options: unknown) {
  mounted.push({ root, options })
  return (...args: unknown[]) => {
    calls.push(args)
    return `handled ${String(args[0])}`
  }
}
