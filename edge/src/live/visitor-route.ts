// The visitor's side of a live handoff (CONTRACT §6), bearer: the visitor's own token (none → 401,
// another visitor's → 403). Mount: app.route('/v1/live', visitorLiveRoute({ desk, tokens })).
//   GET  /?visitorId=…  SSE of VisitorLiveEvent. First the state: a `status` event (and the person's
//        messages so far, which the widget files by id), or, with a Last-Event-ID the hub still
//        remembers, exactly the events missed since. Then live events. A closed conversation's stream
//        ends after its closing `status`: reconnecting after it gets that `status` again and the end,
//        never a wait. A visitor who never had a live conversation gets 404 (nothing to wait for).
//        `?lastEventId=` stands in for the Last-Event-ID header.
//   POST /messages {visitorId, text} → 201 {message}; masked like /v1/chat; no open conversation → 409
//   POST /leave    {visitorId}       → {conversation}: back to the assistant (closed as released); none open → 409
import { Hono } from 'hono'
import { VisitorLeaveBodySchema, VisitorLiveMessageBodySchema, type VisitorLiveEvent } from '../../../shared/live.ts'
import { maskPII } from '../../../shared/mask.ts'
import { ApiError } from '../errors.ts'
import type { EventStore } from '../store/types.ts'
import { readJson } from '../validate.ts'
import { authorizeVisitor, bearer } from '../visitors-route.ts'
import { summary, type LiveDesk } from './desk.ts'
import { parseEventId, type Stamped } from './hub.ts'
import { liveSseResponse, type LiveSseSink } from './sse.ts'

export interface VisitorLiveRouteOptions {
  desk: LiveDesk
  /** Where the visitors' tokens are checked (the event store). */
  tokens: EventStore
}

const isClosing = (e: VisitorLiveEvent) => e.event === 'status' && e.data.status === 'closed'

async function openConversation(desk: LiveDesk, visitorId: string) {
  const open = await desk.openFor(visitorId)
  if (!open) throw new ApiError(409, 'conflict', 'This visitor has no open live conversation')
  return open
}

export function visitorLiveRoute({ desk, tokens }: VisitorLiveRouteOptions): Hono {
  const route = new Hono()
  route.use('*', async (c, next) => {
    bearer(c) // 401 before anything is read
    await next()
    c.header('cache-control', 'no-store')
  })

  route.get('/', async (c) => {
    const visitorId = c.req.query('visitorId') ?? ''
    if (!visitorId) throw new ApiError(400, 'invalid_request', 'visitorId: the visitor id is required')
    await authorizeVisitor(c, tokens, visitorId)
    const known = (await desk.openFor(visitorId)) ?? (await desk.conversations.latestFor(visitorId))
    if (!known) throw new ApiError(404, 'not_found', 'This visitor has no live conversation')
    // The header, or `?lastEventId=` where a cross-origin preflight does not allow the header.
    const after = parseEventId(c.req.header('last-event-id') ?? c.req.query('lastEventId'))
    return liveSseResponse((sink) => streamVisitor(desk, visitorId, known.id, after, sink), { heartbeatMs: desk.hub.heartbeatMs, signal: c.req.raw.signal })
  })

  route.post('/messages', async (c) => {
    const body = await readJson(c, VisitorLiveMessageBodySchema)
    await authorizeVisitor(c, tokens, body.visitorId)
    const open = await openConversation(desk, body.visitorId)
    const message = await desk.append(open, { role: 'user', content: maskPII(body.text) })
    return c.json({ message: { ...message, conversationId: open.id } }, 201)
  })

  route.post('/leave', async (c) => {
    const body = await readJson(c, VisitorLeaveBodySchema)
    await authorizeVisitor(c, tokens, body.visitorId)
    const open = await openConversation(desk, body.visitorId)
    return c.json({ conversation: summary(await desk.end(open.id, 'released', 'visitor')) })
  })

  return route
}

async function streamVisitor(desk: LiveDesk, visitorId: string, conversationId: string, after: number | undefined, sink: LiveSseSink): Promise<() => void> {
  const send = (e: Stamped<VisitorLiveEvent>) => {
    sink.send({ id: e.id, ...e.event })
    if (isClosing(e.event)) sink.end()
  }
  // Listening starts before the state is read; what arrives meanwhile waits, so nothing slips between.
  const held: Stamped<VisitorLiveEvent>[] = []
  let forward: ((e: Stamped<VisitorLiveEvent>) => void) | undefined
  const subscription = await desk.hub.subscribeVisitor(visitorId, after, (e) => (forward ? forward(e) : held.push(e)))
  const { cursor, missed } = subscription
  const conversation = await desk.conversations.get(conversationId)
  if (!conversation) {
    sink.end() // erased meanwhile
    return () => subscription.close()
  }
  let closedSent = false
  if (missed && after !== undefined) {
    for (const e of missed) {
      sink.send({ id: e.id, ...e.event })
      closedSent ||= isClosing(e.event)
    }
  } else {
    const { id, status, outcome, agent } = conversation
    sink.send({ id: cursor, event: 'status', data: { conversationId: id, status, ...(outcome && { outcome }), ...(agent && { agent }), ...(status === 'waiting' && { waitMs: desk.waitMs }) } })
    for (const m of conversation.messages) if (m.role === 'agent') sink.send({ id: cursor, event: 'message', data: { ...m, conversationId: id } })
    closedSent = status === 'closed'
  }
  if (conversation.status === 'closed') {
    if (!closedSent) sink.send({ id: cursor, event: 'status', data: { conversationId, status: 'closed', ...(conversation.outcome && { outcome: conversation.outcome }) } })
    sink.end()
    return () => subscription.close()
  }
  forward = (e) => e.id > cursor && send(e)
  held.forEach(forward)
  return () => subscription.close()
}
