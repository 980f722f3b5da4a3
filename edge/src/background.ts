// Work that outlives the response (webhook deliveries, the turn log): Workers' waitUntil keeps the
// isolate alive for it; on Node and in app.request() there is no execution context and it just runs.
import type { Context } from 'hono'

export function inBackground(c: Context, task: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(task) // throws where there is no execution context
  } catch {
    void task
  }
}
