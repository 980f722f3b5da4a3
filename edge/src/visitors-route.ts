// A visitor's own data (CONTRACT §4). The widget registers its visitorId once, on first visit,
// and keeps the token it gets back; only that token can export or erase the visitor's events.
//   POST   /v1/visitors      {visitorId}  → 201 {token}; 409 if the visitor already has a token
//   GET    /v1/visitors/:id  Bearer token → 200 {visitorId, createdAt, events: [...]}
//   DELETE /v1/visitors/:id  Bearer token → 204; the events and the visitor row are gone
// No token → 401; another visitor's token (or an unknown visitor) → 403. The edge keeps only the
// token's SHA-256 hash.
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { ApiError } from './errors.ts'
import { hashToken, newToken } from './store/token.ts'
import type { EventStore } from './store/types.ts'
import { readJson } from './validate.ts'

export const VisitorRegistrationSchema = z.object({ visitorId: z.string().min(1).max(100) })

function bearer(c: Context): string {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')
  if (!match?.[1]) {
    throw new ApiError(401, 'unauthorized', 'Send the visitor token as "Authorization: Bearer <token>"', {
      'www-authenticate': 'Bearer',
    })
  }
  return match[1]
}

async function authorize(c: Context, store: EventStore): Promise<string> {
  const visitorId = c.req.param('id') ?? ''
  if (!(await store.checkToken(visitorId, bearer(c)))) {
    throw new ApiError(403, 'forbidden', 'This token does not belong to this visitor')
  }
  return visitorId
}

export function visitorsRoute(store: EventStore): Hono {
  const route = new Hono()

  route.post('/', async (c) => {
    const { visitorId } = await readJson(c, VisitorRegistrationSchema)
    const token = newToken()
    if (!(await store.registerVisitor(visitorId, await hashToken(token)))) {
      throw new ApiError(409, 'conflict', `Visitor ${visitorId} already has a token`)
    }
    return c.json({ token }, 201)
  })

  route.get('/:id', async (c) => {
    const visitorId = await authorize(c, store)
    const data = await store.exportVisitor(visitorId)
    // Erased between the token check and the export: nothing to give.
    if (!data) throw new ApiError(403, 'forbidden', 'This token does not belong to this visitor')
    c.header('cache-control', 'no-store')
    return c.json(data)
  })

  route.delete('/:id', async (c) => {
    const visitorId = await authorize(c, store)
    await store.deleteVisitor(visitorId)
    return c.body(null, 204)
  })

  return route
}
