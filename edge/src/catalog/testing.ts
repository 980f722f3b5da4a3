// Shared by the catalog tests: the exact message this JavaScript engine gives for invalid JSON, so
// expected errors don't hard-code one engine's wording.
export function syntaxError(text: string): string {
  try {
    JSON.parse(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${text} is valid JSON`)
}
