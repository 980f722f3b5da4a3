// Stands in for the bubble chunk in the loader test: records how it was started; its greet answer is null.
export const started: unknown[] = []
export async function start(root: ShadowRoot, options: unknown) {
  started.push({ root, options })
  return null
}
