// Stands in for the bubble chunk in the loader test: records how it was started; its greet answer is null.
// On globalThis for the same reason as fake-app.ts: a raced import may evaluate this file twice.
export const started: unknown[] = ((globalThis as { __huikeFakeBubble?: unknown[] }).__huikeFakeBubble ||= [])
export async function start(root: ShadowRoot, options: unknown) {
  started.push({ root, options })
  return null
}
