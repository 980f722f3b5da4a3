// POST /v1/chat: validate, then answer the turn (answer-turn.ts) as a stream of server-sent events.
import { Hono } from 'hono'
import { ChatRequestSchema } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { createTurnAnswerer, normalizeRequest } from './answer-turn.ts'
import { inBackground } from './background.ts'
import { sseResponse } from './sse-response.ts'
import { readJson } from './validate.ts'

export function chatRoute(deps: AppDeps): Hono {
  const route = new Hono()
  const answerTurn = createTurnAnswerer(deps)
  route.post('/', async (c) => {
    const request = normalizeRequest(await readJson(c, ChatRequestSchema), c.req.header('cf-ipcountry'))
    const answer = await answerTurn(request, { channel: 'web', background: (task) => inBackground(c, task) })
    return sseResponse(answer, c.req.raw.signal)
  })
  return route
}
