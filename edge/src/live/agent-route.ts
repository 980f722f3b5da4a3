// The agent API (CONTRACT §6), bearer HUIKE_AGENT_TOKEN (none → 401, another → 403). Mount:
// app.route('/v1/agent', agentLiveRoute({ desk, token })).
//   GET  /conversations?status=waiting|active|closed&limit=N → {conversations}, newest first
//   GET  /conversations/:id                → the conversation, its messages and what is known of the visitor
//   POST /conversations/:id/take           {agent?}          → {conversation}; held by another or closed → 409
//   POST /conversations/:id/messages       {text, agent?}    → 201 {message}; a waiting one is taken first
//   POST /conversations/:id/typing         {agent?, typing}  → 204
//   POST /conversations/:id/release        {agent?}          → {conversation}: back to the assistant
//   POST /conversations/:id/close          {agent?}          → {conversation}: ended
//   GET  /stream  (SSE of AgentLiveEvent for all conversations; Last-Event-ID, or ?lastEventId=, resumes)
import { Hono, type Context } from 'hono'
import { z } from 'zod'
import { AgentActionBodySchema, AgentMessageBodySchema, AgentTypingBodySchema, CONVERSATION_STATUSES, type AgentLiveEvent } from '../../../shared/live.ts'
import { agentBearer } from '../middleware/bearer.ts'
import { ApiError } from '../errors.ts'
import { describeIssues, parseJsonText } from '../validate.ts'
import { DEFAULT_AGENT, summary, type LiveDesk } from './desk.ts'
import { parseEventId, type Stamped } from './hub.ts'
import { liveSseResponse } from './sse.ts'

export interface AgentLiveRouteOptions {
  desk: LiveDesk
  /** HUIKE_AGENT_TOKEN. */
  token: string
}

/** The queue is a list a person reads: a few hundred at most. */
const MAX_LIST = 500
const ListQuerySchema = z.object({
  status: z.enum(CONVERSATION_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIST).default(100),
})

/** The body, checked; an empty body is `{}` (the actions need nothing). */
async function body<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = (await c.req.text()).trim()
  const result = schema.safeParse(text ? parseJsonText(text) : {})
  if (!result.success) throw new ApiError(400, 'invalid_request', describeIssues(result.error.issues))
  return result.data
}

export function agentLiveRoute({ desk, token }: AgentLiveRouteOptions): Hono {
  const route = new Hono()
  route.use('/conversations', agentBearer(token))
  route.use('/conversations/*', agentBearer(token))
  route.use('/stream', agentBearer(token))
  route.use('*', async (c, next) => {
    await next()
    c.header('cache-control', 'no-store')
  })

  route.get('/conversations', async (c) => {
    const query = ListQuerySchema.safeParse(c.req.query())
    if (!query.success) throw new ApiError(400, 'invalid_request', describeIssues(query.error.issues))
    await desk.expireOverdue()
    const conversations = await desk.conversations.list(query.data)
    return c.json({ conversations: conversations.map(summary) })
  })

  route.get('/conversations/:id', async (c) => {
    await desk.expireOverdue()
    const conversation = await desk.conversations.get(c.req.param('id'))
    if (!conversation) throw new ApiError(404, 'not_found', 'No such conversation')
    const { sessionId: _, ...detail } = conversation
    return c.json(detail)
  })

  route.post('/conversations/:id/take', async (c) => {
    const { agent = DEFAULT_AGENT } = await body(c, AgentActionBodySchema)
    return c.json({ conversation: summary(await desk.take(c.req.param('id'), agent)) })
  })

  route.post('/conversations/:id/messages', async (c) => {
    const { text, agent = DEFAULT_AGENT } = await body(c, AgentMessageBodySchema)
    return c.json({ message: await desk.agentMessage(c.req.param('id'), agent, text) }, 201)
  })

  route.post('/conversations/:id/typing', async (c) => {
    const { agent = DEFAULT_AGENT, typing } = await body(c, AgentTypingBodySchema)
    await desk.typing(c.req.param('id'), agent, typing)
    return c.body(null, 204)
  })

  route.post('/conversations/:id/release', async (c) => {
    await body(c, AgentActionBodySchema)
    return c.json({ conversation: summary(await desk.end(c.req.param('id'), 'released', 'agent')) })
  })

  route.post('/conversations/:id/close', async (c) => {
    await body(c, AgentActionBodySchema)
    return c.json({ conversation: summary(await desk.end(c.req.param('id'), 'closed', 'agent')) })
  })

  // One stream per console: every conversation's changes and messages. Without Last-Event-ID (or
  // after a gap) the open conversations come first, so a console never misses one in the queue.
  route.get('/stream', async (c) => {
    await desk.expireOverdue()
    const after = parseEventId(c.req.header('last-event-id') ?? c.req.query('lastEventId'))
    return liveSseResponse(
      async (sink) => {
        // Events that arrive while the snapshot is read wait for it, so the console gets them in order.
        const held: Stamped<AgentLiveEvent>[] = []
        let forward: ((e: Stamped<AgentLiveEvent>) => void) | undefined
        const subscription = await desk.hub.subscribeAgents(after, (e) => (forward ? forward(e) : held.push(e)))
        const { cursor, missed } = subscription
        if (missed && after !== undefined) {
          for (const e of missed) sink.send({ id: e.id, ...e.event })
        } else {
          const open = [...(await desk.conversations.list({ status: 'active', limit: MAX_LIST })), ...(await desk.conversations.list({ status: 'waiting', limit: MAX_LIST }))]
          for (const conversation of open.sort((a, b) => a.since - b.since)) sink.send({ id: cursor, event: 'conversation', data: summary(conversation) })
        }
        forward = (e) => e.id > cursor && sink.send({ id: e.id, ...e.event })
        held.forEach(forward)
        return () => subscription.close()
      },
      { heartbeatMs: desk.hub.heartbeatMs, signal: c.req.raw.signal },
    )
  })

  return route
}
