// Work that outlives the response (webhook deliveries, the turn log): Workers' waitUntil keeps the
// isolate alive for it; on Node and in app.request() there is no execution context and it just runs.
import type { Context } from 'hono'

/** Set once asking threw: the runtime has no execution context, and building that Error per turn cost CPU under load. */
let noExecutionContext = false

export function inBackground(c: Context, task: Promise<unknown>): void {
  if (noExecutionContext) return void task
  try {
    c.executionCtx.waitUntil(task) // throws where there is no execution context
  } catch {
    noExecutionContext = true
    void task
  }
}
