// POST /v1/chat: validate, understand the turn, answer as a stream of server-sent events.
import { Hono } from 'hono'
import { ChatRequestSchema } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { chatEvents } from './chat-events.ts'
import { prepareTurn } from './chat-turn.ts'
import { sseResponse } from './sse-response.ts'
import { readJson } from './validate.ts'

export function chatRoute(deps: AppDeps): Hono {
  const route = new Hono()
  route.post('/', async (c) => {
    const request = await readJson(c, ChatRequestSchema)
    const turn = prepareTurn(request, deps.catalog, deps.config)
    const reply = { firstTokenTimeoutMs: deps.firstTokenTimeoutMs, log: deps.log }
    return sseResponse(
      (signal) => chatEvents(turn, request.profile, { model: deps.model, offline: deps.offline, config: deps.config, reply }, signal),
      c.req.raw.signal,
    )
  })
  return route
}
