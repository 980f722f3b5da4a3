// POST /v1/events: widget analytics events, validated and acknowledged with 202.
// A later issue stores them (SQLite on Node, D1 on Workers) behind `AppDeps`.
import { Hono } from 'hono'
import { EventsRequestSchema } from '../../shared/protocol.ts'
import { readJson } from './validate.ts'

export function eventsRoute(): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const { events } = await readJson(c, EventsRequestSchema)
    return c.json({ accepted: events.length }, 202)
  })
  return route
}
