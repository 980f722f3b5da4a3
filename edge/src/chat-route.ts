// POST /v1/chat: validate, trust only a verified customer (identity.ts), join their profile from other
// channels, then answer the turn (answer-turn.ts) as a stream of server-sent events.
import { Hono } from 'hono'
import { ChatRequestSchema, type VisitorProfile } from '../../shared/protocol.ts'
import type { AppDeps } from './app.ts'
import { createTurnAnswerer, normalizeRequest } from './answer-turn.ts'
import { inBackground } from './background.ts'
import { rememberCustomerProfile, withCustomerProfile } from './channels/customer-profile.ts'
import { trustedProfile } from './identity.ts'
import { sseResponse } from './sse-response.ts'
import { readJson } from './validate.ts'

export function chatRoute(deps: AppDeps): Hono {
  const route = new Hono()
  const answerTurn = createTurnAnswerer(deps)
  route.post('/', async (c) => {
    const parsed = await readJson(c, ChatRequestSchema)
    const trusted = await trustedProfile(parsed.profile, deps.identitySecret)
    // A verified customer's profile from their other channels (app, WeChat) joins this device's.
    const visitors = deps.channels?.visitors
    const profile = visitors ? await withCustomerProfile(visitors, trusted) : trusted
    const request = normalizeRequest({ ...parsed, profile }, c.req.header('cf-ipcountry'))
    const background = (task: Promise<unknown>) => inBackground(c, task)
    const onProfile = visitors && profile.customer ? (patch: VisitorProfile) => background(rememberCustomerProfile(visitors, trusted, patch).catch((err: unknown) => deps.log?.(`huike: customer profile not kept: ${err instanceof Error ? err.message : String(err)}`))) : undefined
    const answer = await answerTurn(request, { channel: 'web', background, ...(onProfile && { onProfile }) })
    return sseResponse(answer, c.req.raw.signal)
  })
  return route
}
