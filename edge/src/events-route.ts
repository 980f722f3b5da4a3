// POST /v1/events: widget analytics events. A batch is validated whole (a bad event → 400 naming
// its index, nothing stored), then stored in one transaction, deduplicated by event id (a re-sent
// batch is acknowledged, its duplicates counted, not stored twice): 202 `{accepted, duplicates}`.
// Without a store (tests), the events are only validated and counted. Personal data in props is
// masked again, and conversation text (a 👎's question) is kept only with transcript retention on.
import { Hono } from 'hono'
import type { SiteConfig } from '../../shared/config.ts'
import { maskDeep } from '../../shared/mask.ts'
import { EventsRequestSchema, type TrackedEvent } from '../../shared/protocol.ts'
import type { EventStore } from './store/types.ts'
import { readJson } from './validate.ts'

/** Props that hold what the visitor or the assistant wrote. */
const TEXT_PROPS = ['q', 'a']

export function eventsRoute(store: EventStore | undefined, config: () => SiteConfig): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const { events } = await readJson(c, EventsRequestSchema)
    if (!store) return c.json({ accepted: events.length }, 202)
    const keepText = config().privacy.transcripts.retain
    return c.json(await store.append(events.map((e) => minimised(e, keepText))), 202)
  })
  return route
}

function minimised(e: TrackedEvent, keepText: boolean): TrackedEvent {
  const props = maskDeep(e.props)
  if (!keepText) for (const key of TEXT_PROPS) delete props[key]
  return { ...e, props }
}
