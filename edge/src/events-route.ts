// POST /v1/events: widget analytics events. A batch is validated whole (a bad event → 400 naming
// its index, nothing stored), then stored in one transaction, deduplicated by event id (a re-sent
// batch is acknowledged, its duplicates counted, not stored twice): 202 `{accepted, duplicates}`.
// Without a store (tests), the events are only validated and counted.
import { Hono } from 'hono'
import { EventsRequestSchema } from '../../shared/protocol.ts'
import type { EventStore } from './store/types.ts'
import { readJson } from './validate.ts'

export function eventsRoute(store?: EventStore): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const { events } = await readJson(c, EventsRequestSchema)
    if (!store) return c.json({ accepted: events.length }, 202)
    return c.json(await store.append(events), 202)
  })
  return route
}
