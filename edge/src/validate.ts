// Reads a JSON request body and checks it against a shared protocol schema. Bad JSON and schema
// violations become 400s whose message names the offending field (`messages.0.content: …`), so a
// site owner debugging an integration sees what to fix.
import type { Context } from 'hono'
import type { z } from 'zod'
import { ApiError } from './errors.ts'

/** Shown in error messages; a few issues are enough to act on. */
const MAX_ISSUES_SHOWN = 3

/** `["messages", 0, "content"]` → `messages.0.content`; the root is called `body`. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : 'body'
}

export function describeIssues(issues: readonly z.core.$ZodIssue[], formatPath: (path: readonly PropertyKey[]) => string = issuePath): string {
  const shown = issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => `${formatPath(issue.path)}: ${issue.message}`)
  const more = issues.length - shown.length
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '')
}

export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new ApiError(400, 'bad_json', 'The request body is not valid JSON')
  }
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const json = parseJsonText(await c.req.text())
  const result = schema.safeParse(json)
  if (!result.success) throw new ApiError(400, 'invalid_request', describeIssues(result.error.issues))
  return result.data
}
