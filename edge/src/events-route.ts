// POST /v1/events: widget analytics events. A batch is validated whole (a bad event → 400 naming
// its index, nothing stored), then stored in one transaction, deduplicated by event id (a re-sent
// batch is acknowledged, its duplicates counted, not stored twice): 202 `{accepted, duplicates}`.
// Without a store (tests), the events are only validated and counted. Personal data in props is
// masked again, and conversation text (a 👎's question) is kept only with transcript retention on.
// Every stored event says its channel: here always `web`, whatever a client sends.
//
// Bounded work per request: props may nest at most 8 levels, hold strings of at most 2,000
// characters (a chat message's cap) and keys of at most 100, and a batch at most 10,000 values and
// 48,000 characters; anything more is a 400 naming the field. Props are walked with an explicit
// stack (no recursion to overflow), and masking yields to other requests every few milliseconds,
// so no batch holds the event loop however slow the masker is on a string. With a limit
// (HUIKE_EVENTS_RATE_LIMIT), each client may send so many events a minute: one token is spent
// before the body is read, the rest of the batch's size after it validates; over it: 429.
import type { Context } from 'hono'
import { Hono } from 'hono'
import type { SiteConfig } from '../../shared/config.ts'
import { maskPII } from '../../shared/mask.ts'
import { EventsRequestSchema, type TrackedEvent } from '../../shared/protocol.ts'
import { ApiError } from './errors.ts'
import { cloudflareClient, rateLimited, tokenBuckets } from './middleware/rate-limit.ts'
import { yieldToLoop } from './store/sql-store.ts'
import type { EventStore } from './store/types.ts'
import { readJson } from './validate.ts'

/** Props that hold what the visitor or the assistant wrote. */
const TEXT_PROPS = ['q', 'a']

export const PROPS_LIMITS = {
  /** Objects and arrays inside an event's props (props itself not counted). */
  depth: 8,
  /** Characters in one string value (a chat message's cap). */
  stringChars: 2000,
  /** Characters in one key. */
  keyChars: 100,
  /** Values (strings, numbers, objects, …) in all the props of a batch. */
  batchValues: 10_000,
  /** Characters in all the props' strings and keys of a batch. */
  batchChars: 48_000,
} as const

/** Masking runs at most this long before it lets other requests in. */
const SLICE_MS = 4
/** One batch is masked at a time, so concurrent batches cannot add their slices up in one turn of the loop. */
let maskingQueue: Promise<unknown> = Promise.resolve()

export interface EventsRouteOptions {
  /** Events per minute per client (0 or unset: no limit) and who a client is. */
  limit?: { perMinute: number; clientKey?: (c: Context) => string; now?: () => number }
}

export function eventsRoute(store: EventStore | undefined, config: () => SiteConfig, options: EventsRouteOptions = {}): Hono {
  const route = new Hono()
  const perMinute = options.limit?.perMinute ?? 0
  const buckets = perMinute > 0 ? tokenBuckets({ perMinute, now: options.limit?.now }) : undefined
  const clientKey = options.limit?.clientKey ?? cloudflareClient
  const spend = (key: string, cost: number) => {
    if (cost <= 0) return
    const retryAfter = buckets?.take(key, cost)
    if (retryAfter !== undefined) throw rateLimited(`events: at most ${perMinute} a minute`, retryAfter)
  }

  route.post('/', async (c) => {
    const key = buckets ? clientKey(c) : ''
    if (buckets) spend(key, 1) // before the body is read: a flood of bad batches is limited too
    const { events } = await readJson(c, EventsRequestSchema)
    checkProps(events)
    // The rest of the batch; one larger than the whole limit costs the limit, so it can pass once full.
    if (buckets && events.length > 1) spend(key, Math.min(events.length, perMinute) - 1)
    if (!store) return c.json({ accepted: events.length }, 202)
    const keepText = config().privacy.transcripts.retain
    return c.json(await store.append(await minimised(events, keepText)), 202)
  })
  return route
}

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => typeof v === 'object' && v !== null

/**
 * Refuses props nested too deep or too large (400 naming the field), without recursion: a
 * 2,577-deep array is a clean 400, not a stack overflow.
 */
export function checkProps(events: readonly TrackedEvent[]): void {
  const refuse = (path: string, what: string) => {
    throw new ApiError(400, 'invalid_request', `${path}: ${what}`)
  }
  let values = 0
  let chars = 0
  const stack: { value: unknown; path: string; depth: number }[] = []
  events.forEach((e, i) => stack.push({ value: e.props, path: `events.${i}.props`, depth: 0 }))
  while (stack.length) {
    const { value, path, depth } = stack.pop()!
    if (++values > PROPS_LIMITS.batchValues) refuse('events', `more than ${PROPS_LIMITS.batchValues} values in props`)
    if (typeof value === 'string') {
      if (value.length > PROPS_LIMITS.stringChars) refuse(path, `longer than ${PROPS_LIMITS.stringChars} characters`)
      chars += value.length
    } else if (isContainer(value)) {
      if (depth > PROPS_LIMITS.depth) refuse(path, `nested deeper than ${PROPS_LIMITS.depth} levels`)
      if (Array.isArray(value)) {
        value.forEach((v, j) => stack.push({ value: v, path: `${path}.${j}`, depth: depth + 1 }))
      } else {
        for (const [k, v] of Object.entries(value)) {
          if (k.length > PROPS_LIMITS.keyChars) refuse(path, `a key is longer than ${PROPS_LIMITS.keyChars} characters`)
          chars += k.length
          stack.push({ value: v, path: `${path}.${k}`, depth: depth + 1 })
        }
      }
    }
    if (chars > PROPS_LIMITS.batchChars) refuse('events', `more than ${PROPS_LIMITS.batchChars} characters in props`)
  }
}

/**
 * The events as stored: text props dropped unless kept, every string in props masked — in place
 * (the batch was parsed for this request), walking with a stack, yielding every SLICE_MS, one
 * batch at a time.
 */
export function minimised(events: readonly TrackedEvent[], keepText: boolean): Promise<TrackedEvent[]> {
  const done = maskingQueue.then(() => maskSliced(events, keepText))
  maskingQueue = done.catch(() => {})
  return done
}

async function maskSliced(events: readonly TrackedEvent[], keepText: boolean): Promise<TrackedEvent[]> {
  let sliceStart = performance.now()
  const out: TrackedEvent[] = []
  for (const e of events) {
    const props: Record<string, unknown> = { ...e.props }
    if (!keepText) for (const key of TEXT_PROPS) delete props[key]
    delete props.usage // token usage (the report's cost) is recorded by the edge alone (turn-log.ts), never taken from a client
    props.channel = 'web' // this route is the widget's; other channels' events are written by the turn log with theirs
    const stack: (Record<string, unknown> | unknown[])[] = [props]
    while (stack.length) {
      const node = stack.pop()!
      const keys = Array.isArray(node) ? node.keys() : Object.keys(node)
      for (const k of keys) {
        const v = (node as Record<string | number, unknown>)[k]
        if (typeof v === 'string') {
          ;(node as Record<string | number, unknown>)[k] = maskPII(v)
          if (performance.now() - sliceStart > SLICE_MS) {
            await yieldToLoop()
            sliceStart = performance.now()
          }
        } else if (isContainer(v)) stack.push(v)
      }
    }
    out.push({ ...e, props })
  }
  return out
}
