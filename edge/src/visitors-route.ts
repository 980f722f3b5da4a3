// A visitor's own data (CONTRACT §4). The widget registers its visitorId once, on first visit, and keeps
// the token it gets back; only that token can export or erase the visitor's events. A registered id
// cannot be claimed again (409, never a second token); a device that meets a 409 (its id was registered
// by someone who saw it, e.g. in a share link's `?ref=`) asks for a new id instead, which the edge mints
// and registers together with its token, so nobody else can hold it.
//   POST   /v1/visitors      {}           → 201 {visitorId, token}: a new id, minted here
//   POST   /v1/visitors      {visitorId}  → 201 {visitorId, token}; 409 if the id already has a token
//   GET    /v1/visitors/:id  Bearer token → 200 {visitorId, createdAt, events: [...]} (and `conversations` with live handoff on)
//   DELETE /v1/visitors/:id  Bearer token → 204; the events, the visitor row and their live conversations are gone
// No token → 401; another visitor's token (or an unknown visitor) → 403. The edge keeps only the
// token's SHA-256 hash.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ApiError } from './errors.ts'
import { hashToken, newToken } from './store/token.ts'
import type { EventStore } from './store/types.ts'
import { readJson } from './validate.ts'

/** `visitorId` optional: without one (or with an empty body) the edge mints the id. */
export const VisitorRegistrationSchema = z.object({ visitorId: z.string().min(1).max(100).optional() })

/** A new visitor id, shaped like the widget's own (`v_` + 24 hex digits). */
export function newVisitorId(): string {
  return 'v_' + Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** The bearer token of the request; 401 without one. */
export function bearer(c: Context): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  if (!match?.[1]) {
    throw new ApiError(401, 'unauthorized', 'Send the visitor token as "Authorization: Bearer <token>"', {
      'www-authenticate': 'Bearer',
    })
  }
  return match[1]
}

/** 401 without a token, 403 when it is not this visitor's (or the visitor is unknown). */
export async function authorizeVisitor(c: Context, store: EventStore, visitorId: string): Promise<string> {
  if (!(await store.checkToken(visitorId, bearer(c)))) {
    throw new ApiError(403, 'forbidden', 'This token does not belong to this visitor')
  }
  return visitorId
}

const authorize = (c: Context, store: EventStore) => authorizeVisitor(c, store, c.req.param('id') ?? '')

export interface VisitorsRouteOptions {
  /** Erases the rest of the visitor's data (their live conversations) along with their events. */
  erase?: (visitorId: string) => Promise<unknown>
  /** The rest of the visitor's data for their export: `{conversations: […]}`. */
  export?: (visitorId: string) => Promise<Record<string, unknown>>
}

export function visitorsRoute(store: EventStore, options: VisitorsRouteOptions = {}): Hono {
  const route = new Hono()

  route.post('/', async (c) => {
    // An empty body asks for a new id, like `{}` (Hono keeps the body: readJson reads it again).
    const asked = (await c.req.text()).trim() ? (await readJson(c, VisitorRegistrationSchema)).visitorId : undefined
    const token = newToken()
    const hash = await hashToken(token)
    let visitorId = asked ?? newVisitorId()
    // A minted id that happens to be taken (96 random bits: never, in practice) is minted again.
    for (let tries = 1; !(await store.registerVisitor(visitorId, hash)); tries++) {
      if (asked !== undefined) {
        throw new ApiError(
          409,
          'conflict',
          'This visitor id is already registered to another device: POST /v1/visitors without a visitorId to get a new id and its token',
        )
      }
      if (tries >= 3) throw new Error('could not mint a free visitor id')
      visitorId = newVisitorId()
    }
    c.header('cache-control', 'no-store')
    return c.json({ visitorId, token }, 201)
  })

  route.get('/:id', async (c) => {
    const visitorId = await authorize(c, store)
    const data = await store.exportVisitor(visitorId)
    // Erased between the token check and the export: nothing to give.
    if (!data) throw new ApiError(403, 'forbidden', 'This token does not belong to this visitor')
    c.header('cache-control', 'no-store')
    return c.json({ ...data, ...(await options.export?.(visitorId)) })
  })

  route.delete('/:id', async (c) => {
    const visitorId = await authorize(c, store)
    await options.erase?.(visitorId)
    await store.deleteVisitor(visitorId)
    return c.body(null, 204)
  })

  return route
}
